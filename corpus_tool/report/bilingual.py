"""Translators' bilingual files in and out: XLIFF 1.2 and 2.0, TMX 1.4, two-column TSV or CSV.

Reading gives the units (source and target text, inline codes left out) and where each sits in
the file's bytes.  Writing splices the QA annotations into the original bytes at those places and
changes nothing else: no re-serialisation, so namespaces, prefixes, inline tags (``<g>``, ``<x/>``,
``<pc>``, ``<ph>``), comments, notes, states and white space stay as they were.

Placement of the annotations (ITS 2.0 Localization Quality Issue, namespace
``http://www.w3.org/2005/11/its``, ``its:version="2.0"`` on the root):

- XLIFF 2.x: the XLIFF 2.1 ITS module.  The target's content is wrapped in
  ``<mrk id="…" type="its:generic" its:locQualityIssuesRef="#…">`` and the issues are standoff
  ``<its:locQualityIssues xml:id="…">`` with one ``<its:locQualityIssue>`` each, as the first child
  of ``<unit>`` (where XLIFF 2.0's schema admits elements of other namespaces).
- XLIFF 1.2: the target's content is wrapped in ``<mrk mtype="x-its" its:locQualityIssuesRef="#…">``
  and the standoff ``<its:locQualityIssues>`` is the last child of ``<trans-unit>`` (where XLIFF
  1.2's schema admits elements of other namespaces).
- TMX 1.4 has no place for ITS: each issue is a ``<note>`` opening the ``<tu>`` (TMX allows notes
  before the variants), its text starting ``[QA``.
- TSV/CSV: the same rows with one column ``qa`` added.
"""
from __future__ import annotations

import csv
import io
import re
import xml.parsers.expat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..check.qa import QAIssue
from ..errors import UnsupportedFormat

ITS = "http://www.w3.org/2005/11/its"
XML = "http://www.w3.org/XML/1998/namespace"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2 = ("urn:oasis:names:tc:xliff:document:2.0", "urn:oasis:names:tc:xliff:document:2.1",
          "urn:oasis:names:tc:xliff:document:2.2")
# Elements whose content is native code, not text (XLIFF 1.2 and TMX inline codes; XLIFF 2 codes are empty).
CODE_ELEMENTS = {"bpt", "ept", "ph", "it", "ut", "sub", "originalData"}
FORMATS = ("xliff12", "xliff20", "tmx", "tsv", "csv")


_ATTR = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# The element whose <source> and <target> are one unit's texts, in each XLIFF version.
SEGMENT_ELEMENT = {"xliff12": "trans-unit", "xliff20": "segment"}

def quoted(text: str) -> str:
    """Text escaped for an XML attribute or element (XML-illegal characters dropped)."""
    return "".join(_ATTR.get(c, c) for c in _ILLEGAL.sub("", text))


@dataclass
class Unit:
    """One bilingual unit and where to annotate it in the file's bytes."""

    id: str
    source: str = ""
    target: str = ""
    has_target: bool = False
    target_open_end: int | None = None   # just after the '>' of the target's start tag
    target_close: int | None = None      # at the '</' of the target's end tag
    container_insert: int | None = None  # where the standoff issues (or TMX notes) go
    row: list[str] = field(default_factory=list)  # TSV/CSV: the row as read


@dataclass
class Bilingual:
    """A bilingual file as read: its format, languages, units and bytes."""

    format: str
    units: list[Unit]
    src_lang: str | None = None
    tgt_lang: str | None = None
    data: bytes = b""
    root_insert: int | None = None       # where the ITS namespace declaration goes in the root start tag
    declares_its: bool = False
    has_its_version: bool = False
    header: list[str] | None = None      # TSV/CSV header row, if any
    delimiter: str = "\t"


