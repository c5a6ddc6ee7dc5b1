"""Public pages of the catalogue: home, procedure, fields and units."""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    abort,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf

from tthc import clock
from tthc.catalog import labels
from tthc.catalog.catalog import Catalog
from tthc.catalog.featured import featured_procedures
from tthc.catalog.links import optional_url, poster_url
from tthc.catalog.models import Level, Procedure
from tthc.catalog.page_cache import (
    FragmentCache,
    cached_page,
    page_cache,
    page_key,
    reusable,
)
from tthc.catalog.summary import channel_notes, fee_notes, quick_facts
from tthc.catalog.unit_index import procedures_by_unit

bp = Blueprint("catalog", __name__)

# Codes are short (1.004222, 1.000039.02); anything longer is not worth a lookup.
MAX_CODE_LENGTH = 40
# Stands for the visitor's CSRF token in a cached page.
CSRF_MARK = "csrf-token-of-this-request"
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
        optional_url=optional_url,
    )
    # Off under TESTING unless asked for: tests may change configuration between requests.
    size = app.config.get("PAGE_CACHE_SIZE", 0 if app.testing else 512)
    app.extensions["catalog_pages"] = FragmentCache(size)


def _catalog() -> Catalog:
    from tthc.catalog import get_catalog

    return get_catalog()


def _by_level(procedures: list[Procedure]) -> list[tuple[Level, list[Procedure]]]:
    """Group procedures by the level that performs them; a procedure may be in both groups."""
    groups = [(level, [p for p in procedures if level in p.levels]) for level in Level]
    return [(level, items) for level, items in groups if items]


@bp.get("/")
def home():
    def context():
        catalog = _catalog()
        return {
            "field_counts": catalog.field_counts(),
            "featured": featured_procedures(catalog),
            "total": len(catalog.active),
        }

    return cached_page("catalog/home.html", context)


@bp.get("/thu-tuc/<code>")
@bp.get("/thu-tuc/<code>/<slug>")
def procedure(code: str, slug: str | None = None):
    catalog = _catalog()
    record = catalog.get(code.strip()) if len(code) <= MAX_CODE_LENGTH else None
    if record is None:
        abort(404)
    # The page lives at /thu-tuc/<code>; the current slug is accepted, an old one redirects.
    if record.code != code or (slug is not None and slug != record.slug):
        values = {"lang": request.args["lang"]} if "lang" in request.args else {}
        return redirect(url_for("catalog.procedure", code=record.code, **values), 301)
    if not record.is_active:
        return gone(catalog, record)
    day = clock.today()
    body = page_cache().get_or_render(
        ("body", record.code, str(get_locale()), day, catalog.version),
        lambda: render_template(
            "catalog/_procedure_body.html",
            procedure=record,
            units=catalog.units_for(record),
            field=catalog.field(record.field),
            day=day,
        ),
    )
    # The page around the body also depends on the URL (language links). Forms on it (the
    # feedback feature's "useful" form) carry a per-visitor CSRF token: the page is rendered
    # with a marker in its place, and each request swaps in its own token.
    page = page_cache().get_or_render(
        page_key("page", record.code),
        lambda: render_template(
            "catalog/procedure.html",
            procedure=record,
            body=body,
            feedback_url=optional_url("feedback.form", {"procedure": record.code}),
            poster_url=poster_url(record.code),
            csrf_token=lambda: CSRF_MARK,
        ),
        keep=reusable,
    )
    return page.replace(CSRF_MARK, generate_csrf()) if CSRF_MARK in page else page


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
    return cached_page("catalog/fields.html", lambda: {"field_counts": _catalog().field_counts()})


@bp.get("/linh-vuc/<slug>")
def field(slug: str):
    catalog = _catalog()
    record = catalog.field(slug)
    if record is None:
        abort(404)

    def context():
        everything = catalog.in_field(slug, include_inactive=True)
        return {
            "field": record,
            "groups": _by_level([p for p in everything if p.is_active]),
            "withdrawn": [p for p in everything if not p.is_active],
            "day": clock.today(),
        }

    return cached_page("catalog/field.html", context)


@bp.get("/don-vi")
def units():
    def context():
        catalog = _catalog()
        groups = [(level, [u for u in catalog.units if u.level is level]) for level in Level]
        index = procedures_by_unit(catalog)
        return {
            "groups": [group for group in groups if group[1]],
            "counts": {slug: len(items) for slug, items in index.items()},
        }

    return cached_page("catalog/units.html", context)


@bp.get("/don-vi/<slug>")
def unit(slug: str):
    catalog = _catalog()
    record = catalog.unit(slug)
    if record is None:
        abort(404)

    def context():
        procedures = procedures_by_unit(catalog)[record.slug]
        by_field = [(f, [p for p in procedures if p.field == f.slug]) for f in catalog.fields]
        return {
            "unit": record,
            "groups": [group for group in by_field if group[1]],
            "total": len(procedures),
            "day": clock.today(),
            "feedback_url": optional_url("feedback.form", {"unit": record.slug}),
            "rate_url": optional_url("feedback.rate", {"slug": record.slug}, {"unit": record.slug}),
        }

    return cached_page("catalog/unit.html", context)


@bp.get("/healthz/ping")
def ping():
    """Answer the cheapest request the app can: the baseline of scripts/bench_pages.py."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
