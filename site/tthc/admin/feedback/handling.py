"""Staff pages that move a submission: extend its due date once, transfer it to another unit.

Both are logged in the audit log; the extension and its reason show on the public status page,
the transfer tells the new unit's officers (tthc.notify).
"""

from __future__ import annotations

from flask import flash, redirect, url_for

from tthc.admin import audit
from tthc.admin.accounts.auth import current_staff
from tthc.admin.blueprint import bp
from tthc.admin.feedback.detail import (
    FEEDBACK_ROLES,
    acts_with,
    back_to,
    render_detail,
)
from tthc.admin.feedback.forms import ExtendForm, TransferForm
from tthc.admin.roles import require_roles, sees_unit
from tthc.catalog import get_catalog
from tthc.feedback import service
from tthc.formatting import day as format_day
from tthc.i18n import _


@bp.post("/phan-anh/<code>/gia-han")
@require_roles(*FEEDBACK_ROLES)
@acts_with("extend_form", ExtendForm)
def extend_due(item, form):
    before = item.due_on
    try:
        service.extend_due(
            item, form.new_due.data, form.extension_reason.data, staff_email=current_staff().email
        )
    except service.InvalidExtension:  # a second extension raced this one
        form.new_due.errors = [_("Hạn trả lời chỉ được gia hạn một lần.")]
        return render_detail(item, 400, extend_form=form)
    details = f"{before.isoformat()} → {item.due_on.isoformat()}: {item.extension_reason}"
    audit.record("feedback.extend", target=item.tracking_code, details=details)
    flash(_("Đã gia hạn trả lời đến ngày %(day)s.", day=format_day(item.due_on)), "info")
    return back_to(item, "gia-han")


@bp.post("/phan-anh/<code>/chuyen")
@require_roles(*FEEDBACK_ROLES)
@acts_with("transfer_form", lambda item: TransferForm(item, get_catalog().units))
def transfer(item, form):
    catalog = get_catalog()
    previous = service.transfer(item, form.transfer_unit.data, form.transfer_note.data or "")
    details = f"{previous or '-'} → {item.handling_unit}"
    if form.transfer_note.data:
        details += f": {form.transfer_note.data.strip()}"
    audit.record("feedback.transfer", target=item.tracking_code, details=details)
    flash(_("Đã chuyển phản ánh đến %(unit)s.", unit=catalog.unit(item.handling_unit).name), "info")
    if not sees_unit(current_staff(), item.routed_unit):  # an officer gave it away
        return redirect(url_for("admin.inbox_page"))
    return back_to(item, "chuyen")