def _tag_end(data: bytes, start: int) -> int:
    """Offset of the '>' closing the tag that opens at ``start`` (quotes respected)."""
    quote = None
    for i in range(start, len(data)):
        c = data[i]
        if quote:
            if c == quote:
                quote = None
        elif c in (0x22, 0x27):
            quote = c
        elif c == 0x3E:
            return i
    raise UnsupportedFormat("unterminated tag")


def _local(name: str) -> tuple[str, str]:
    uri, _, local = name.rpartition(" ")
    return uri, local


def _read_xml(data: bytes, path: str) -> Bilingual:
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    stack: list[tuple[str, str, int]] = []  # (uri, local, start offset)
    units: list[Unit] = []
    state: dict = {"fmt": None, "unit": None, "side": None, "code": 0, "container_open": None,
                   "trans_unit": None, "tu_langs": [], "tu_texts": []}
    doc = Bilingual("", [], data=data)

    def start(name, attrs):
        uri, local = _local(name)
        at = parser.CurrentByteIndex
        parent = stack[-1][1] if stack else None
        stack.append((uri, local, at))
        if len(stack) == 1:
            if uri == XLIFF12 and local == "xliff":
                state["fmt"] = "xliff12"
            elif uri in XLIFF2 and local == "xliff":
                state["fmt"] = "xliff20"
                doc.src_lang, doc.tgt_lang = attrs.get("srcLang"), attrs.get("trgLang")
            elif local == "tmx":
                state["fmt"] = "tmx"
            else:
                raise UnsupportedFormat(f"{path}: not XLIFF or TMX (root element <{local}>)")
            end = _tag_end(data, at)
            doc.root_insert = end - 1 if data[end - 1:end] == b"/" else end
            doc.has_its_version = f"{ITS} version" in attrs
            return
        fmt = state["fmt"]
        if state["code"]:
            state["code"] += 1
            return
        if fmt in SEGMENT_ELEMENT:
            if fmt == "xliff12" and local == "file" and not doc.src_lang:
                doc.src_lang, doc.tgt_lang = attrs.get("source-language"), attrs.get("target-language")
            if fmt == "xliff12" and local == "trans-unit":
                state["unit"] = Unit(attrs.get("id", str(len(units) + 1)))
            elif fmt == "xliff20" and local == "unit":
                state["container_open"] = _tag_end(data, at) + 1
                state["unit_id"] = attrs.get("id", str(len(units) + 1))
            elif fmt == "xliff20" and local == "segment":
                seg = attrs.get("id")
                unit = Unit(f"{state.get('unit_id')}" + (f"/{seg}" if seg else ""))
                unit.container_insert = state["container_open"]
                state["unit"] = unit
            elif local in ("source", "target") and parent == SEGMENT_ELEMENT[fmt] and state["unit"]:
                state["side"] = local
                if local == "target":
                    _open_target(state["unit"], at)
            elif local in CODE_ELEMENTS and state["side"]:
                state["code"] = 1
        elif fmt == "tmx":
            if local == "header":
                doc.src_lang = attrs.get("srclang")
            elif local == "tu":
                state["unit"] = Unit(attrs.get("tuid", str(len(units) + 1)))
                state["unit"].container_insert = _tag_end(data, at) + 1
                state["tu_langs"], state["tu_texts"] = [], []
            elif local == "tuv" and state["unit"]:
                state["tu_langs"].append(attrs.get(f"{XML} lang") or attrs.get("lang") or "")
                state["tu_texts"].append([])
            elif local == "seg" and state["unit"]:
                state["side"] = "seg"
            elif local in CODE_ELEMENTS and state["side"]:
                state["code"] = 1

    def _open_target(unit: Unit, at: int) -> None:
        end = _tag_end(data, at)
        unit.has_target = True
        if data[end - 1:end] != b"/":  # <target/> has no content to wrap
            unit.target_open_end = end + 1

    def end_el(name):
        uri, local, began = stack.pop()
        at = parser.CurrentByteIndex
        if state["code"]:
            state["code"] -= 1
            return
        unit: Unit | None = state["unit"]
        fmt = state["fmt"]
        if local in ("source", "target", "seg") and state["side"] and len(stack) >= 1:
            if local == "target" and unit and unit.target_open_end is not None and at != began:
                unit.target_close = at
            state["side"] = None
        if fmt == "xliff12" and local == "trans-unit" and unit:
            unit.container_insert = at
            units.append(unit)
            state["unit"] = None
        elif fmt == "xliff20" and local == "segment" and unit:
            units.append(unit)
            state["unit"] = None
        elif fmt == "tmx" and local == "tu" and unit:
            langs, texts = state["tu_langs"], ["".join(t) for t in state["tu_texts"]]
            src_at = next((i for i, lang in enumerate(langs) if doc.src_lang and
                           lang.lower().startswith(doc.src_lang.lower().split("-")[0]) and
                           doc.src_lang != "*all*"), 0)
            if texts:
                unit.source = texts[src_at]
                others = [i for i in range(len(texts)) if i != src_at]
                if others:
                    unit.target, unit.has_target = texts[others[0]], True
                    if not doc.tgt_lang:
                        doc.tgt_lang = langs[others[0]]
                if not doc.src_lang or doc.src_lang == "*all*":
                    doc.src_lang = langs[src_at]
            units.append(unit)
            state["unit"] = None

    def chars(text):
        if state["code"] or not state["side"] or state["unit"] is None:
            return
        if state["fmt"] == "tmx":
            if state["tu_texts"]:
                state["tu_texts"][-1].append(text)
        elif state["side"] == "source":
            state["unit"].source += text
        else:
            state["unit"].target += text

    def ns_start(prefix, uri):
        if uri == ITS and prefix == "its" and len(stack) == 0:
            doc.declares_its = True

    parser.StartElementHandler = start
    parser.EndElementHandler = end_el
    parser.CharacterDataHandler = chars
    parser.StartNamespaceDeclHandler = ns_start
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise UnsupportedFormat(f"{path}: not well-formed XML ({exc})") from None
    doc.format, doc.units = state["fmt"], units
    return doc


