"""Opening a corpus database: created and brought to the current schema when opened for writing."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from .schema import FTS, MIGRATIONS, SCHEMA_VERSION, TABLES
from .views import create_views


def connect(path: str | Path = ":memory:", *, readonly: bool = False) -> sqlite3.Connection:
    """Open (and create if needed) a corpus database."""
    if readonly:
        uri = f"file:{Path(path).resolve()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    else:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL") if str(path) != ":memory:" else None
        ensure_schema(conn)
    return conn


def ensure_schema(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.executescript(TABLES + FTS)
    for target in sorted(MIGRATIONS):
        if version < target:
            conn.executescript(MIGRATIONS[target])
    create_views(conn)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.commit()
