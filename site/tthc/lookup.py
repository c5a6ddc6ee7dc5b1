"""The one way a view turns a lookup that found nothing into a 404 (like get_or_404)."""

from __future__ import annotations

from typing import TypeVar

from flask import abort

T = TypeVar("T")


def or_404(value: T | None) -> T:
    """Return what a lookup found, or end the request with 404 Not Found."""
    if value is None:
        abort(404)
    return value
