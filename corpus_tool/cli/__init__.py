"""The command-line tool: one short command per library function.

Each command module registers its commands on ``app``; commands parse options,
call the library, and turn ``CorpusToolError`` into a clean one-line error.
"""
from __future__ import annotations

# Command modules register themselves on import.
from . import (  # noqa: F401  (research access)
    align,
    check,
    crawl,
    export,
    figures,
    people,
    qa,
    review,
    run,
    serve,
    sql,
)
from .app import app, main  # noqa: F401
