"""Export figures, mentions and discrepancies as CSV or JSON Lines, with provenance.

Every row carries where it comes from: the document's source, URL and date,
the sentence text and the character offsets into the document's cleaned text,
so a reader can go from a number to the sentence behind it.  Rows are read
through the read-only query layer from the research views.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from ..errors import ExportError
from ..store.query import QueryResult, query

EXPORTS: dict[str, str] = {
    "figures": """
SELECT figure_id, metric, value, low, high, approximate, qualifier, unit, noun, place,
       period_start, period_end, period_text, year, surface, origin, in_heading,
       document_id, source, url, site, published, lang, document_title,
       sentence_id, sentence_text, start, "end"
FROM figures_with_source ORDER BY source, start, figure_id""",
    "mentions": """
SELECT mention_id, person_id, person_name, name_as_written, title, title_en, organization,
       place, quote, found_by,
       document_id, source, url, site, published, lang, document_title,
       sentence_id, sentence_text, start, "end"
FROM mentions_with_person ORDER BY source, start, mention_id""",
    "discrepancies": """
SELECT discrepancy_id, kind, severity, message, value, other_value, pair_id,
       document_id, source, url, lang, sentence_id, sentence_text, start, "end",
       other_document_id, other_source, other_url, other_lang,
       other_sentence_id, other_sentence_text, other_start, other_end
FROM discrepancies_with_text ORDER BY source, start, discrepancy_id""",
}
FORMATS = {"csv": ".csv", "jsonl": ".jsonl"}


def export_rows(db, what: str) -> QueryResult:
    """The rows of one export (``figures``, ``mentions`` or ``discrepancies``)."""
    if what not in EXPORTS:
        raise ExportError(f"unknown export {what!r}: choose from {', '.join(EXPORTS)}")
    return query(db, EXPORTS[what])


def write_rows(result: QueryResult, fmt: str, out: IO[str]) -> int:
    """Write rows as ``csv`` (header row) or ``jsonl`` (one object a line); returns the count."""
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
    elif fmt == "jsonl":
        for row in result.as_dicts():
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        raise ExportError(f"unknown format {fmt!r}: choose from {', '.join(FORMATS)}")
    return len(result.rows)


def export(db, out_dir: str | Path, what: Iterable[str] = tuple(EXPORTS),
           formats: Sequence[str] = tuple(FORMATS)) -> dict[Path, int]:
    """Write ``<out_dir>/<what>.<csv|jsonl>`` files; returns each path with its row count."""
    what, formats = list(what), list(formats)
    for fmt in formats:
        if fmt not in FORMATS:
            raise ExportError(f"unknown format {fmt!r}: choose from {', '.join(FORMATS)}")
    results = {name: export_rows(db, name) for name in what}  # fail before writing anything
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, result in results.items():
        for fmt in formats:
            path = out_dir / f"{name}{FORMATS[fmt]}"
            with path.open("w", encoding="utf-8", newline="") as fh:
                written[path] = write_rows(result, fmt, fh)
    return written
