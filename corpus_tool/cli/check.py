"""``corpus-tool discrepancies`` and ``corpus-tool check``: findings and claims."""
from __future__ import annotations

import json
import os
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from .. import store
from ..api import check_claim
from ..check import KINDS
from ..errors import CorpusToolError
from ..pipeline import DEFAULT_DB
from .app import app, cli_errors, console


def _open(db: Path):
    if not Path(db).exists():
        raise CorpusToolError(f"no database at {db}: run `corpus-tool run` first")
    return store.connect(db, readonly=True)


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
    rows = store.load_discrepancies(_open(db), kind)
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


@app.command()
@cli_errors
def check(
    claim: str = typer.Argument(..., help='A claim, e.g. "Malmö had 34 shootings in 2019".'),
    db: Path = typer.Option(DEFAULT_DB, "--db", help="Corpus database."),
    as_json: bool = typer.Option(False, "--json", help="Print the verdict and evidence as JSON."),
):
    """Check a claimed statistic against the sources: supported, contradicted or not found."""
    result = check_claim(_open(db), claim)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(f"{result.verdict.upper()}: {result.message}")
        for e in result.evidence:
            note = " (translation of another source listed)" if e.translation_of else ""
            typer.echo(f"  {e.verdict}: '{e.surface}' ({e.description}) — {os.path.basename(e.document)}"
                       f"{note}\n      \"{e.sentence}\"")
    if result.verdict == "not understood":
        raise typer.Exit(2)
