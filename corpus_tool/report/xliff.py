"""XLIFF 2.0 bilingual files from aligned sentence pairs (for CAT tools).

One ``<unit>`` per alignment link with one ``<segment>``: source and target
text.  A source sentence with no translation gets a segment without target
(state ``initial``); a target sentence with no source is kept as a unit with
an empty source and a note, so nothing of the translation is lost.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from .tmx import xml_text

NS = "urn:oasis:names:tc:xliff:document:2.0"


def xliff_string(units: Iterable[tuple[str, str]], src_lang: str, tgt_lang: str, *,
                 original: str = "corpus-tool") -> str:
    ET.register_namespace("", NS)
    q = lambda tag: f"{{{NS}}}{tag}"  # noqa: E731
    root = ET.Element(q("xliff"), {"version": "2.0", "srcLang": src_lang or "und",
                                   "trgLang": tgt_lang or "und"})
    file_el = ET.SubElement(root, q("file"), id="f1", original=original)
    for number, (source, target) in enumerate(units, 1):
        unit = ET.SubElement(file_el, q("unit"), id=f"u{number}")
        if not source.strip():
            notes = ET.SubElement(unit, q("notes"))
            ET.SubElement(notes, q("note")).text = "target sentence without source (added in translation)"
        state = "translated" if source.strip() and target.strip() else "initial"
        segment = ET.SubElement(unit, q("segment"), id=f"s{number}", state=state)
        ET.SubElement(segment, q("source")).text = xml_text(source)
        if target.strip():
            ET.SubElement(segment, q("target")).text = xml_text(target)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def read_xliff(text: str) -> list[tuple[str, str]]:
    """(source, target) of each segment of an XLIFF 2.0 document, target "" when absent."""
    root = ET.fromstring(text)
    out = []
    for segment in root.iter(f"{{{NS}}}segment"):
        source = segment.find(f"{{{NS}}}source")
        target = segment.find(f"{{{NS}}}target")
        out.append(("".join(source.itertext()) if source is not None else "",
                    "".join(target.itertext()) if target is not None else ""))
    return out
