"""Vietnamese phone numbers as people type them: spaces, dots, +84 and all.

The numbering plan is Google's libphonenumber (``phonenumbers``): which prefixes exist, how
long mobile and landline numbers are, +84 / 0084 / 84 in front. On top of it only one rule:
a number is digits and the separators people type, so letters (vanity numbers, "ext. 12")
are refused instead of being turned into digits.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

REGION = "VN"
_TYPED = re.compile(r"^\+?[\d\s.\-()]+$")
_NOT_DIGIT = re.compile(r"\D")


def normalize_phone(typed: str) -> str | None:
    """Return the number in its national form (0xxxxxxxxx), or None when it is not valid."""
    typed = (typed or "").strip()
    if not _TYPED.match(typed):
        return None
    try:
        number = phonenumbers.parse(typed, REGION)
    except NumberParseException:
        return None
    if not phonenumbers.is_valid_number_for_region(number, REGION):
        return None
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return _NOT_DIGIT.sub("", national)
