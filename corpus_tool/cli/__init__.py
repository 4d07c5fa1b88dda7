"""The command-line tool: one short command per library function.

Each command module registers its commands on ``app`` when it is imported, which is when its
command runs (``app.command_modules``: ``corpus-tool sql`` loads no model); commands parse options,
call the library, and turn ``CorpusToolError`` into a clean one-line error.
"""
from __future__ import annotations

from .app import app, main  # noqa: F401
