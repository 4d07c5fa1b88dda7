"""Where a figure is: the place its sentence (or a table's caption) names, "i Malmö", "in Uppsala kommun"."""
from __future__ import annotations

import functools
import re

from ..resources import read_tsv
from .months import month_number
from .periods import is_season


@functools.lru_cache(maxsize=1)
def _place_re() -> re.Pattern:
    """A preposition, a capitalised name and perhaps a word after it (``place_words.tsv``, both languages)."""
    rows = read_tsv("place_words.tsv")

    def words(role: str) -> str:
        return "|".join(sorted((re.escape(r["word"]) for r in rows if r["role"] == role), key=len, reverse=True))

    return re.compile(rf"\b(?:{words('before')})\s+((?:[A-ZÅÄÖ][\w-]+)(?:\s+(?:{words('after')}))?)")


def place_of(text: str) -> str | None:
    """The first capitalised name after "i/in/från/from" that is not a month or a season, else None."""
    for m in _place_re().finditer(text):
        name = m.group(1)
        if month_number(name) is None and not is_season(name):
            return name
    return None
