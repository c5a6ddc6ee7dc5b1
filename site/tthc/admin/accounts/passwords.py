"""Password hashing with a standard KDF, one-time passwords, and the rules for new passwords."""

from __future__ import annotations

import secrets
from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

HASH_METHOD = "scrypt"
MIN_LENGTH = 12
MAX_LENGTH = 256
# Easy to read aloud or copy from a terminal: no 0/O, 1/I/L.
ONE_TIME_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ONE_TIME_GROUPS = 4
ONE_TIME_GROUP_LENGTH = 5


def hash_password(password: str) -> str:
    """Hash a password with scrypt and a random salt."""
    return generate_password_hash(password, method=HASH_METHOD)


def verify_password(password_hash: str, password: str) -> bool:
    """Check a password against its hash in constant time."""
    return check_password_hash(password_hash, password)


@cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def burn_time(password: str) -> None:
    """Spend the time of one hash check, so an unknown email answers as slowly as a known one."""
    check_password_hash(_dummy_hash(), password)


def one_time_password() -> str:
    """Return a random password (about 99 bits) like 'K7QXM-2HZPA-…' for a first login."""
    groups = (
        "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(ONE_TIME_GROUP_LENGTH))
        for _ in range(ONE_TIME_GROUPS)
    )
    return "-".join(groups)
