"""`corpus-tool serve`: browse the corpus database with Datasette, read-only, on 127.0.0.1."""
from __future__ import annotations

from pathlib import Path

import typer

from ..report.datasette import LOOPBACK
from ..report.datasette import serve as serve_datasette
from .app import app, cli_errors, console

DEFAULT_DB = Path("processed/corpus.db")


@app.command()
@cli_errors
def serve(
    db: Path = typer.Option(DEFAULT_DB, "--db", help="Corpus database to publish."),
    port: int = typer.Option(8001, "--port", min=1, max=65535, help="Port on 127.0.0.1."),
) -> None:
    """Serve the database with Datasette (read-only, loopback only) with its metadata and queries."""
    console.print(f"serving {db} read-only at http://{LOOPBACK}:{port}/ (Ctrl-C to stop)",
                  highlight=False, markup=False)
    serve_datasette(db, port=port)
