"""Reading numbers from the query string without ever failing on what people type."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"[0-9]{1,9}")


def positive_int(text: str | None, default: int, maximum: int = 1_000_000) -> int:
    """Return the number written in ASCII digits, within 1..maximum, or the default."""
    text = (text or "").strip()
    if not _DIGITS.fullmatch(text):
        return default
    value = int(text)
    return value if 0 < value <= maximum else default
