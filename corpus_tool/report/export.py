"""Export figures, mentions and discrepancies as CSV, JSON Lines or Parquet, with provenance.

Every row carries where it comes from: the document's source, URL and date,
the sentence text and the character offsets into the document's cleaned text,
so a reader can go from a number to the sentence behind it.  Rows are read
through the read-only query layer from the research views.

Parquet (for DuckDB, pandas, Polars, Spark) also gets the documents, their sentences and the
translation pairs, so the facts can be joined back to whole texts on ``document_id`` and
``sentence_id``.  Its columns are typed from the database's declared types (the same schema
however many rows), and rows are written in batches, so a large corpus never sits in memory
whole.  It needs pyarrow (``pip install 'corpus-tool[parquet]'``), imported only when asked for.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from ..errors import ExportError
from ..store.query import QueryResult, check_read_only, open_readonly, query

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
# Whole tables, exported as Parquet only (a document's text in CSV helps no one).
PARQUET_EXPORTS: dict[str, str] = {
    "documents": """
SELECT id AS document_id, source, url, site, title, lang, published, media_type, encoding, sha256,
       metadata, ingested, text
FROM documents ORDER BY source""",
    "sentences": """
SELECT s.id AS sentence_id, s.document_id, d.source, s.paragraph_id, p.kind AS paragraph_kind,
       s.position, s.lang, s.text, s.start, s."end"
FROM sentences s JOIN documents d ON d.id = s.document_id JOIN paragraphs p ON p.id = s.paragraph_id
ORDER BY d.source, s.position""",
    "pairs": """
SELECT t.id AS pair_id, t.score, t.method,
       t.source_document_id, sd.source AS source_document, sd.lang AS source_lang, sd.url AS source_url,
       t.target_document_id, td.source AS target_document, td.lang AS target_lang, td.url AS target_url
