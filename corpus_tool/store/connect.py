"""Opening a corpus database: created and brought to the current schema when opened for writing."""
from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..errors import DatabaseBusy

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

from .schema import FTS, MIGRATIONS, SCHEMA_VERSION, TABLES
from .views import create_views

# How long a statement waits for another connection's write transaction before giving up.
BUSY_TIMEOUT_SECONDS = 30.0


@contextlib.contextmanager
def writer_lock(path: str | Path) -> Iterator[None]:
    """Hold the one writer's lock on the database at ``path`` (a lock file beside it), or refuse at once.

    A second ``run`` on the same database gets one line (``DatabaseBusy``), never a half-done run or a
    ``database is locked`` traceback.  The lock goes with the process that holds it, even on ``kill -9``.
    """
    if str(path) == ":memory:":
        yield
        return
    if fcntl is None:  # pragma: no cover - no advisory locks on this platform: SQLite's own locking only
        yield
        return
    lock_path = Path(f"{path}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DatabaseBusy(f"{path}: another corpus-tool run is writing this database;"
                               " wait for it to finish, then run again") from None
        yield
    finally:
        os.close(fd)


def connect(path: str | Path = ":memory:", *, readonly: bool = False) -> sqlite3.Connection:
    """Open (and create if needed) a corpus database."""
    if readonly:
        uri = f"file:{Path(path).resolve()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS)
    else:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS)
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
