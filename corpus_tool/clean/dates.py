"""Publication dates written in metadata lines: ISO forms and Swedish/English words."""
from __future__ import annotations

import functools
import re

from ..extract.months import month_alternation, month_number

_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ](\d{2}):(\d{2}))?(?!\d)")


@functools.lru_cache(maxsize=1)
def _words_pattern() -> re.Pattern:
    names = month_alternation(in_text=False)
    # "4 mars 2022", "4 March 2022", "March 4, 2022", "mars 2022"
    return re.compile(
        rf"(?:(?P<d1>\d{{1,2}})\.?\s+)?(?P<m>{names})\.?\s+(?:(?P<d2>\d{{1,2}}),?\s+)?(?P<y>\d{{4}})", re.I)


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ISO 8601 (``2020-05`` or ``2020-05-12``), else None."""
    match = _ISO.search(text)
    if match:
        year, month, day = match.group(1), int(match.group(2)), match.group(3)
        if 1 <= month <= 12 and (day is None or 1 <= int(day) <= 31):
            return f"{year}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    match = _words_pattern().search(text)
    if match:
        named = month_number(match.group("m"), in_text=False)
        if named is None:  # the pattern is built from the month names: cannot happen
            return None
        day = match.group("d1") or match.group("d2")
        if day and not 1 <= int(day) <= 31:
            day = None
        return f"{match.group('y')}-{named:02d}" + (f"-{int(day):02d}" if day else "")
    return None
