"""Vietnamese phone numbers as people type them: spaces, dots, +84 and all."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s.\-()]")
# Mobile numbers have 10 digits (03x, 05x, 07x, 08x, 09x); landlines 11 (02xx area codes).
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")


def normalize_phone(typed: str) -> str | None:
    """Return the number in its national form (0xxxxxxxxx), or None when it is not valid."""
    number = _SEPARATORS.sub("", typed or "")
    if number.startswith("+84"):
        number = "0" + number[3:]
    elif number.startswith("0084"):
        number = "0" + number[4:]
    elif number.startswith("84") and len(number) in (11, 12):
        number = "0" + number[2:]
    if _MOBILE.match(number) or _LANDLINE.match(number):
        return number
    return None
