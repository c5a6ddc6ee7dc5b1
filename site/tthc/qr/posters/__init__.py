"""Printable posters: one procedure (A4, A5, counter label) or a field's grid, as PDF or PNG."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable

from flask import current_app
from flask_babel import get_locale

from tthc.catalog import get_catalog
from tthc.catalog.models import FieldOfProcedures, Procedure, Unit
from tthc.qr.posters import pdf, png
from tthc.qr.posters.content import procedure_content
from tthc.qr.posters.field_poster import field_pages
from tthc.qr.posters.handout_page import handout_content, handout_page
from tthc.qr.posters.layout import Page
from tthc.qr.posters.procedure_poster import FORMATS, procedure_page

SIZES = tuple(FORMATS)
_CACHE_SIZE = 64
_cache: OrderedDict[tuple, bytes] = OrderedDict()
_lock = threading.Lock()


def _cached(key: tuple, make: Callable[[], bytes | None]) -> bytes | None:
    # Keyed by catalogue version, day and language too: a new fee or a new day makes a new poster.
    key = (get_catalog().version, str(get_locale()), current_app.config["SITE_URL"], *key)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    body = make()
    if body is not None:
        with _lock:
            _cache[key] = body
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    return body


def procedure_pages(
    procedures: Iterable[Procedure], size: str, day: dt.date, unit: Unit | None = None
) -> Iterable[Page]:
    catalog = get_catalog()
    for procedure in procedures:
        yield procedure_page(procedure_content(catalog, procedure, day, unit), size)


def procedure_poster(
    procedure: Procedure, size: str, fmt: str, day: dt.date, unit: Unit | None = None
) -> bytes:
    """Return the poster of one procedure as PDF or PNG bytes."""

    def make() -> bytes:
        (page,) = procedure_pages([procedure], size, day, unit)
        if fmt == "png":
            return png.render(page)
        return pdf.render([page], procedure.name, get_catalog().agency.name)

    key = ("procedure", procedure.code, size, fmt, unit.slug if unit else "", day)
    return _cached(key, make)  # type: ignore[return-value]


def field_poster(
    field: FieldOfProcedures, fmt: str, day: dt.date, page: int = 1, unit: Unit | None = None
) -> bytes | None:
    """Return a field's poster: every page as PDF, or one page as PNG (None past the last).

    With a unit, only the procedures that unit receives, their codes naming it.
    """

    def make() -> bytes | None:
        catalog = get_catalog()
        pages = field_pages(catalog, field, select_procedures(unit, field.slug), day, unit)
        if fmt == "png":
            return png.render(pages[page - 1]) if page <= len(pages) else None
        return pdf.render(pages, field.name, catalog.agency.name)

    unit_slug = unit.slug if unit else ""
    return _cached(("field", field.slug, unit_slug, fmt, page if fmt == "png" else 1, day), make)


def posters_pdf(
    procedures: list[Procedure],
    size: str,
    day: dt.date,
    unit: Unit | None = None,
    progress: Callable[[Iterable[Page]], Iterable[Page]] = lambda pages: pages,
) -> bytes:
    """Return one PDF with a poster per procedure; ``progress`` may wrap the pages (tqdm)."""
    return _one_pdf(progress(procedure_pages(procedures, size, day, unit)))


def handouts_pdf(
    procedures: list[Procedure],
    day: dt.date,
    channel: str | None = None,
    progress: Callable[[Iterable[Page]], Iterable[Page]] = lambda pages: pages,
) -> bytes:
    """Return one PDF with an A5 what-to-bring handout per procedure, for the chosen channel."""
    catalog = get_catalog()
    pages = (handout_page(handout_content(catalog, p, day, channel)) for p in procedures)
    return _one_pdf(progress(pages))


def _one_pdf(pages: Iterable[Page]) -> bytes:
    agency = get_catalog().agency.name
    document = pdf.new_document(agency, agency)
    for page in pages:
        pdf.add_page(document, page)
    return bytes(document.output())


def select_procedures(unit: Unit | None = None, field: str | None = None) -> list[Procedure]:
    """Return the active procedures of a unit and/or a field, in catalogue order."""
    catalog = get_catalog()
    procedures = catalog.procedures_at(unit) if unit else catalog.active
    return [p for p in procedures if field is None or p.field == field]


__all__ = [
    "SIZES",
    "field_poster",
    "handouts_pdf",
    "posters_pdf",
    "procedure_poster",
    "select_procedures",
]
