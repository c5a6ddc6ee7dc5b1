"""Poster downloads for counter staff, made by the QR feature (tthc.qr)."""

from __future__ import annotations

from flask import url_for

from tthc import clock
from tthc.catalog.models import Unit
from tthc.i18n import _l
from tthc.qr import posters as qr_posters

SIZE_LABELS = {"a4": _l("A4 dọc"), "a5": _l("A5 dọc"), "label": _l("Nhãn quầy")}
SIZES = {size: SIZE_LABELS.get(size, size) for size in qr_posters.SIZES}


def poster_url(code: str, size: str, fmt: str = "pdf", unit: str | None = None) -> str:
    """The permanent poster address of one procedure, for one counter if a unit is given."""
    return url_for("qr.poster", code=code, size=size, fmt=fmt, unit=unit or None)


def field_poster_url(field: str, unit: str | None = None) -> str:
    """One PDF with a QR per procedure of a field, as counters post them."""
    return url_for("qr.field_poster", field=field, fmt="pdf", unit=unit or None)


def batch_pdf(size: str, unit: Unit | None, field: str | None) -> tuple[bytes, int]:
    """One PDF with a poster per active procedure of a unit and/or field, and how many."""
    procedures = qr_posters.select_procedures(unit, field)
    if not procedures:
        return b"", 0
    return qr_posters.posters_pdf(procedures, size, clock.today(), unit), len(procedures)
