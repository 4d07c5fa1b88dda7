"""``corpus-tool figures``: the figures a text states, with their meaning, range and period."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from ..api import figures_of_text
from ..errors import InputError
from .app import app, cli_errors, console


@app.command()
@cli_errors
def figures(
    text: str | None = typer.Argument(None, help="Text to read (or use --file)."),
    file: Path | None = typer.Option(None, "--file", "-f", help="Read the text from a file."),
    lang: str = typer.Option("sv", "--lang", help="sv or en."),
    published: str | None = typer.Option(None, "--published", help="Publication date (2020-05) for relative periods."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per figure."),
):
    """Show the figures in a text: 'ett tiotal' -> about 10 (8-14), 'sedan årets start' -> year to date."""
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {file}: {exc}") from exc
    if not text:
        raise InputError("give a text or --file")
    found = figures_of_text(text, lang=lang, published=published)
    if as_json:
        for figure in found:
            row = {k: v for k, v in asdict(figure).items() if k not in ("id", "document_id", "sentence_id")}
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table("surface", "metric", "value", "low", "high", "approx", "qualifier", "period", "noun")
    for f in found:
        period = f"{f.period_start}..{f.period_end}" if f.period_start else (f.period_text or "")
        table.add_row(*(escape(cell) for cell in (
            f.surface, f.metric, _n(f.value), _n(f.low), _n(f.high), "yes" if f.approximate else "",
            f.qualifier or "", period, f.noun or "")))
    console.print(table)


def _n(value) -> str:
    return "" if value is None else (f"{int(value)}" if float(value).is_integer() else f"{value:g}")
