"""Public pages of the catalogue: home, procedure, fields and units."""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    redirect,
    render_template,
    request,
    url_for,
)

from tthc import clock
from tthc.catalog import labels
from tthc.catalog.catalog import Catalog
from tthc.catalog.featured import featured_procedures
from tthc.catalog.handout import documents_by_case
from tthc.catalog.links import is_ministry_portal, portal_start, poster_url
from tthc.catalog.models import Level, Procedure
from tthc.catalog.summary import channel_notes, fee_notes, quick_facts
from tthc.lookup import or_404

bp = Blueprint("catalog", __name__)

# Codes are short (1.004222, 1.000039.02); anything longer is not worth a lookup.
MAX_CODE_LENGTH = 40
# How many steps of replacement to follow before giving up (guards against a loop).
MAX_REPLACEMENTS = 10


@bp.record_once
def _setup(state) -> None:
    app: Flask = state.app
    labels.register(app.jinja_env.globals)
    app.jinja_env.globals.update(
        quick_facts=quick_facts,
        fee_notes=fee_notes,
        channel_notes=channel_notes,
        documents_by_case=documents_by_case,
        portal_start=portal_start,
        is_ministry_portal=is_ministry_portal,
    )


def _catalog() -> Catalog:
    from tthc.catalog import get_catalog

    return get_catalog()


def procedure_or_404(catalog: Catalog, code: str) -> Procedure:
    return or_404(catalog.get(code.strip()) if len(code) <= MAX_CODE_LENGTH else None)


def _by_level(procedures: list[Procedure]) -> list[tuple[Level, list[Procedure]]]:
    """Group procedures by the level that performs them; a procedure may be in both groups."""
    groups = [(level, [p for p in procedures if level in p.levels]) for level in Level]
    return [(level, items) for level, items in groups if items]


@bp.get("/")
def home():
    catalog = _catalog()
    return render_template(
        "catalog/home.html",
        field_counts=catalog.field_counts(),
        featured=featured_procedures(catalog),
        total=len(catalog.active),
        guides=catalog.guides,
    )


@bp.get("/thu-tuc/<code>")
@bp.get("/thu-tuc/<code>/<slug>")
def procedure(code: str, slug: str | None = None):
    catalog = _catalog()
    record = procedure_or_404(catalog, code)
    # The page lives at /thu-tuc/<code>; the current slug is accepted, an old one redirects.
    if record.code != code or (slug is not None and slug != record.slug):
        values = {"lang": request.args["lang"]} if "lang" in request.args else {}
        return redirect(url_for("catalog.procedure", code=record.code, **values), 301)
    if not record.is_active:
        return gone(catalog, record)
    return render_template(
        "catalog/procedure.html",
        procedure=record,
        units=catalog.units_for(record),
        field=catalog.field(record.field),
        day=clock.today(),
        feedback_url=url_for("feedback.form", procedure=record.code),
        poster_url=poster_url(record.code),
    )


def gone(catalog: Catalog, record: Procedure):
    """Answer 410 for an abolished or replaced procedure, with its replacement when there is one."""
    replacement = catalog.replacement_of(record)
    for _ in range(MAX_REPLACEMENTS):
        if replacement is None or replacement.is_active:
            break
        replacement = catalog.replacement_of(replacement)
    if replacement is not None and not replacement.is_active:
        replacement = None
    history = sorted(record.changes, key=lambda change: change.date, reverse=True)
    return (
        render_template(
            "catalog/gone.html",
            procedure=record,
            replacement=replacement,
            reason=history[0] if history else None,
            field=catalog.field(record.field),
        ),
        410,
    )


@bp.get("/linh-vuc")
def fields():
    return render_template("catalog/fields.html", field_counts=_catalog().field_counts())


@bp.get("/linh-vuc/<slug>")
def field(slug: str):
    catalog = _catalog()
    record = or_404(catalog.field(slug))
    everything = catalog.in_field(slug, include_inactive=True)
    return render_template(
        "catalog/field.html",
        field=record,
        groups=_by_level([p for p in everything if p.is_active]),
        withdrawn=[p for p in everything if not p.is_active],
        day=clock.today(),
    )


@bp.get("/don-vi")
def units():
    catalog = _catalog()
    groups = [(level, [u for u in catalog.units if u.level is level]) for level in Level]
    return render_template(
        "catalog/units.html",
        groups=[group for group in groups if group[1]],
        counts={unit.slug: len(catalog.procedures_at(unit)) for unit in catalog.units},
    )


@bp.get("/don-vi/<slug>")
def unit(slug: str):
    catalog = _catalog()
    record = or_404(catalog.unit(slug))
    procedures = catalog.procedures_at(record)
    by_field = [(f, [p for p in procedures if p.field == f.slug]) for f in catalog.fields]
    return render_template(
        "catalog/unit.html",
        unit=record,
        groups=[group for group in by_field if group[1]],
        total=len(procedures),
        day=clock.today(),
        feedback_url=url_for("feedback.form", unit=record.slug),
        rate_url=url_for("feedback.rate", unit=record.slug),
    )


@bp.get("/healthz/ping")
def ping():
    """Answer the cheapest request the app can: the baseline of scripts/bench_pages.py."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