FROM translation_pairs t
JOIN documents sd ON sd.id = t.source_document_id
JOIN documents td ON td.id = t.target_document_id
ORDER BY sd.source, td.source""",
}
FORMATS = {"csv": ".csv", "jsonl": ".jsonl", "parquet": ".parquet"}
PARQUET_EXTRA = "pip install 'corpus-tool[parquet]'"
# The relations whose declared column types type each export's Parquet columns.
_TYPED_BY = {
    "figures": ("figures_with_source",), "mentions": ("mentions_with_person",),
    "discrepancies": ("discrepancies_with_text",), "documents": ("documents",),
    "sentences": ("sentences", "documents", "paragraphs"), "pairs": ("translation_pairs", "documents"),
}
# Columns that are expressions or renamed, not a column of those relations.
_COLUMN_TYPES = {
    "year": "INTEGER", "person_name": "TEXT", "document_id": "INTEGER", "sentence_id": "INTEGER",
    "pair_id": "INTEGER", "paragraph_kind": "TEXT", "source_document": "TEXT", "source_lang": "TEXT",
    "source_url": "TEXT", "target_document": "TEXT", "target_lang": "TEXT", "target_url": "TEXT",
}
# Rows per batch (one Parquet row group each) when writing Parquet.
PARQUET_BATCH = 50_000


def exports_for(fmt: str) -> dict[str, str]:
    """The exports a format offers: all of them for Parquet, the facts for CSV and JSON Lines."""
    return {**EXPORTS, **PARQUET_EXPORTS} if fmt == "parquet" else EXPORTS


def _check_names(what: Iterable[str], fmt: str) -> None:
    offered = exports_for(fmt)
    for name in what:
        if name not in offered:
            hint = " (documents, sentences and pairs: --format parquet)" if name in PARQUET_EXPORTS else ""
            raise ExportError(f"unknown export {name!r} for {fmt}: choose from {', '.join(offered)}{hint}")


def export_rows(db, what: str) -> QueryResult:
    """The rows of one export (``figures``, ``mentions`` or ``discrepancies``)."""
    if what not in EXPORTS:
        raise ExportError(f"unknown export {what!r}: choose from {', '.join(EXPORTS)}")
    return query(db, EXPORTS[what], time_limit_ms=0, max_rows=0)  # an export is every row, however long


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ExportError(f"Parquet export needs pyarrow: {PARQUET_EXTRA}") from None
    return pyarrow, pyarrow.parquet


def parquet_schema(db, what: str):
    """The Arrow schema of one Parquet export, from the declared types of the columns it reads."""
    pa, _ = _pyarrow()
    declared = dict(_COLUMN_TYPES)
    for relation in reversed(_TYPED_BY[what]):  # the first relation named wins
        table_info = query(db, f"SELECT name, upper(type) FROM pragma_table_info('{relation}') WHERE type != ''")
        declared.update(table_info.rows)
    arrow = {"INTEGER": pa.int64(), "REAL": pa.float64(), "TEXT": pa.string()}
    columns = query(db, f"SELECT * FROM ({exports_for('parquet')[what]}) LIMIT 0").columns
    untyped = [c for c in columns if declared.get(c) not in arrow]
    if untyped:
        raise ExportError(f"export {what!r}: no declared type for column {untyped[0]!r}")
    return pa.schema([(c, arrow[declared[c]]) for c in columns])


def write_parquet(db, what: str, path: Path, batch: int = PARQUET_BATCH) -> int:
    """Write one export as a Parquet file, ``batch`` rows at a time; returns the count."""
    pa, pq = _pyarrow()
    schema = parquet_schema(db, what)
    sql = exports_for("parquet")[what]
    check_read_only(sql)
    conn = open_readonly(db)
    count = 0
    try:
        cursor = conn.execute(sql)
        with pq.ParquetWriter(path, schema) as writer:  # no rows: a file with the schema and none
            while rows := cursor.fetchmany(batch):
                columns = zip(*rows)
                writer.write_table(pa.table([pa.array(c, type=f.type) for c, f in zip(columns, schema)],
                                            schema=schema))
                count += len(rows)
    finally:
        conn.close()
    return count


def write_rows(result: QueryResult, fmt: str, out: IO[str]) -> int:
    """Write rows as ``csv`` (header row) or ``jsonl`` (one object a line); returns the count."""
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
    elif fmt == "jsonl":
        for row in result.as_dicts():
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "parquet":
        raise ExportError("Parquet is a binary file: give --out FOLDER")
    else:
        raise ExportError(f"unknown format {fmt!r}: choose from {', '.join(FORMATS)}")
    return len(result.rows)


def export(db, out_dir: str | Path, what: Iterable[str] | None = None,
           formats: Sequence[str] = ("csv", "jsonl")) -> dict[Path, int]:
    """Write ``<out_dir>/<what>.<csv|jsonl|parquet>`` files; returns each path with its row count.

    ``what`` defaults to every export the format offers (``exports_for``).
    """
    chosen, formats = (list(what) if what is not None else None), list(formats)
    for fmt in formats:
        if fmt not in FORMATS:
            raise ExportError(f"unknown format {fmt!r}: choose from {', '.join(FORMATS)}")
        _check_names(chosen if chosen is not None else exports_for(fmt), fmt)
    if "parquet" in formats:
        _pyarrow()
    text = [f for f in formats if f != "parquet"]
    text_names = (chosen if chosen is not None else list(EXPORTS)) if text else []
    results = {name: export_rows(db, name) for name in text_names}  # fail before writing anything
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, result in results.items():
        for fmt in text:
            path = out_dir / f"{name}{FORMATS[fmt]}"
            with path.open("w", encoding="utf-8", newline="") as fh:
                written[path] = write_rows(result, fmt, fh)
    if "parquet" in formats:
        for name in chosen if chosen is not None else exports_for("parquet"):
            path = out_dir / f"{name}.parquet"
            written[path] = write_parquet(db, name, path)
    return written
