"""Read-only SQL over a corpus database, for researchers and the ``sql`` command.

Four independent guards, so that no single oversight lets a write through:

1. the statement must start with SELECT, WITH, VALUES or EXPLAIN;
2. an SQLite authorizer denies every action but reading (``ATTACH``,
   ``DELETE`` inside a ``WITH``, ``PRAGMA writable_schema`` ...);
3. ``PRAGMA query_only`` is on;
4. the file is opened with ``mode=ro``.

Refusals raise ``ReadOnlyViolation``; other failures (no such file, bad SQL,
a missing parameter) raise ``DatabaseError`` with SQLite's own message.

Every caller gets a time limit and a row limit (``[sql]`` in the settings, as Datasette's
``sql_time_limit_ms`` and ``max_returned_rows``: 1000 each), unless it asks for others (0: none).
"""
from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DatabaseError, QueryTimeout, ReadOnlyViolation
from ..settings import load_settings

READ_KEYWORDS = frozenset({"SELECT", "WITH", "VALUES", "EXPLAIN"})

# Pragmas that only describe the schema; reachable as table-valued functions
# (``SELECT * FROM pragma_table_info('figures')``).
_SAFE_PRAGMAS = frozenset({
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
    "foreign_key_list", "function_list", "collation_list", "database_list", "compile_options",
    "module_list", "pragma_list", "user_version", "schema_version",
    "data_version",  # FTS5 reads it internally on every MATCH
})

_ALLOWED_ACTIONS = frozenset({
    sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE,
})

_LEADING_COMMENTS = re.compile(r"\A(?:\s+|--[^\n]*(?:\n|\Z)|/\*.*?\*/)*", re.S)


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple]
    truncated: bool = False  # more rows matched than the row limit let through

    def as_dicts(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def statement_keyword(sql: str) -> str:
    """The first keyword of a statement, after whitespace and comments, upper-cased."""
    leading = _LEADING_COMMENTS.match(sql)
    assert leading is not None  # \A(...)* matches every string, if only the empty prefix
    rest = sql[leading.end():]
    match = re.match(r"[A-Za-z]+", rest)
    return match.group(0).upper() if match else ""


def check_read_only(sql: str) -> None:
    """Raise ``ReadOnlyViolation`` unless ``sql`` is a reading statement."""
    keyword = statement_keyword(sql)
    if not keyword:
        raise ReadOnlyViolation("empty statement: give one SELECT query")
    if keyword not in READ_KEYWORDS:
        raise ReadOnlyViolation(
            f"{keyword} statements are refused: the database is read-only here;"
            " only SELECT (or WITH ... SELECT) queries run")


def _authorize(action: int, arg1, arg2, db_name, trigger) -> int:
    if action in _ALLOWED_ACTIONS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and arg1 in _SAFE_PRAGMAS:
        return sqlite3.SQLITE_OK
    # SQLite reports its own schema lookups for pragma functions as updates of sqlite_master.
    if action == sqlite3.SQLITE_UPDATE and arg1 in ("sqlite_master", "sqlite_schema"):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def open_readonly(db: str | Path) -> sqlite3.Connection:
    """Open an existing corpus database so that nothing can write through the connection."""
    path = Path(db)
    if not path.is_file():
        raise DatabaseError(f"no database at {path}: build one with `corpus-tool run`")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                               check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"cannot read {path} as a corpus database: {exc}") from exc
    conn.set_authorizer(_authorize)
    return conn


def query(db: str | Path | sqlite3.Connection, sql: str,
          params: Mapping[str, Any] | Sequence[Any] | None = None, *,
          time_limit_ms: int | None = None, max_rows: int | None = None) -> QueryResult:
    """Run one read-only statement; ``params`` fill ``:name`` (mapping) or ``?`` (sequence).

    ``time_limit_ms`` stops a statement running longer (``QueryTimeout``); ``max_rows`` keeps the
    first rows only (the result says it was truncated).  None: the ``[sql]`` settings (1000 ms,
    1000 rows by default); 0: no limit.
    """
    check_read_only(sql)
    if time_limit_ms is None or max_rows is None:
        limits = load_settings().sql
        time_limit_ms = limits.time_limit_ms if time_limit_ms is None else time_limit_ms
        max_rows = limits.max_rows if max_rows is None else max_rows
    own = not isinstance(db, sqlite3.Connection)
    conn = db if isinstance(db, sqlite3.Connection) else open_readonly(db)
    if not own:  # a caller's connection: guard it for this statement only
        was_query_only = conn.execute("PRAGMA query_only").fetchone()[0]
        conn.execute("PRAGMA query_only = ON")
        conn.set_authorizer(_authorize)
    deadline = time.monotonic() + time_limit_ms / 1000
    if time_limit_ms > 0:
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    truncated = False
    try:
        cursor = conn.execute(sql, params if params is not None else {})
        if max_rows > 0:
            rows = [tuple(row) for row in cursor.fetchmany(max_rows + 1)]
            truncated = len(rows) > max_rows
            rows = rows[:max_rows]
        else:
            rows = [tuple(row) for row in cursor.fetchall()]
        columns = [d[0] for d in cursor.description or ()]
    except sqlite3.Error as exc:  # bad SQL, missing parameter, several statements
        if time_limit_ms > 0 and "interrupted" in str(exc):
            raise QueryTimeout(f"query stopped after its time limit of {time_limit_ms} ms"
                               " ([sql] time_limit_ms)") from None
        if "not authorized" in str(exc):
            raise ReadOnlyViolation(
                f"refused: the statement tries more than reading ({exc})") from exc
        raise DatabaseError(f"query failed: {exc}") from exc
    finally:
        conn.set_progress_handler(None, 0)
        if own:
            conn.close()
        else:
            conn.set_authorizer(None)
            conn.execute(f"PRAGMA query_only = {int(was_query_only)}")
    return QueryResult(columns, rows, truncated)
