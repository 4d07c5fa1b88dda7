"""The severity of each case of finding, read from ``data/severities.tsv`` (with its calibration)."""
from __future__ import annotations

import functools

from ..resources import read_tsv


@functools.cache
def _table() -> dict[str, float]:
    return {row["case"]: float(row["severity"]) for row in read_tsv("severities.tsv")}


def severity_of(case: str) -> float:
    """0–100; an unknown case is a programming error, named."""
    try:
        return _table()[case]
    except KeyError:
        raise KeyError(f"no severity for case {case!r} in severities.tsv") from None
