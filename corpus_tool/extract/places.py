"""Where a figure is: the place its sentence (or a table's caption) names, "i Malmö", "in Uppsala kommun"."""
from __future__ import annotations

import re
from typing import Optional

from .months import month_number
from .periods import is_season

_PLACE = re.compile(r"\b(?:i|in|från|from)\s+((?:[A-ZÅÄÖ][\w-]+)(?:\s+(?:stad|kommun|län))?)")


def place_of(text: str) -> Optional[str]:
    """The first capitalised name after "i/in/från/from" that is not a month or a season, else None."""
    for m in _PLACE.finditer(text):
        name = m.group(1)
        if month_number(name) is None and not is_season(name):
            return name
    return None
