"""Links to the printable posters of the QR work, for the counter staff's download page."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import request

from tthc.i18n import _l

SIZES = {"a4": _l("A4 dọc"), "a5": _l("A5 dọc"), "label": _l("Nhãn quầy")}


def poster_url(code: str, size: str, fmt: str = "pdf", unit: str | None = None) -> str:
    """The permanent poster address /qr/<code>/<size>.<fmt>, for one counter if a unit is given."""
    path = f"{request.script_root}/qr/{quote(code)}/{size}.{fmt}"
    return f"{path}?{urlencode({'unit': unit})}" if unit else path


def field_poster_url():
    """The builder of a field poster's address, or None while the QR work offers none."""
    return None
