"""Control characters, which are never text: removed from everything read before it is stored."""
from __future__ import annotations

import re

# C0 controls but tab, newline, carriage return and form feed; DEL; C1 controls.  Never text: a NUL
# or an escape code in the stored text breaks searching, exports and terminals.
CONTROL_CHARACTERS = "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f"  # a character class's inside
_CONTROLS = re.compile(f"[{CONTROL_CHARACTERS}]")


def remove_controls(text: str) -> str:
    """``text`` without its control characters (tab, newlines and form feed stay)."""
    return _CONTROLS.sub("", text)
