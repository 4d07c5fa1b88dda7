"""Termbases: the user's TBX (TBX-Basic, TBX v2 or v3) or two-column CSV in; our glossary out as TBX-Basic.

A termbase entry becomes a glossary entry for the checked direction: the source term (inflected
forms allowed: a word may go on, "polisområdeschef" finds "polisområdeschefen") must be rendered by
one of the target terms of the same entry.  ``data/glossary.tsv`` stays the source of truth for our
own terms; ``glossary_tbx`` writes it for a CAT tool.
"""
from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..check.translation import english_words, term_entry
from ..errors import UnsupportedFormat
from ..resources import read_tsv
from .tmx import xml_text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _pattern(term: str) -> str:
    """A term as a pattern: spaces as any white space, each word open to inflection."""
    return r"\s+".join(re.escape(word) + r"\w*" for word in term.split())


def _base(lang: str | None) -> str:
    return (lang or "").lower().replace("_", "-").split("-")[0]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_termbase(path: str | Path, src_lang: str | None, tgt_lang: str | None) -> list[dict]:
    """Glossary entries (``check.translation.term_entry``) from a TBX or CSV termbase for one direction."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnsupportedFormat(f"cannot read the termbase {path}: {exc}") from None
    pairs = _tbx_pairs(text, path) if text.lstrip().startswith("<") else _csv_pairs(text, path, src_lang, tgt_lang)
    src, tgt = _base(src_lang), _base(tgt_lang)
    entries = []
    for terms in pairs:
        sources, targets = terms.get(src, []), terms.get(tgt, [])
        if sources and targets:
            entries.append(term_entry("|".join(_pattern(t) for t in sources),
                                      "|".join(_pattern(t) for t in targets), targets[0], "term"))
    return entries


def _tbx_pairs(text: str, path: Path) -> list[dict[str, list[str]]]:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise UnsupportedFormat(f"{path}: not well-formed TBX ({exc})") from None
    out = []
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        terms: dict[str, list[str]] = {}
        for lang_set in entry:
            if _local(lang_set.tag) not in ("langSet", "langSec"):
                continue
            lang = _base(lang_set.get(XML_LANG) or lang_set.get("lang"))
            for el in lang_set.iter():
                text = el.text or ""
                if _local(el.tag) == "term" and text.strip():
                    terms.setdefault(lang, []).append(" ".join(text.split()))
        out.append(terms)
    return out


def _csv_pairs(text: str, path: Path, src_lang: str | None, tgt_lang: str | None) -> list[dict[str, list[str]]]:
    delimiter = "\t" if "\t" in text.splitlines()[0] else ","
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if r and any(c.strip() for c in r)]
    if not rows or any(len(r) < 2 for r in rows):
        raise UnsupportedFormat(f"{path}: a CSV termbase has two columns (source term, target term)")
    head = [_base(c.strip()) for c in rows[0][:2]]
    if all(re.fullmatch(r"[a-z]{2,3}", h) for h in head):  # a header of language codes
        langs, rows = head, rows[1:]
    else:  # no header, or "source,target": the columns are the checked direction
        if head[0] in ("source", "src", "term"):
            rows = rows[1:]
        langs = [_base(src_lang), _base(tgt_lang)]
    return [{langs[0]: [r[0].strip()], langs[1]: [t.strip() for t in r[1].split("|") if t.strip()]}
            for r in rows if r[0].strip() and r[1].strip()]


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern ("a|b(c|d)" → "a", "b(c|d)")."""
    out, depth, current = [], 0, ""
    for char in pattern:
        if char == "|" and depth == 0:
            out.append(current)
            current = ""
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        current += char
    return out + [current]


def _plain(alternative: str) -> str | None:
    """An alternative of a pattern as a plain term (an ending ``\\w*`` or ``s?`` dropped), or None
    when it is more of a pattern than a term ("defector\\w*( program\\w*| service\\w*)?")."""
    match = re.fullmatch(r"([\w .'’-]+?)(\\w\*|s\?|\?)?", alternative)
    return match.group(1).strip() if match else None


def _english_term(alternative: str, swedish: set[str]) -> str | None:
    """An English alternative as a term: not a Swedish term kept as is, not a bare stem ("leav\\w*")."""
    term = _plain(alternative)
    if term is None or term.lower() in swedish:
        return None
    if alternative.endswith("\\w*") and term.split()[-1].lower() not in english_words():
        return None
    return term


def glossary_tbx() -> str:
    """Our glossary (``data/glossary.tsv``) as TBX-Basic: one entry per row, the preferred English term
    first, the other acceptable renderings after it, the kind and note as notes."""
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = ET.SubElement(root, "martifHeader")
    description = ET.SubElement(ET.SubElement(ET.SubElement(header, "fileDesc"), "sourceDesc"), "p")
    description.text = "corpus-tool glossary (Swedish–English police and city terms)"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for n, row in enumerate(read_tsv("glossary.tsv"), 1):
        entry = ET.SubElement(body, "termEntry", id=f"c{n}")
        note = f"kind: {row['kind']}" + (f"; {row['note']}" if row.get("note") else "")
        ET.SubElement(entry, "note").text = xml_text(note)
        swedish = [_plain(a) for a in _alternatives(row["sv"])]
        known = {t.lower() for t in swedish if t}
        english = [row["preferred"]] + [_english_term(a, known) for a in _alternatives(row["en"])]
        for lang, terms in (("sv", swedish), ("en", english)):
            lang_set = ET.SubElement(entry, "langSet", {XML_LANG: lang})
            seen: set[str] = set()
            for term in terms:
                if term and term.lower() not in seen:
                    seen.add(term.lower())
                    ET.SubElement(ET.SubElement(lang_set, "tig"), "term").text = xml_text(term)
    ET.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n'
            + ET.tostring(root, encoding="unicode") + "\n")
