"""``corpus-tool review``: the translators' side-by-side review of aligned pairs."""
from __future__ import annotations

from pathlib import Path

import typer

from .. import store
from ..check.qa import read_decisions
from ..report.review import build_review, render_terminal, write_reviews
from ..store import DEFAULT_DB
from .app import app, cli_errors, console
from .db import open_corpus


@app.command()
@cli_errors
def review(
    pair: list[int] | None = typer.Option(None, "--pair", "-p", help="Pair id (default: all pairs)."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help="Corpus database."),
    out: Path = typer.Option(Path("processed/review"), "--out", "-o", help="Folder for the HTML pages."),
    terminal: bool = typer.Option(False, "--terminal", "-t", help="Print the review instead of writing HTML."),
    decisions: Path | None = typer.Option(None, "--decisions",
                                          help="Decisions file (JSON, from `corpus-tool qa`): dismissed findings "
                                               "are left out."),
):
    """Source and translation side by side, with every discrepancy in place (HTML or terminal)."""
    conn = open_corpus(db)
    pair_ids = pair or store.pair_ids(conn)
    if not pair_ids:
        console.print("No translation pairs in the corpus.")
        return
    chosen = read_decisions(decisions) if decisions else None
    if terminal:
        for pair_id in pair_ids:
            render_terminal(build_review(conn, pair_id, chosen), console)
        return
    for path in write_reviews(conn, out, pair_ids, chosen):
        console.print(f"wrote {path}", highlight=False, markup=False)
