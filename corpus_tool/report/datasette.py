"""Publish a corpus database with Datasette: metadata, configured queries, read-only serving.

The metadata lives in ``data/datasette.yaml`` under the database name
``corpus``; ``metadata_for`` renames it to the served file's stem (Datasette
names a database after its file) and copies the licence and source onto every
table and view that does not give its own.  ``serve`` runs Datasette on a
loopback address with the file opened read-only (SQLite's ``mode=ro``): nothing
served can write to it, and every request sees the database as last committed,
so a run writing meanwhile is seen as it commits, never half-written.
"""
from __future__ import annotations

import copy
import json
import sqlite3
import tempfile
from pathlib import Path

import yaml

from ..errors import DatabaseError
from ..resources import data_path

METADATA_FILE = "datasette.yaml"
# Plugins served with every corpus: a request Datasette cannot use answers 400, not 500.
PLUGINS_DIR = Path(__file__).with_name("datasette_plugins")
TEMPLATE_DATABASE = "corpus"
LOOPBACK = "127.0.0.1"
INHERITED = ("license", "license_url", "source", "source_url")

# Limits for a small research database on a shared two-core machine.
SETTINGS = {
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 500,
    "default_page_size": 100,
    "max_returned_rows": 5000,
}


def load_metadata() -> dict:
    """The metadata template as shipped, database key ``corpus``."""
    with data_path(METADATA_FILE).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def metadata_for(db: str | Path) -> dict:
    """Metadata ready for serving ``db``: keyed by its stem, licence and source on every table."""
    metadata = copy.deepcopy(load_metadata())
    database = metadata["databases"].pop(TEMPLATE_DATABASE)
    for table in database.get("tables", {}).values():
        for key in INHERITED:
            if key in metadata and key not in table:
                table[key] = metadata[key]
    metadata["databases"][Path(db).stem] = database
    return metadata


def write_metadata(db: str | Path, out: str | Path) -> Path:
    """Write ``metadata_for(db)`` as JSON (what ``datasette -m`` reads)."""
    out = Path(out)
    out.write_text(json.dumps(metadata_for(db), ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def check_servable(db: str | Path) -> Path:
    """Fail clearly unless ``db`` is a corpus database.

    The file is served read-only but not immutable: a run may write it while it is served (its
    write-ahead log included), and each request reads the last committed state.
    """
    path = Path(db)
    if not path.is_file():
        raise DatabaseError(f"no database at {path}: build one with `corpus-tool run`")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("SELECT id FROM documents LIMIT 1").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path} is not a corpus database: {exc}") from exc
    return path


def datasette_args(db: str | Path, metadata: str | Path, port: int = 8001) -> list[str]:
    """Arguments for ``datasette serve``: the file (read-only, not immutable), loopback only, our metadata
    and plugins."""
    args = ["serve", str(db), "-m", str(metadata), "-h", LOOPBACK, "-p", str(port), "--plugins-dir", str(PLUGINS_DIR)]
    for name, value in SETTINGS.items():
        args += ["--setting", name, str(value)]
    return args


def serve(db: str | Path, port: int = 8001, metadata_dir: str | Path | None = None) -> None:
    """Run Datasette on ``db`` until interrupted (blocks)."""
    from datasette.cli import cli as datasette_cli

    path = check_servable(db)
    with tempfile.TemporaryDirectory(dir=metadata_dir) as tmp:
        metadata = write_metadata(path, Path(tmp) / "metadata.json")
        datasette_cli.main(args=datasette_args(path, metadata, port), prog_name="datasette",
                           standalone_mode=False)
