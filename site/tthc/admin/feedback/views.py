"""Staff pages of feedback: inbox, CSV export, detail, answer, status, hide, photo.

Every change goes through tthc.feedback.service, which owns the status flow and commits.
"""

from __future__ import annotations

from flask import Response, abort, flash, render_template, request

from tthc.admin import audit
from tthc.admin.accounts.auth import current_staff
from tthc.admin.blueprint import bp
from tthc.admin.feedback import inbox
from tthc.admin.feedback.detail import (
    FEEDBACK_ROLES,
    acts_with,
    back_to,
    item_or_404,
    render_detail,
    scope,
)
from tthc.admin.feedback.export import feedback_csv
from tthc.admin.feedback.forms import AnswerForm, HideForm, StatusForm
from tthc.admin.forms import PlainForm
from tthc.admin.roles import add_nav, require_roles
from tthc.catalog import get_catalog
from tthc.clock import today
from tthc.feedback import service
from tthc.feedback.models import FeedbackCategory, FeedbackStatus
from tthc.i18n import _, _l


def _units():
    """The units this account may filter on (all of them for an admin)."""
    units = scope()
    return [unit for unit in get_catalog().units if units is None or unit.slug in units]


def _filters() -> inbox.InboxFilters:
    return inbox.InboxFilters.from_args(request.args, {unit.slug for unit in _units()})


@bp.get("/phan-anh")
@require_roles(*FEEDBACK_ROLES)
def inbox_page():
    filters = _filters()
    page = inbox.page_of(filters, scope())
    audit.record("feedback.list", details=filters.describe())
    return render_template(
        "admin/feedback/inbox.html",
        filters=filters,
        page=page,
        counts=inbox.counts_by_status(scope()),
        statuses=list(FeedbackStatus),
        categories=list(FeedbackCategory),
        units=_units(),
        is_overdue=inbox.is_overdue,
    )


@bp.get("/phan-anh/xuat.csv")
@require_roles(*FEEDBACK_ROLES)
def export_csv():
    filters = _filters()
    text, count = feedback_csv(inbox.all_matching(filters, scope()))
    audit.record("feedback.export", details=f"{count} | {filters.describe()}")
    return Response(
        text.encode("utf-8"),
        headers={
            "Content-Disposition": f'attachment; filename="phan-anh-{today().isoformat()}.csv"',
            "Content-Type": "text/csv; charset=utf-8",
        },
    )


@bp.get("/phan-anh/<code>")
@require_roles(*FEEDBACK_ROLES)
def detail(code: str):
    item = item_or_404(code)
    audit.record("feedback.view", target=item.tracking_code)
    return render_detail(item)


@bp.post("/phan-anh/<code>/tra-loi")
@require_roles(*FEEDBACK_ROLES)
@acts_with("answer_form", lambda item: AnswerForm())
def answer(item, form):
    service.answer(
        item, form.answer.data, staff_email=current_staff().email, publish=form.publish.data
    )
    published = "published" if item.public_answer else "not published"
    audit.record("feedback.answer", target=item.tracking_code, details=published)
    if item.public_answer:
        flash(_("Đã lưu trả lời và công bố trên trang tra cứu."), "info")
    else:
        flash(_("Đã lưu trả lời. Trả lời không hiện trên trang tra cứu."), "info")
    return back_to(item, "tra-loi")


@bp.post("/phan-anh/<code>/trang-thai")
@require_roles(*FEEDBACK_ROLES)
@acts_with("status_form", lambda item: StatusForm(item.status_enum))
def change_status(item, form):
    previous = item.status
    try:
        service.change_status(item, form.status.data)
    except service.InvalidTransition:
        form.status.errors.append(_("Không thể chuyển sang trạng thái này."))
        return render_detail(item, 400, status_form=form)
    moved = f"{previous} → {item.status}"
    audit.record("feedback.status", target=item.tracking_code, details=moved)
    flash(_("Đã đổi trạng thái thành “%(status)s”.", status=item.status_enum.label), "info")
    return back_to(item, "trang-thai")


@bp.post("/phan-anh/<code>/an")
@require_roles(*FEEDBACK_ROLES)
@acts_with("hide_form", lambda item: HideForm())
def hide(item, form):
    service.hide(item, form.reason.data)
    audit.record("feedback.hide", target=item.tracking_code, details=form.reason.data)
    flash(_("Đã ẩn phản ánh này khỏi hộp thư."), "info")
    return back_to(item)


@bp.post("/phan-anh/<code>/bo-an")
@require_roles(*FEEDBACK_ROLES)
@acts_with("unhide_form", lambda item: PlainForm())
def unhide(item, form):
    service.unhide(item)
    audit.record("feedback.unhide", target=item.tracking_code)
    flash(_("Phản ánh đã hiện lại trong hộp thư."), "info")
    return back_to(item)


@bp.get("/phan-anh/<code>/anh")
@require_roles(*FEEDBACK_ROLES)
def photo(code: str):
    item = item_or_404(code)
    response = service.send_photo(item)
    if response is None:
        abort(404)
    audit.record("feedback.photo", target=item.tracking_code)
    return response


add_nav("admin.inbox_page", _l("Phản ánh, kiến nghị"), order=10, also_current=("admin.detail",))
