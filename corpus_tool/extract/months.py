"""Month names, Swedish and English: the one reader of ``months.tsv``.

Dates in metadata lines and URLs read every name and abbreviation ("okt", "Sept."); running
text (periods such as "i maj", days of the month such as "den 4 maj") reads only the rows
marked ``in_text``, so that "jan" or "mar" in a sentence is not taken for a month.
"""
from __future__ import annotations

import functools
import re

from ..resources import read_tsv


@functools.cache
def month_numbers(in_text: bool = True) -> dict[str, int]:
    """Each month name (lower case) and its number: the forms read in running text, or all of them."""
    return {r["name"]: int(r["month"]) for r in read_tsv("months.tsv") if r["in_text"] == "1" or not in_text}


def month_number(word: str, in_text: bool = True) -> int | None:
    """The month a name stands for ("maj", "October"; with ``in_text=False`` also "okt", "jan"), else None."""
    return month_numbers(in_text).get(word.lower())


@functools.cache
def month_alternation(in_text: bool = True) -> str:
    """Regex source matching one month name, longest names first."""
    return "|".join(sorted((re.escape(name) for name in month_numbers(in_text)), key=len, reverse=True))
