"""The command-line tool: one short command per library function.

Each command module registers its commands on ``app``; commands parse options,
call the library, and turn ``CorpusToolError`` into a clean one-line error.
"""
from __future__ import annotations

from .app import app, main  # noqa: F401

# Command modules register themselves on import.
from . import run  # noqa: F401,E402
from . import crawl  # noqa: F401,E402
from . import sql, serve, export  # noqa: F401,E402  (research access)
from . import align  # noqa: F401,E402  (sentence alignment)
from . import people  # noqa: F401,E402  (officials: people across the corpus)
from . import check  # noqa: F401,E402  (discrepancies, claims)
from . import review  # noqa: F401,E402  (translators' review)
from . import figures  # noqa: F401,E402  (figures in a text)
