"""The translators' review: source and target side by side, row by row.

One row per alignment link; a side with no sentence is a gap.  Figures and
names are highlighted; each discrepancy is shown on the row of its sentences.
The HTML page is self-contained (inline CSS, no scripts) and escapes every
piece of document text, which is scraped content.  ``render_terminal`` prints
the same rows for a terminal.
"""
from __future__ import annotations

import html
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from .. import store
from ..check.qa import Decisions, finding_key
from ..document import Document, Sentence
from ..errors import CorpusToolError


@dataclass
class Row:
    position: int
    source: list[Sentence]
    target: list[Sentence]
    score: float | None
    findings: list[dict] = field(default_factory=list)

    @property
    def link(self) -> str:
        return f"{len(self.source)}:{len(self.target)}"


@dataclass
class Review:
    pair_id: int
    source: Document
    target: Document
    score: float
    method: str
    rows: list[Row]
    document_findings: list[dict]


def build_review(conn: sqlite3.Connection, pair_id: int, decisions: Decisions | None = None) -> Review:
    """The review of one pair; findings a translator dismissed (``decisions``, keyed by the text of
    their sentence, as ``corpus-tool qa`` keys them) are left out."""
    pair = next((p for p in store.load_pairs(conn) if p.id == pair_id), None)
    if pair is None:
        raise CorpusToolError(f"no translation pair with id {pair_id}")
    source = store.load_document(conn, pair.source_document_id)
    target = store.load_document(conn, pair.target_document_id)
    src_by_id = {s.id: s for s in source.sentences}
    tgt_by_id = {s.id: s for s in target.sentences}
    rows = [Row(a.position, [src_by_id[i] for i in a.source_sentence_ids],
                [tgt_by_id[i] for i in a.target_sentence_ids], a.score)
            for a in store.load_alignments(conn, pair_id)]
    row_of_sentence: dict[int | None, Row] = {}
    for row in rows:
        for s in row.source + row.target:
            row_of_sentence[s.id] = row
    unplaced: list[dict] = []
    ids = {source.id, target.id}
    for finding in store.load_discrepancies(conn):
        if finding["pair_id"] != pair_id and not (finding["document_id"] in ids and finding["kind"] in
                                                  ("internal-conflict", "name-variant", "source-conflict")):
            continue
        if decisions and decisions.dismissed:
            sentence = src_by_id.get(finding["sentence_id"]) or tgt_by_id.get(finding["other_sentence_id"])
            if sentence is not None and finding_key(finding, sentence.text) in decisions:
                continue
        placed = row_of_sentence.get(finding["sentence_id"]) or row_of_sentence.get(finding["other_sentence_id"])
        (placed.findings if placed else unplaced).append(finding)
    return Review(pair_id, source, target, pair.score, pair.method, rows, unplaced)


def _spans(doc: Document, sentence: Sentence) -> list[tuple[int, int, str, str]]:
    """(start, end, css class, tooltip) of figures and names inside ``sentence``, relative to it."""
    spans = []
    for f in doc.figures:
        if sentence.start <= f.start and f.end <= sentence.end:
            tip = f"{f.metric}: {f.value if f.value is not None else 'vague'}" + (
                f" ({f.low}–{f.high})" if f.low is not None or f.high is not None else "")
            spans.append((f.start - sentence.start, f.end - sentence.start, "num", tip))
    for m in doc.mentions:
        if sentence.start <= m.start and m.end <= sentence.end:
            spans.append((m.start - sentence.start, m.end - sentence.start, "name", m.title or "person"))
    spans.sort()
    kept, last_end = [], -1
    for span in spans:  # overlapping highlights would break the markup: keep the first
        if span[0] >= last_end:
            kept.append(span)
            last_end = span[1]
    return kept


