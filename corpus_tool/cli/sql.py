"""`corpus-tool sql`: one read-only query, printed as a table, CSV or JSON."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..errors import DatabaseError
from ..store.query import QueryResult, query
from .app import app, cli_errors

DEFAULT_DB = Path("processed/corpus.db")
FORMATS = ("table", "csv", "json")


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["metric=shootings", "year=2019"]`` -> ``{"metric": "shootings", "year": "2019"}``."""
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip(":@$")
        if not sep or not name:
            raise DatabaseError(f"--param wants name=value, got {pair!r}")
        params[name] = value
    return params


def render(result: QueryResult, fmt: str, out=None) -> None:
    out = out or sys.stdout
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
    elif fmt == "json":
        json.dump(result.as_dicts(), out, ensure_ascii=False, indent=1, default=str)
        out.write("\n")
    else:
        table = Table(*(escape(str(c)) for c in result.columns), show_lines=False, header_style="bold")
        for row in result.rows:
            table.add_row(*("" if v is None else escape(str(v)) for v in row))
        console = Console(file=out, soft_wrap=False)
        console.print(table)
        console.print(f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}"
                      + (" (the first; more matched: [sql] max_rows)" if result.truncated else ""),
                      style="dim", highlight=False, markup=False)


@app.command()
@cli_errors
def sql(
    statement: str = typer.Argument(..., help="One SELECT (or WITH ... SELECT) statement."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help="Corpus database to read."),
    fmt: str = typer.Option("table", "--format", "-f", help="Output: table, csv or json."),
    param: list[str] | None = typer.Option(
        None, "--param", "-p", help="Named parameter, name=value, for :name in the query; repeatable."),
) -> None:
    """Run a read-only SQL query against the corpus database (writes are refused)."""
    if fmt not in FORMATS:
        raise DatabaseError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    result = query(db, statement, parse_params(param or []))  # within the [sql] time and row limits
    render(result, fmt)
    if result.truncated and fmt != "table":
        typer.echo(f"only the first {len(result.rows)} rows: more matched ([sql] max_rows)", err=True)
