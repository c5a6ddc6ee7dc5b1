"""Staff pages of feedback: inbox, detail, answer, status, hide, photo and CSV export.

Every change goes through tthc.feedback.service, which owns the status flow and commits.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for

from tthc.admin import audit, inbox, photos
from tthc.admin.auth import current_staff
from tthc.admin.exports import feedback_csv
from tthc.admin.forms import AnswerForm, HideForm, PlainForm, StatusForm
from tthc.admin.roles import ADMIN, OFFICER, add_nav, require_roles, sees_unit, visible_unit_slugs
from tthc.admin.views import bp
from tthc.catalog import get_catalog
from tthc.clock import today
from tthc.feedback import service
from tthc.feedback.models import FeedbackCategory, FeedbackStatus
from tthc.i18n import _, _l

# Feedback holds citizens' personal data: admins see every unit's, officers their units' only.
FEEDBACK_ROLES = (ADMIN, OFFICER)


def _scope() -> set[str] | None:
    return visible_unit_slugs(current_staff())


def _units():
    """The units this account may filter on (all of them for an admin)."""
    scope = _scope()
    return [unit for unit in get_catalog().units if scope is None or unit.slug in scope]


def _filters() -> inbox.InboxFilters:
    return inbox.InboxFilters.from_args(request.args, {unit.slug for unit in _units()})


def _item_or_404(code: str):
    """The submission, if this account may see it: another unit's is as if it did not exist."""
    item = inbox.find(code)
    if item is None or not sees_unit(current_staff(), item.routed_unit):
        abort(404)
    return item


def _back_to(item, anchor: str = ""):
    return redirect(url_for("admin.detail", code=item.tracking_code, _anchor=anchor or None))


def _storage_failed(item):
    flash(_("Chưa lưu được vì cơ sở dữ liệu đang bận. Vui lòng thử lại."), "error")
    return _back_to(item)


@bp.get("/phan-anh")
@require_roles(*FEEDBACK_ROLES)
def inbox_page():
    filters = _filters()
    page = inbox.page_of(filters, _scope())
    audit.record("feedback.list", details=filters.describe())
    return render_template(
        "admin/inbox.html",
        filters=filters,
        page=page,
        counts=inbox.counts_by_status(_scope()),
        statuses=list(FeedbackStatus),
        categories=list(FeedbackCategory),
        units=_units(),
        is_overdue=inbox.is_overdue,
    )


@bp.get("/phan-anh/xuat.csv")
@require_roles(*FEEDBACK_ROLES)
def export_csv():
    filters = _filters()
    text, count = feedback_csv(inbox.all_matching(filters, _scope()))
    audit.record("feedback.export", details=f"{count} | {filters.describe()}")
    return Response(
        text.encode("utf-8"),
        headers={
            "Content-Disposition": f'attachment; filename="phan-anh-{today().isoformat()}.csv"',
            "Content-Type": "text/csv; charset=utf-8",
        },
    )


def _render_detail(item, status_code: int = 200, **forms):
    forms.setdefault("answer_form", AnswerForm(answer=item.answer, publish=item.answer_published))
    forms.setdefault("status_form", StatusForm(item.status_enum))
    forms.setdefault("hide_form", HideForm())
    forms.setdefault("unhide_form", PlainForm())
    from tthc.admin.handling import forms_for  # extend and transfer (it imports this module)

    for name, form in forms_for(item).items():
        forms.setdefault(name, form)
    catalog = get_catalog()
    page = render_template(
        "admin/detail.html",
        item=item,
        procedure=catalog.get(item.procedure_code) if item.procedure_code else None,
        unit=catalog.unit(item.unit_slug) if item.unit_slug else None,
        handling_unit=catalog.unit(item.routed_unit or ""),
        max_extension=service.MAX_EXTENSION_WORKING_DAYS,
        photo=photos.stored_photo(item) is not None,
        overdue=inbox.is_overdue(item),
        **forms,
    )
    return page, status_code


@bp.get("/phan-anh/<code>")
@require_roles(*FEEDBACK_ROLES)
def detail(code: str):
    item = _item_or_404(code)
    audit.record("feedback.view", target=item.tracking_code)
    return _render_detail(item)


@bp.post("/phan-anh/<code>/tra-loi")
@require_roles(*FEEDBACK_ROLES)
def answer(code: str):
    item = _item_or_404(code)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _render_detail(item, 400, answer_form=form)
    try:
        service.answer(
            item, form.answer.data, staff_email=current_staff().email, publish=form.publish.data
        )
    except service.StorageUnavailable:
        return _storage_failed(item)
    published = "published" if item.public_answer else "not published"
    audit.record("feedback.answer", target=item.tracking_code, details=published)
    if item.public_answer:
        flash(_("Đã lưu trả lời và công bố trên trang tra cứu."), "info")
    else:
        flash(_("Đã lưu trả lời. Trả lời không hiện trên trang tra cứu."), "info")
    return _back_to(item, "tra-loi")


@bp.post("/phan-anh/<code>/trang-thai")
@require_roles(*FEEDBACK_ROLES)
def change_status(code: str):
    item = _item_or_404(code)
    form = StatusForm(item.status_enum)
    if not form.validate_on_submit():
        return _render_detail(item, 400, status_form=form)
    previous = item.status
    try:
        service.change_status(item, form.status.data)
    except service.InvalidTransition:
        form.status.errors.append(_("Không thể chuyển sang trạng thái này."))
        return _render_detail(item, 400, status_form=form)
    except service.StorageUnavailable:
        return _storage_failed(item)
    moved = f"{previous} → {item.status}"
    audit.record("feedback.status", target=item.tracking_code, details=moved)
    flash(_("Đã đổi trạng thái thành “%(status)s”.", status=item.status_enum.label), "info")
    return _back_to(item, "trang-thai")


@bp.post("/phan-anh/<code>/an")
@require_roles(*FEEDBACK_ROLES)
def hide(code: str):
    item = _item_or_404(code)
    form = HideForm()
    if not form.validate_on_submit():
        return _render_detail(item, 400, hide_form=form)
    try:
        service.hide(item, form.reason.data)
    except service.StorageUnavailable:
        return _storage_failed(item)
    audit.record("feedback.hide", target=item.tracking_code, details=form.reason.data)
    flash(_("Đã ẩn phản ánh này khỏi hộp thư."), "info")
    return _back_to(item)


@bp.post("/phan-anh/<code>/bo-an")
@require_roles(*FEEDBACK_ROLES)
def unhide(code: str):
    item = _item_or_404(code)
    form = PlainForm()
    if not form.validate_on_submit():
        return _render_detail(item, 400, unhide_form=form)
    try:
        service.unhide(item)
    except service.StorageUnavailable:
        return _storage_failed(item)
    audit.record("feedback.unhide", target=item.tracking_code)
    flash(_("Phản ánh đã hiện lại trong hộp thư."), "info")
    return _back_to(item)


@bp.get("/phan-anh/<code>/anh")
@require_roles(*FEEDBACK_ROLES)
def photo(code: str):
    item = _item_or_404(code)
    response = service.send_photo(item)
    if response is None:
        abort(404)
    audit.record("feedback.photo", target=item.tracking_code)
    return response


add_nav("admin.inbox_page", _l("Phản ánh, kiến nghị"), order=10, also_current=("admin.detail",))
