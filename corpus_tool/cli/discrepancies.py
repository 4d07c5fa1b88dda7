"""``corpus-tool discrepancies``: the findings of the last run, from the store alone (no model loads)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from .. import store
from ..check import KINDS
from ..errors import CorpusToolError
from ..store import DEFAULT_DB
from .app import app, cli_errors, console
from .db import open_corpus


@app.command()
@cli_errors
def discrepancies(
    kind: str | None = typer.Option(None, "--kind", "-k", help=f"Only this kind: {', '.join(KINDS)}."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help="Corpus database."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
):
    """List the discrepancies found: translation errors, conflicting figures, name variants."""
    if kind is not None and kind not in KINDS:
        raise CorpusToolError(f"unknown kind '{kind}'; choose from {', '.join(KINDS)}")
    rows = store.load_discrepancies(open_corpus(db), kind)
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table(title=f"{len(rows)} discrepancies", show_lines=True)
    for column in ("kind", "severity", "document", "message"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(escape(row["kind"]), f"{row['severity']:.0f}", escape(os.path.basename(row["document"])),
                      escape(row["message"]))
    console.print(table)
