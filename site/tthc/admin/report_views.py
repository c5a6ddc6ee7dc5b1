"""Staff pages for counters: QR scan counts, poster downloads, and the audit log."""

from __future__ import annotations

import datetime as dt
import math

from flask import Response, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from tthc.admin import audit, posters, ratings
from tthc.admin.auth import current_staff
from tthc.admin.exports import to_csv
from tthc.admin.params import positive_int
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
from tthc.admin.views import bp
from tthc.catalog import get_catalog
from tthc.clock import today
from tthc.extensions import db
from tthc.feedback.models import Rating
from tthc.i18n import _, _l
from tthc.qr.scans import FIELD_PREFIX, scan_totals

PERIODS = (7, 30, 90, 365, 0)  # days; 0 means since the first scan
DEFAULT_PERIOD = 30
AUDIT_PAGE_SIZE = 50

# Counts without personal data: the viewer's reports, and what officers need for their counters.
SCAN_ROLES = (ADMIN, OFFICER, VIEWER)
# Posters are public material: every role may print them.
POSTER_ROLES = ROLES
# Ratings and page votes: counts for every role; the free-text comments, which a citizen may
# have signed, only for admins, officers (their units' ratings) and editors (page votes).
OPINION_ROLES = ROLES
VOTE_COMMENT_ROLES = (ADMIN, EDITOR, REVIEWER)


def _period() -> int:
    if request.args.get("days") == "0":
        return 0
    days = positive_int(request.args.get("days"), DEFAULT_PERIOD)
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
        "admin/scans.html",
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


def _poster_choices() -> tuple[str, str, str]:
    """The unit, field and size asked for; unknown values fall back to none and A4."""
    catalog = get_catalog()
    unit = request.args.get("unit", "")
    field = request.args.get("field", "")
    size = request.args.get("size", "")
    return (
        unit if catalog.unit(unit) else "",
        field if catalog.field(field) else "",
        size if size in posters.SIZES else "a4",
    )


@bp.get("/ap-phich")
@require_roles(*POSTER_ROLES)
def poster_page():
    catalog = get_catalog()
    unit, field, size = _poster_choices()
    procedures = posters.qr_posters.select_procedures(catalog.unit(unit), None)
    groups = [(f, [p for p in procedures if p.field == f.slug]) for f in catalog.fields]
    return render_template(
        "admin/posters.html",
        groups=[(f, items) for f, items in groups if items],
        fields=catalog.fields,
        units=catalog.units,
        unit=unit,
        field=field,
        size=size,
        sizes=posters.SIZES,
        poster_url=posters.poster_url,
        field_poster_url=posters.field_poster_url,
    )


@bp.get("/ap-phich/tai-ve.pdf")
@require_roles(*POSTER_ROLES)
def poster_batch():
    catalog = get_catalog()
    unit, field, size = _poster_choices()
    body, count = posters.batch_pdf(size, catalog.unit(unit), field or None)
    if not count:
        flash(_("Không có thủ tục nào đang áp dụng khớp lựa chọn này."), "error")
        return redirect(url_for("admin.poster_page", unit=unit or None, field=field or None))
    name = "-".join(part for part in ("ap-phich", unit, field, size) if part)
    # Counted in the yearly report (tthc.admin.yearly): how many posters were printed.
    audit.record("posters.print", details=f"{count} | {name}")
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
    )


def _rating_comments(since: dt.date | None) -> list:
    """Comments on units' ratings this account may read: its units' for an officer."""
    user = current_staff()
    if not has_any_role((ADMIN, OFFICER), user):
        return []
    scope = visible_unit_slugs(user)
    comments = ratings.recent_rating_comments(since)
    return [c for c in comments if scope is None or c.unit_slug in scope]


@bp.get("/danh-gia")
@require_roles(*OPINION_ROLES)
def opinions():
    days = _period()
    since = today() - dt.timedelta(days=days - 1) if days else None
    catalog = get_catalog()
    reads_votes = has_any_role(VOTE_COMMENT_ROLES)
    return render_template(
        "admin/opinions.html",
        days=days,
        periods=PERIODS,
        units=ratings.unit_satisfaction(since),
        pages=ratings.page_usefulness(since),
        vote_comments=ratings.recent_vote_comments(since) if reads_votes else [],
        rating_comments=_rating_comments(since),
        shows_comments=reads_votes or has_any_role((ADMIN, OFFICER)),
        rating_choices=list(Rating),
        procedure=catalog.get,
    )


@bp.get("/nhat-ky")
@require_roles(ADMIN)
def audit_page():
    action = request.args.get("action", "")
    action = action if action in audit.ACTIONS else ""
    staff_email = request.args.get("staff", "")[:254]
    target = request.args.get("target", "")[:128]
    query = audit.entries_query(action, staff_email, target)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    pages = max(1, math.ceil((total or 0) / AUDIT_PAGE_SIZE))
    page = min(positive_int(request.args.get("page"), 1), pages)
    entries = db.session.scalars(
        query.offset((page - 1) * AUDIT_PAGE_SIZE).limit(AUDIT_PAGE_SIZE)
    ).all()
    audit.record("audit.view", details=f"action={action or '*'} staff={staff_email or '*'}")
    return render_template(
        "admin/audit.html",
        entries=entries,
        actions=audit.ACTIONS,
        action=action,
        staff_email=staff_email,
        target=target,
        page=page,
        pages=pages,
        total=total or 0,
    )


add_nav("admin.scans", _l("Lượt quét QR"), order=20)
add_nav("admin.opinions", _l("Đánh giá"), order=30)
add_nav("admin.poster_page", _l("Áp phích"), order=40)
add_nav("admin.audit_page", _l("Nhật ký"), order=90)
