"""GET /api/v1/search: the search results (or suggestions while typing) as JSON.

Moved here from the search feature with the same address and answers; the suggestions script of
every page calls it.
"""

from __future__ import annotations

from flask import current_app, request

from tthc import search as engine
from tthc.api import models as m
from tthc.api.views import bp, json_response
from tthc.catalog import get_catalog
from tthc.i18n import translated_name
from tthc.search import zero_results
from tthc.search.views import int_arg, procedure_url, read_filters
from tthc.web import http_cache

PER_PAGE = 10
MAX_LIMIT = 50
MAX_PAGE = 1000


def _hit(hit) -> m.SearchHit:
    procedure = get_catalog().get(hit.entry.code)
    slug = procedure.slug if procedure else None
    return m.SearchHit(
        code=hit.entry.code,
        name=hit.entry.name,
        name_translated=translated_name(procedure) if procedure else None,
        url=procedure_url(hit.entry.code, slug, external=True),
        field=hit.entry.field,
        level=list(hit.entry.levels),
        score=hit.score,
    )


@bp.get("/api/v1/search")
def search():
    q = request.args.get("q", "")
    # Lenient on purpose, like the results page: the suggestions box sends whatever was typed.
    limit = int_arg("limit", PER_PAGE, MAX_LIMIT)
    if request.args.get("suggest") == "1":
        hits = engine.suggest(q, limit=limit) if q.strip() else []
        body = {"query": q.strip(), "suggestion": None, "total": len(hits)}
    else:
        page = int_arg("page", 1, MAX_PAGE)
        filters = read_filters()
        found = engine.search(q, page=page, per_page=limit, **filters) if q.strip() else None
        counted = found is not None and found.total == 0 and not any(filters.values())
        if counted:
            http_cache.do_not_memo()  # every repetition must reach the count
        if counted and zero_results.within_client_budget():
            zero_results.record(current_app.instance_path, q)
        hits = found.hits if found else []
        body = {
            "query": found.query if found else "",
            "suggestion": found.suggestion if found else None,
            "total": found.total if found else 0,
        }
    response = json_response(m.SearchResults(**body, results=[_hit(hit) for hit in hits]))
    response.vary.update(("Accept-Language", "Cookie"))  # name_translated follows the language
    return response
