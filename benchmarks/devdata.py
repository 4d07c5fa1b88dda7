"""Where the development data is: the one place tests, benchmarks and build scripts ask.

The development data (NER corpus, parallel sentences, alignment gold, number-word cases; see
docs/data.md) is read in place and never copied into the repository.  Its folder is
``$CORPUS_TOOL_DEVDATA`` when that is set, else ``../shared/data`` next to the repository; a
relative path in the variable is taken relative to the repository root, like the default, so
the answer does not depend on the current directory.

    from devdata import devdata
    pud = devdata("parallel-sv-en", "pud", "pud_sv_en.tsv")   # a Path, or DevDataMissing

Scripts end with ``run_main(main)`` so that missing data is one line, not a traceback; pytest
uses ``needs_devdata`` from tests/conftest.py, which skips instead.  The installed package
(``corpus_tool/``) never imports this module: it takes folders as arguments.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ENV = "CORPUS_TOOL_DEVDATA"
ROOT = Path(__file__).resolve().parent.parent  # the repository root
DEFAULT = Path("..") / "shared" / "data"       # relative to ROOT


class DevDataMissing(FileNotFoundError):
    """A development data file or folder is not where the locator looks."""


def devdata_root() -> Path:
    """The development data folder, whether or not it exists."""
    value = os.environ.get(ENV, "").strip()
    folder = Path(value).expanduser() if value else DEFAULT
    return (ROOT / folder).resolve()  # an absolute folder stays itself


def devdata(*parts: str) -> Path:
    """The path of ``parts`` inside the development data folder; DevDataMissing if it is not there."""
    root = devdata_root()
    path = root.joinpath(*parts)
    if not path.exists():
        where = f"{'/'.join(parts)} not found in {root}" if parts else f"folder {root} not found"
        raise DevDataMissing(f"development data {where} (set {ENV} to the data folder)")
    return path


def run_main(main, *args):
    """Call a script's ``main``; missing development data ends it with that one-line message."""
    try:
        return main(*args)
    except DevDataMissing as exc:
        sys.exit(f"{Path(sys.argv[0]).name}: {exc}")
