"""TMX 1.4 translation memories from aligned sentence pairs (for CAT tools).

Written and read with ``xml.etree``, so every document text is escaped.  A
unit is a (source text, target text) pair; merged sentences are joined by a
space; an omission (one side empty) is left out unless ``keep_omissions``.
"""
from __future__ import annotations

import datetime as _dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence

from ..version import __version__

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 cannot carry at all (scraped text sometimes holds them).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _ILLEGAL_XML.sub("", text or "")


def units_from_links(links: Iterable, src: Sequence[str], tgt: Sequence[str]) -> list[tuple[str, str]]:
    """(source text, target text) for each link; merged sentences joined by a space."""
    return [(" ".join(src[i] for i in link.src), " ".join(tgt[j] for j in link.tgt)) for link in links]


def tmx_string(units: Iterable[tuple[str, str]], src_lang: str, tgt_lang: str, *,
               keep_omissions: bool = False) -> str:
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", {
        "creationtool": "corpus-tool", "creationtoolversion": __version__, "segtype": "sentence",
        "o-tmf": "corpus-tool", "adminlang": "en", "srclang": src_lang or "und",
        "datatype": "plaintext",
        "creationdate": _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%SZ"),
    })
    body = ET.SubElement(root, "body")
    for number, (source, target) in enumerate(units, 1):
        if not keep_omissions and (not source.strip() or not target.strip()):
            continue
        tu = ET.SubElement(body, "tu", tuid=str(number))
        for lang, text in ((src_lang, source), (tgt_lang, target)):
            if text.strip():
                tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang or "und"})
                ET.SubElement(tuv, "seg").text = xml_text(text)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def read_tmx(text: str) -> list[dict[str, str]]:
    """Units of a TMX document as {language: segment text} (for round trips and tests)."""
    root = ET.fromstring(text)
    out: list[dict[str, str]] = []
    for tu in root.iter("tu"):
        unit: dict[str, str] = {}
        for tuv in tu.iter("tuv"):
            # A tuv without a language or without a seg is malformed TMX: keyed "" / read as empty.
            lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
            seg = tuv.find("seg")
            unit[lang] = "".join(seg.itertext()) if seg is not None else ""
        out.append(unit)
    return out
