"""The staff area's one blueprint (/quan-tri): every route of accounts/, feedback/, catalog/ and
reports/ registers on it, so endpoint names stay `admin.<view>`.

Before each request it checks the login and the roles the route declared (tthc.admin.roles);
after it, it keeps staff pages out of search engines. Their cache headers (no-store) come from
the cache policy table (tthc http_cache.POLICIES), like every other response's.
"""

from __future__ import annotations

from flask import Blueprint, request

from tthc.admin import roles
from tthc.admin.forms import PlainForm
from tthc.admin.helpers import TEMPLATE_HELPERS

bp = Blueprint("admin", __name__, url_prefix="/quan-tri")


@bp.before_request
def require_staff():
    # Login, then the roles the route declared (tthc.admin.roles); a route that declared
    # nothing is refused, so a new page is closed until someone says who may open it.
    return roles.check(roles.permission_of(request.endpoint))


@bp.after_request
def staff_headers(response):
    """Staff pages, errors included, are never indexed and never leak their address."""
    # Runs before the app-level security headers, which only fill in what is not set yet.
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


@bp.context_processor
def staff_context():
    return {"logout_form": PlainForm(), **TEMPLATE_HELPERS}
