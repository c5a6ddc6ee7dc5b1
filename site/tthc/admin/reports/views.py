"""Reports without personal data: QR scan counts, and what citizens thought (ratings, votes)."""

from __future__ import annotations

import datetime as dt

from flask import Response, render_template, request

from tthc.admin.accounts.auth import current_staff
from tthc.admin.blueprint import bp
from tthc.admin.exports import to_csv
from tthc.admin.roles import (
    ADMIN,
    EDITOR,
    OFFICER,
    REVIEWER,
    ROLES,
    VIEWER,
    add_nav,
    has_any_role,
    require_roles,
    visible_unit_slugs,
)
from tthc.catalog import get_catalog
from tthc.clock import today
from tthc.feedback import service
from tthc.feedback.models import Rating
from tthc.i18n import _, _l
from tthc.qr.scans import FIELD_PREFIX, scan_totals

PERIODS = (7, 30, 90, 365, 0)  # days; 0 means since the first scan
DEFAULT_PERIOD = 30

# Counts without personal data: the viewer's reports, and what officers need for their counters.
SCAN_ROLES = (ADMIN, OFFICER, VIEWER)
# Ratings and page votes: counts for every role; the free-text comments, which a citizen may
# have signed, only for admins, officers (their units' ratings) and editors (page votes).
OPINION_ROLES = ROLES
VOTE_COMMENT_ROLES = (ADMIN, EDITOR, REVIEWER)


def _period() -> int:
    days = request.args.get("days", DEFAULT_PERIOD, type=int)
    return days if days in PERIODS else DEFAULT_PERIOD


def _scan_rows(days: int, by_unit: bool) -> list[dict]:
    catalog = get_catalog()
    since = today() - dt.timedelta(days=days - 1) if days else None
    rows = []
    for code, unit_slug, total in scan_totals(since=since, by_unit=by_unit):
        if code.startswith(FIELD_PREFIX):
            field = catalog.field(code.removeprefix(FIELD_PREFIX))
            name = _("Lĩnh vực: %(name)s", name=field.name) if field else code
        else:
            procedure = catalog.get(code)
            name = procedure.name if procedure else code
        unit = catalog.unit(unit_slug) if unit_slug else None
        rows.append(
            {
                "code": code,
                "name": name,
                "unit": unit_slug,
                "unit_name": unit.name if unit else unit_slug,
                "total": total,
            }
        )
    return rows


@bp.get("/luot-quet")
@require_roles(*SCAN_ROLES)
def scans():
    days = _period()
    by_unit = request.args.get("by_unit") == "1"
    rows = _scan_rows(days, by_unit)
    return render_template(
        "admin/reports/scans.html",
        rows=rows,
        days=days,
        periods=PERIODS,
        by_unit=by_unit,
        grand_total=sum(row["total"] for row in rows),
    )


@bp.get("/luot-quet.csv")
@require_roles(*SCAN_ROLES)
def scans_csv():
    days = _period()
    rows = _scan_rows(days, by_unit=True)
    header = [_("Mã"), _("Thủ tục / lĩnh vực"), _("Đơn vị"), _("Lượt quét")]
    body = [[r["code"], r["name"], r["unit_name"], r["total"]] for r in rows]
    text = to_csv([header, *body])
    filename = f"luot-quet-{today().isoformat()}-{days or 'tat-ca'}.csv"
    return Response(
        text.encode("utf-8"),
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Content-Type": "text/csv; charset=utf-8",
        },
    )


def _rating_comments(since: dt.date | None) -> list:
    """Comments on units' ratings this account may read: its units' for an officer."""
    user = current_staff()
    if not has_any_role((ADMIN, OFFICER), user):
        return []
    scope = visible_unit_slugs(user)
    comments = service.recent_rating_comments(since)
    return [c for c in comments if scope is None or c.unit_slug in scope]


@bp.get("/danh-gia")
@require_roles(*OPINION_ROLES)
def opinions():
    days = _period()
    since = today() - dt.timedelta(days=days - 1) if days else None
    catalog = get_catalog()
    reads_votes = has_any_role(VOTE_COMMENT_ROLES)
    return render_template(
        "admin/reports/opinions.html",
        days=days,
        periods=PERIODS,
        units=service.unit_satisfaction(since),
        pages=service.page_usefulness(since),
        vote_comments=service.recent_vote_comments(since) if reads_votes else [],
        rating_comments=_rating_comments(since),
        shows_comments=reads_votes or has_any_role((ADMIN, OFFICER)),
        rating_choices=list(Rating),
        procedure=catalog.get,
    )


add_nav("admin.scans", _l("Lượt quét QR"), order=20)
add_nav("admin.opinions", _l("Đánh giá"), order=30)
