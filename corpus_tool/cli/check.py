"""``corpus-tool check``: is a claimed statistic supported by the corpus?"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..api import check_article, check_claim
from ..errors import CorpusToolError
from ..report.article import article_page
from ..store import DEFAULT_DB
from .app import app, cli_errors
from .db import open_corpus


@app.command()
@cli_errors
def check(
    claim: str | None = typer.Argument(None, help='A claim, e.g. "Malmö had 34 shootings in 2019".'),
    file: str | None = typer.Option(None, "--file", "-f",
                                    help="Check every statistic of a news article (a file; - reads standard input)."),
    html_out: Path | None = typer.Option(None, "--html", help="With --file: write the article, claims marked, here."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help="Corpus database."),
    as_json: bool = typer.Option(False, "--json", help="Print the verdict and evidence as JSON."),
):
    """Check a claimed statistic (or every one of an article) against the sources.

    Verdicts: supported, contradicted, partly, not found (or not understood), each with the
    deciding figures and why each is comparable.
    """
    if file is not None or claim is None:
        _check_article(file, html_out, db, as_json)
        return
    result = check_claim(open_corpus(db), claim)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(f"{result.verdict.upper()}: {result.message}")
        for e in result.evidence:
            note = " (translation of another source listed)" if e.translation_of else ""
            typer.echo(f"  {e.verdict}: '{e.surface}' ({e.description}) — {os.path.basename(e.document)}"
                       f"{note}\n      \"{e.sentence}\"\n      why comparable: {e.why}")
    if result.verdict == "not understood":
        raise typer.Exit(2)


def _check_article(file: str | None, html_out: Path | None, db: Path, as_json: bool) -> None:
    if file in (None, "-"):
        text = sys.stdin.read()
        name = "standard input"
    else:
        path = Path(file)
        if not path.is_file():
            raise CorpusToolError(f"{path}: no such article file")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise CorpusToolError(f"{path}: the article is not UTF-8 text ({exc.reason})") from None
        name = path.name
    if not text.strip():
        raise CorpusToolError(f"{name}: the article is empty")
    article, results = check_article(open_corpus(db), text)
    if html_out is not None:
        html_out.write_text(article_page(article, results, f"Checked: {name}"), encoding="utf-8")
    if as_json:
        typer.echo(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{len(results)} checkable statistics in {name}", show_lines=True)
    for column in ("#", "verdict", "claim", "sources"):
        table.add_column(column, overflow="fold")
    for n, r in enumerate(results, 1):
        sources = "; ".join(sorted({f"{os.path.basename(e.document)} ({e.verdict})" for e in r.evidence}))
        table.add_row(str(n), escape(r.verdict), escape(r.claim), escape(sources or "—"))
    out = Console()
    out.print(table)
    if html_out is not None:
        out.print(escape(f"page written: {html_out}"))
