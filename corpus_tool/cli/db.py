"""The corpus database a reading command opens: one message when there is none yet."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from .. import store
from ..errors import DatabaseError


def open_corpus(db: Path, readonly: bool = True) -> sqlite3.Connection:
    """The database at ``db``; a DatabaseError naming it when no run has made one yet (a reading
    command never creates an empty database by mistake)."""
    if not Path(db).exists():
        raise DatabaseError(f"no database at {db}: run `corpus-tool run` first")
    return store.connect(db, readonly=readonly)
