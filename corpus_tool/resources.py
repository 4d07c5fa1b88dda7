"""The one reader of the package's data files (``corpus_tool/data/``).

Word lists are TSV with a header row and ``#`` comment lines; settings and
site profiles are TOML.  Everything is read once and cached.
"""
from __future__ import annotations

import csv
import functools
import tomllib
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def data_path(name: str) -> Path:
    path = DATA / name
    if not path.exists():
        raise FileNotFoundError(f"data file missing from the package: {name}")
    return path


@functools.cache
def read_tsv(name: str) -> tuple[dict, ...]:
    """Rows of a TSV data file as dicts keyed by its header; ``#`` lines are comments."""
    with data_path(name).open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple({k: (v or "").strip() for k, v in row.items()} for row in reader)


@functools.cache
def read_toml(name: str) -> dict:
    with data_path(name).open("rb") as fh:
        return tomllib.load(fh)