def _highlight(doc: Document, sentence: Sentence) -> str:
    text, out, pos = sentence.text, [], 0
    for start, end, css, tip in _spans(doc, sentence):
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark class="{css}" title="{html.escape(tip)}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4em .6em;vertical-align:top}
th{background:#f3f3f3;text-align:left}td.pos{color:#888;width:3em}td.gap{background:repeating-linear-gradient(
45deg,#fafafa,#fafafa 6px,#eee 6px,#eee 12px);color:#999;font-style:italic}
mark.num{background:#ffe08a}mark.name{background:#cde7ff}
tr.flagged td{border-left:3px solid #d33}.finding{margin:.3em 0 0;padding:.2em .5em;background:#fdecec;
font-size:13px}.finding b{color:#a00}.meta{color:#666}
"""


def render_html(review: Review) -> str:
    e = html.escape
    name = lambda d: os.path.basename(d.source)  # noqa: E731
    parts = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
             f"<title>Review: {e(name(review.source))} → {e(name(review.target))}</title><style>{_CSS}</style>"
             f"</head><body><h1>Translation review</h1>"
             f"<p class=\"meta\">Source <b>{e(name(review.source))}</b> ({e(review.source.lang or '?')}) → "
             f"target <b>{e(name(review.target))}</b> ({e(review.target.lang or '?')}); pair score "
             f"{review.score:.2f} ({e(review.method)}); {len(review.rows)} rows, "
             f"{sum(len(r.findings) for r in review.rows)} findings in place. "
             f"<mark class=\"num\">figures</mark> <mark class=\"name\">names</mark></p>"]
    if review.document_findings:
        parts.append("<h2>Document findings</h2>")
        parts += [_finding_html(f) for f in review.document_findings]
    parts.append("<table><tr><th>#</th><th>link</th><th>source</th><th>target</th></tr>")
    for row in review.rows:
        src = " ".join(_highlight(review.source, s) for s in row.source) or "(not in the source)"
        tgt = " ".join(_highlight(review.target, s) for s in row.target) or "(not in the translation)"
        findings = "".join(_finding_html(f) for f in row.findings)
        flagged = ' class="flagged"' if row.findings else ""
        src_gap = ' class="gap"' if not row.source else ""
        tgt_gap = ' class="gap"' if not row.target else ""
        parts.append(f'<tr{flagged}><td class="pos">{row.position}</td><td class="pos">{row.link}</td>'
                     f"<td{src_gap}>{src}</td><td{tgt_gap}>{tgt}{findings}</td></tr>")
    parts.append("</table></body></html>")
    return "\n".join(parts)


def _finding_html(f: dict) -> str:
    return (f"<div class=\"finding\"><b>{html.escape(f['kind'])}</b> "
            f"[{f['severity']:.0f}] {html.escape(f['message'])}</div>")


# Bytes of each document's part of a review page's name: two of them and the pair id stay far below
# the 255 bytes a file system allows in a name, however long the documents' file names.
_NAME_PART_BYTES = 80


def _name_part(source: str) -> str:
    stem = re.sub(r"[^\w.\-]+", "_", Path(source).stem).strip("_") or "document"
    return stem.encode("utf-8")[:_NAME_PART_BYTES].decode("utf-8", "ignore")


def write_reviews(conn: sqlite3.Connection, out_dir: str | Path, pair_ids: list[int] | None = None,
                  decisions: Decisions | None = None) -> list[Path]:
    """One HTML page per pair (all pairs by default), dismissed findings left out; returns the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for pair_id in pair_ids or store.pair_ids(conn):
        review = build_review(conn, pair_id, decisions)
        path = out_dir / (f"pair-{pair_id}-{_name_part(review.source.source)}"
                          f"-{_name_part(review.target.source)}.html")
        path.write_text(render_html(review), encoding="utf-8")
        written.append(path)
    return written


def render_terminal(review: Review, console: Console) -> None:
    """The same review as rows of text: '-' source, '+' target, '!' findings."""
    console.print(f"[bold]{escape(os.path.basename(review.source.source))} → "
                  f"{escape(os.path.basename(review.target.source))}[/bold] (score {review.score:.2f})")
    for f in review.document_findings:
        console.print(f"  [red]![/red] {escape(f['kind'])}: {escape(f['message'])}")
    for row in review.rows:
        console.print(f"[dim]{row.position:>3} {escape(row.link)}[/dim]")
        for s in row.source:
            console.print(f"  [cyan]-[/cyan] {escape(s.text)}")
        if not row.source:
            console.print("  [cyan]-[/cyan] [dim](not in the source)[/dim]")
        for s in row.target:
            console.print(f"  [green]+[/green] {escape(s.text)}")
        if not row.target:
            console.print("  [green]+[/green] [dim](not in the translation)[/dim]")
        for f in row.findings:
            console.print(f"  [red]! {escape(f['kind'])}[/red] {escape(f['message'])}")
