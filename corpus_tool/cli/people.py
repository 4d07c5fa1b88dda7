"""`corpus-tool people`: who is quoted across the corpus, with every spelling and why it merged."""
from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .. import store
from ..pipeline.corpus import rebuild_people
from ..store import DEFAULT_DB
from .app import app, cli_errors
from .db import open_corpus


@app.command()
@cli_errors
def people(
    db: Path = typer.Option(DEFAULT_DB, "--db", help="The corpus database."),
    relink: bool = typer.Option(True, "--relink/--no-relink", help="Rebuild people from the stored mentions first."),
) -> None:
    """List the people quoted in the corpus, their spellings and mention counts."""
    conn = open_corpus(db, readonly=False)  # relinking writes the people tables
    try:
        if relink:
            rebuild_people(conn)
        table = Table("id", "name", "mentions", "spellings (reason)")
        for pid, name, count, spellings in store.people_with_spellings(conn):
            table.add_row(str(pid), escape(name), str(count), escape("\n".join(f"{a} ({r})" for a, r in spellings)))
        Console().print(table)
    finally:
        conn.close()
