"""Opening a corpus database: created and brought to the current schema when opened for writing."""
from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..errors import DatabaseBusy, DatabaseUnusable, ForeignSchema, NotADatabase

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

from .schema import FTS, MIGRATIONS, SCHEMA_VERSION, TABLES
from .views import create_views

# How long a statement waits for another connection's write transaction before giving up.
# Where the command line reads and writes the corpus unless --db says otherwise.
DEFAULT_DB = Path("processed/corpus.db")
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
    if Path(path).is_dir():
        raise DatabaseUnusable(f"{path}: is a folder, not a database file")
    if Path(path).exists():  # refuse a file that is not a corpus database before leaving a lock beside it
        connect(path, readonly=True).close()
    lock_path = Path(f"{path}.lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise DatabaseUnusable(f"{path}: cannot be opened as a database ({exc.strerror or exc})") from None
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
    """Open (and create if needed) a corpus database.

    A file that is not SQLite, a database of another schema (or a newer version) and a path that
    cannot be opened are refused with one coded error each, before anything is written to them.
    """
    try:
        return _connect(path, readonly)
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if "not a database" in text or "malformed" in text or "file is encrypted" in text:
            raise NotADatabase(f"{path}: not a SQLite database ({text})") from None
        if "unable to open" in text or "readonly" in text or "disk I/O" in text:
            raise DatabaseUnusable(f"{path}: cannot be opened as a database ({text})") from None
        raise DatabaseUnusable(f"{path}: {text}") from None
    except OSError as exc:
        raise DatabaseUnusable(f"{path}: cannot be opened as a database ({exc.strerror or exc})") from None


def _connect(path: str | Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        uri = f"file:{Path(path).resolve()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS)
    else:
        if str(path) != ":memory:":
            if Path(path).is_dir():
                raise DatabaseUnusable(f"{path}: is a folder, not a database file")
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS)
    try:
        conn.row_factory = sqlite3.Row
        check_schema(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            if str(path) != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
                # In WAL mode NORMAL syncs at checkpoints, not at every commit: a crash of the
                # process (or kill -9) still loses no committed document; a power cut may lose
                # the last ones, which the next run re-processes (they are not stored).
                conn.execute("PRAGMA synchronous = NORMAL")
            ensure_schema(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def check_schema(conn: sqlite3.Connection, path: str | Path = "") -> None:
    """Refuse a database that holds tables but not a corpus's (or is of a newer schema version)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise ForeignSchema(f"{path}: schema version {version} is newer than this corpus-tool's"
                            f" ({SCHEMA_VERSION}); upgrade corpus-tool")
    if not tables:
        return  # a new, empty database
    if "documents" not in tables:
        raise ForeignSchema(f"{path}: a SQLite database but not a corpus database (no documents table);"
                            " refused, nothing written")
    columns = {r[1] for r in conn.execute("PRAGMA table_info(documents)")}
    missing = {"source", "text", "sha256"} - columns
    if missing:
        raise ForeignSchema(f"{path}: its documents table is not a corpus's (no {', '.join(sorted(missing))});"
                            " refused, nothing written")


def ensure_schema(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.executescript(TABLES + FTS)
    for target in sorted(MIGRATIONS):
        if version < target:
            conn.executescript(MIGRATIONS[target])
    create_views(conn)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.commit()
