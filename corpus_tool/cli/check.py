"""``corpus-tool check``: is a claimed statistic supported by the corpus?"""
from __future__ import annotations

import json
import os
from pathlib import Path

import typer

from .. import store
from ..api import check_claim
from ..errors import CorpusToolError
from ..store import DEFAULT_DB
from .app import app, cli_errors


def _open(db: Path):
    if not Path(db).exists():
        raise CorpusToolError(f"no database at {db}: run `corpus-tool run` first")
    return store.connect(db, readonly=True)


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
