"""Opening a corpus database: created and brought to the current schema when opened for writing."""
from __future__ import annotations

import contextlib
import functools
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

# The descriptors of the writer locks this process holds.  A forked child (a pool worker) closes its
# copies at once: a lock shared with a child would outlive its holder while the child lives on.
_HELD_LOCKS: set[int] = set()


def _close_inherited_locks() -> None:
    for fd in _HELD_LOCKS:
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD_LOCKS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_inherited_locks)

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
        connect(path, readonly=True, migrating=True).close()
    lock_path = Path(f"{path}.lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError as exc:
        raise DatabaseUnusable(f"{path}: cannot be opened as a database ({exc.strerror or exc})") from None
    held = False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DatabaseBusy(f"{path}: another corpus-tool run is writing this database;"
                               " wait for it to finish, then run again") from None
        _HELD_LOCKS.add(fd)
        held = True
        yield
    finally:
        if not held or fd in _HELD_LOCKS:  # else a forked child, which closed its copy when forked
            _HELD_LOCKS.discard(fd)
            os.close(fd)


def connect(path: str | Path = ":memory:", *, readonly: bool = False, migrating: bool = False) -> sqlite3.Connection:
    """Open (and create if needed) a corpus database.

    A file that is not SQLite, a database of another schema (or a newer version) and a path that
    cannot be opened are refused with one coded error each, before anything is written to them.
    Opened for writing, an older database is migrated; read-only, one that lacks columns is refused
    (its readers' queries would fail), unless ``migrating`` (a writer looking before it opens it).
    """
    try:
        return _connect(path, readonly, migrating)
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if "not a database" in text or "malformed" in text or "file is encrypted" in text:
            raise NotADatabase(f"{path}: not a SQLite database ({text})") from None
        if "unable to open" in text or "readonly" in text or "disk I/O" in text:
            raise DatabaseUnusable(f"{path}: cannot be opened as a database ({text})") from None
        raise DatabaseUnusable(f"{path}: {text}") from None
    except OSError as exc:
        raise DatabaseUnusable(f"{path}: cannot be opened as a database ({exc.strerror or exc})") from None


def _connect(path: str | Path, readonly: bool, migrating: bool) -> sqlite3.Connection:
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
        if readonly and not migrating and missing_columns(conn):  # a reader cannot migrate it; its queries fail
            columns = ", ".join(f"{t}.{c}" for t, c, _ in missing_columns(conn))
            raise ForeignSchema(f"{path}: a corpus database of an older schema (without {columns}); opened"
                                " read-only, it cannot be migrated here: `corpus-tool run` migrates it")
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
    unaddable = [f"{table}.{column}" for table, column, clause in missing_columns(conn) if clause is None]
    if unaddable:
        raise ForeignSchema(f"{path}: a corpus database of an older or altered schema, without"
                            f" {', '.join(unaddable)}, which cannot be added to it; refused, nothing written")


@functools.lru_cache(maxsize=1)
def _reference_columns() -> dict[str, list[tuple[str, str | None]]]:
    """Every table of the current schema: its columns, each with the clause ``ALTER TABLE … ADD COLUMN``
    adds it by (None when it cannot: a key, a unique column, NOT NULL without a default)."""
    ref = sqlite3.connect(":memory:")
    ref.executescript(TABLES)
    tables: dict[str, list[tuple[str, str | None]]] = {}
    for (table,) in ref.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        unique = {info[2] for index in ref.execute(f"PRAGMA index_list({table})") if index[3] in ("u", "pk")
                  for info in ref.execute(f'PRAGMA index_info("{index[1]}")')}
        references = {fk[3]: f' REFERENCES {fk[2]}("{fk[4]}") ON DELETE {fk[6]}'
                      for fk in ref.execute(f"PRAGMA foreign_key_list({table})")}
        columns = []
        for _, name, kind, notnull, default, pk in ref.execute(f"PRAGMA table_info({table})"):
            addable = not pk and name not in unique and not (notnull and default is None)
            clause = (f'"{name}" {kind}' + (" NOT NULL" if notnull else "")
                      + (f" DEFAULT {default}" if default is not None else "") + references.get(name, ""))
            columns.append((name, clause if addable else None))
        tables[table] = columns
    ref.close()
    return tables


def missing_columns(conn: sqlite3.Connection) -> list[tuple[str, str, str | None]]:
    """The columns of the current schema that tables of ``conn`` lack: (table, column, the clause that
    adds it, or None).  A table that is missing altogether is created whole, so it is not listed."""
    missing: list[tuple[str, str, str | None]] = []
    for table, columns in _reference_columns().items():
        have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        if have:
            missing.extend((table, name, clause) for name, clause in columns if name not in have)
    return missing


def ensure_schema(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    # A column an older version's table lacks is added first (check_schema has refused the database
    # if one cannot be), so the indexes and migration steps below find every column they name.
    for table, _, clause in missing_columns(conn):
        conn.execute(f"ALTER TABLE {table} ADD COLUMN {clause}")
    conn.executescript(TABLES + FTS)
    for target in sorted(MIGRATIONS):
        if version < target:
            conn.executescript(MIGRATIONS[target])
    create_views(conn)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.commit()
