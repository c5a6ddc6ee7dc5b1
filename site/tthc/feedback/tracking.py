"""Tracking codes: random, easy to read out on the phone, and forgiving when typed back."""

from __future__ import annotations

import secrets

# Digits 2-9 and the letters of the Vietnamese alphabet, without I, L and O (read as 1 and 0).
# F, J, W and Z are left out too: they have no Vietnamese name, so they are hard to say aloud.
ALPHABET = "23456789ABCDEGHKMNPQRSTUVXY"
GROUPS = 3
GROUP_LENGTH = 5
LENGTH = GROUPS * GROUP_LENGTH  # 15 symbols of 27: about 71 bits
SEPARATORS = " -._\t\u2013\u2014"


def new_code() -> str:
    """Return a fresh code, stored without separators."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(typed: str | None) -> str | None:
    """Return the stored form of a typed code, or None when it cannot be one of ours."""
    if not typed or len(typed) > 4 * LENGTH:
        return None
    cleaned = "".join(ch for ch in typed.upper() if ch not in SEPARATORS)
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def display(code: str) -> str:
    """Group a stored code for reading: XXXXX-XXXXX-XXXXX."""
    return "-".join(code[i : i + GROUP_LENGTH] for i in range(0, len(code), GROUP_LENGTH))
