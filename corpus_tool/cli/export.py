"""`corpus-tool export`: figures, mentions and discrepancies as CSV, JSON Lines or Parquet, with provenance."""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..errors import ExportError
from ..report.export import EXPORTS, PARQUET_EXPORTS, export_rows, write_rows
from ..report.export import export as export_files
from .app import app, cli_errors, console

DEFAULT_DB = Path("processed/corpus.db")
DEFAULT_OUT = Path("processed/export")


@app.command()
@cli_errors
def export(
    what: list[str] | None = typer.Argument(
        None, help=f"What to export: {', '.join(EXPORTS)}; with --format parquet also "
                   f"{', '.join(PARQUET_EXPORTS)} (default: all)."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help="Corpus database to read."),
    out: str = typer.Option(str(DEFAULT_OUT), "--out", "-o",
                            help="Folder for <what>.csv / .jsonl / .parquet, or - for standard output."),
    fmt: str = typer.Option("both", "--format", "-f", help="csv, jsonl, both (csv and jsonl) or parquet."),
) -> None:
    """Export extracted facts with their source document, sentence and offsets."""
    formats = ["csv", "jsonl"] if fmt == "both" else [fmt]
    if out == "-":
        if not what or len(what) != 1 or len(formats) != 1:
            raise ExportError("--out - writes one export in one format: name it and give --format")
        write_rows(export_rows(db, what[0]), formats[0], sys.stdout)
        return
    for path, count in export_files(db, out, what or None, formats).items():
        console.print(f"{path}: {count} rows", highlight=False, markup=False)
