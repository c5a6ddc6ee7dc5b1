"""The results page /tim-kiem (its JSON twin /api/v1/search lives in tthc.api)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for

from tthc import search as engine
from tthc.catalog import get_catalog
from tthc.search import zero_results
from tthc.search.engine import SearchResult
from tthc.search.filters import LEVELS
from tthc.search.guides import match_guides
from tthc.search.highlight import highlight, matching_alias
from tthc.web import http_cache

bp = Blueprint("search", __name__)

PER_PAGE = 10
MAX_PAGE = 1000


def procedure_url(code: str, slug: str | None = None, *, external: bool = False) -> str:
    """Return the permanent page of a procedure."""
    path = url_for("catalog.procedure", code=code, **({"slug": slug} if slug else {}))
    return current_app.config["SITE_URL"] + path if external else path


def int_arg(name: str, default: int, upper: int) -> int:
    """Read a positive whole number from the query string, within 1..upper; lenient on purpose
    (a page number is typed or edited by hand): anything that is not a number is the default."""
    return min(max(request.args.get(name, default, type=int), 1), upper)


def read_filters() -> dict:
    """Read the filters from the query string, ignoring values that do not exist."""
    field = request.args.get("field") or None
    level = request.args.get("level") or None
    online = request.args.get("online")
    return {
        "field": field if field and get_catalog().field(field) else None,
        "level": level if level in LEVELS else None,
        "online": True if online in ("1", "true") else None,
    }


def _search(q: str, filters: dict, page: int, per_page: int) -> SearchResult:
    result = engine.search(q, page=page, per_page=per_page, **filters)
    counted = q.strip() and result.total == 0 and not any(filters.values())
    if counted:
        http_cache.do_not_memo()  # every repetition must reach the count
    if counted and zero_results.within_client_budget():
        zero_results.record(current_app.instance_path, q)
    return result


@bp.get("/tim-kiem")
def results():
    q = request.args.get("q", "")
    filters = read_filters()
    page = int_arg("page", 1, MAX_PAGE)
    result = _search(q, filters, page, PER_PAGE) if q.strip() else None
    catalog = get_catalog()

    def link(**changes) -> str:
        """Return this search with some filters changed (None removes one), back on page 1."""
        args = {"q": q, **filters, **changes}
        args["online"] = "1" if args.get("online") else None
        return url_for("search.results", **{k: v for k, v in args.items() if v})

    def page_link(number: int) -> str:
        """Return this search, with its filters, on another page."""
        return link(page=number if number > 1 else None)

    return render_template(
        "search/results.html",
        q=q,
        result=result,
        filters=filters,
        catalog=catalog,
        link=link,
        page_link=page_link,
        highlight=highlight,
        matching_alias=matching_alias,
        procedure_url=procedure_url,
        guides=match_guides(catalog.guides, q) if q.strip() else [],
    )