def _read_table(data: bytes, path: str, delimiter: str) -> Bilingual:
    text = data.decode("utf-8-sig")
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if r]
    if not rows or any(len(r) < 2 for r in rows):
        raise UnsupportedFormat(f"{path}: expected two columns (source, target) on every line")
    header = None
    first = [c.strip().lower() for c in rows[0][:2]]
    if first[0] in ("source", "src") or re.fullmatch(r"[a-z]{2,3}(?:[-_][a-z0-9]+)?", first[0] or "-") and \
            re.fullmatch(r"[a-z]{2,3}(?:[-_][a-z0-9]+)?", first[1] or "-"):
        header, rows = rows[0], rows[1:]
    doc = Bilingual("csv" if delimiter == "," else "tsv",
                    [Unit(f"row {n}", r[0], r[1], bool(r[1].strip()), row=r)
                     for n, r in enumerate(rows, 2 if header else 1)], data=data, header=header,
                    delimiter=delimiter)
    if header and first[0] not in ("source", "src"):
        doc.src_lang, doc.tgt_lang = first[0].split("-")[0].split("_")[0], first[1].split("-")[0].split("_")[0]
    return doc


def read_bilingual(path: str | Path) -> Bilingual:
    """Read an XLIFF 1.2/2.x, TMX or two-column TSV/CSV file (the kind is read from the content)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnsupportedFormat(f"cannot read {path}: {exc.strerror}") from None
    return parse_bilingual(data, path)


def parse_bilingual(data: bytes, path: str | Path = "<bytes>") -> Bilingual:
    """``read_bilingual`` on bytes; ``path`` names the file in errors and picks CSV by its suffix."""
    path = Path(path)
    head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        declared = re.search(rb"encoding=[\"']([\w.-]+)", data[:200])
        if declared and declared.group(1).lower() not in (b"utf-8", b"utf8", b"us-ascii", b"ascii"):
            raise UnsupportedFormat(f"{path}: encoding {declared.group(1).decode()} (UTF-8 expected)")
        return _read_xml(data, str(path))
    delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    try:
        return _read_table(data, str(path), delimiter)
    except UnicodeDecodeError:
        raise UnsupportedFormat(f"{path}: not UTF-8 text") from None


# ---------------------------------------------------------------- writing

def _its_issue(issue: QAIssue) -> str:
    return (f'<its:locQualityIssue locQualityIssueType="{quoted(issue.its_type)}" '
            f'locQualityIssueComment="{quoted(issue.message)}" '
            f'locQualityIssueSeverity="{round(issue.severity, 1):g}"/>')


def annotate(doc: Bilingual, issues: Iterable[QAIssue]) -> bytes:
    """The file's own bytes with the issues added (dismissed issues left out)."""
    by_unit: dict[int, list[QAIssue]] = {}
    for issue in issues:
        if not issue.dismissed:
            by_unit.setdefault(issue.unit, []).append(issue)
    if doc.format in ("tsv", "csv"):
        return _annotate_table(doc, by_unit)
    inserts: list[tuple[int, int, bytes]] = []  # (offset, order, bytes): order keeps closers before openers
    for n, unit in enumerate(doc.units):
        found = by_unit.get(n)
        if not found:
            continue
        ref = f"lqi-{n + 1}"
        if doc.format == "tmx":
            notes = "".join(f"<note>[QA {quoted(i.its_type)} {round(i.severity):d} id={i.id}] "
                            f"{quoted(i.message)}</note>" for i in found)
            inserts.append((unit.container_insert or 0, 1, notes.encode("utf-8")))
            continue
        standoff = (f'<its:locQualityIssues xml:id="{ref}">' + "".join(_its_issue(i) for i in found)
                    + "</its:locQualityIssues>").encode("utf-8")
        inserts.append((unit.container_insert or 0, 2, standoff))
        if unit.target_open_end is not None and unit.target_close is not None:
            if doc.format == "xliff20":
                opener = f'<mrk id="m{ref}" type="its:generic" its:locQualityIssuesRef="#{ref}">'
            else:
                opener = f'<mrk mtype="x-its" its:locQualityIssuesRef="#{ref}">'
            inserts.append((unit.target_open_end, 3, opener.encode("utf-8")))
            inserts.append((unit.target_close, 0, b"</mrk>"))
    if not inserts:
        return doc.data
    if doc.format != "tmx" and doc.root_insert is not None:
        decl = ("" if doc.declares_its else f' xmlns:its="{ITS}"') + ("" if doc.has_its_version else
                                                                     ' its:version="2.0"')
        inserts.append((doc.root_insert, 0, decl.encode("utf-8")))
    out, pos = [], 0
    for offset, _, text in sorted(inserts, key=lambda x: (x[0], x[1])):
        out.append(doc.data[pos:offset])
        out.append(text)
        pos = offset
    out.append(doc.data[pos:])
    return b"".join(out)


def _annotate_table(doc: Bilingual, by_unit: dict[int, list[QAIssue]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=doc.delimiter, lineterminator="\n")
    if doc.header is not None:
        writer.writerow([*doc.header, "qa"])
    for n, unit in enumerate(doc.units):
        writer.writerow([*unit.row, "; ".join(f"[{i.kind} {round(i.severity):d}] {i.message}"
                                              for i in by_unit.get(n, []))])
    return buffer.getvalue().encode("utf-8")


CSV_COLUMNS = ("id", "unit_id", "kind", "its_type", "severity", "message", "value", "other_value", "source",
               "target", "dismissed")


def issues_csv(issues: Sequence[QAIssue]) -> str:
    """The issues as CSV, one a row (dismissed ones included, marked)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for issue in issues:
        row = issue.as_dict()
        writer.writerow(["" if row[c] is None else row[c] for c in CSV_COLUMNS])
    return buffer.getvalue()
