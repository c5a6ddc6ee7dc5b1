"""The detail page of one submission, shared by the views that act on it.

views.py (answer, status, hide, photo) and handling.py (extend, transfer) both render this page
again with their form's errors; neither imports the other.
"""

from __future__ import annotations

import functools

from flask import abort, flash, redirect, render_template, url_for

from tthc.admin.accounts.auth import current_staff
from tthc.admin.feedback import inbox
from tthc.admin.feedback.forms import AnswerForm, ExtendForm, HideForm, StatusForm, TransferForm
from tthc.admin.forms import PlainForm
from tthc.admin.roles import ADMIN, OFFICER, sees_unit, visible_unit_slugs
from tthc.catalog import get_catalog
from tthc.feedback import service
from tthc.i18n import _

# Feedback holds citizens' personal data: admins see every unit's, officers their units' only.
FEEDBACK_ROLES = (ADMIN, OFFICER)


def scope() -> set[str] | None:
    """The units whose feedback this account sees (None: every unit)."""
    return visible_unit_slugs(current_staff())


def item_or_404(code: str):
    """The submission, if this account may see it: another unit's is as if it did not exist."""
    item = inbox.find(code)
    if item is None or not sees_unit(current_staff(), item.routed_unit):
        abort(404)
    return item


def back_to(item, anchor: str = ""):
    return redirect(url_for("admin.detail", code=item.tracking_code, _anchor=anchor or None))


def storage_failed(item):
    flash(_("Chưa lưu được vì cơ sở dữ liệu đang bận. Vui lòng thử lại."), "error")
    return back_to(item)


def acts_with(form_name: str, make_form):
    """A view that acts on the submission at /<code> with a posted form, made by
    `make_form(item)`: it is called as view(item, form) once the form is valid. An invalid form
    brings the detail page back with its errors (400, as `form_name`); a busy database, a
    message."""

    def decorate(view):
        @functools.wraps(view)
        def act(code: str):
            item = item_or_404(code)
            form = make_form(item)
            if not form.validate_on_submit():
                return render_detail(item, 400, **{form_name: form})
            try:
                return view(item, form)
            except service.StorageUnavailable:
                return storage_failed(item)

        return act

    return decorate


def render_detail(item, status_code: int = 200, **forms):
    forms.setdefault("answer_form", AnswerForm(answer=item.answer, publish=item.answer_published))
    forms.setdefault("status_form", StatusForm(item.status_enum))
    forms.setdefault("hide_form", HideForm())
    forms.setdefault("unhide_form", PlainForm())
    forms.setdefault("extend_form", ExtendForm(item, formdata=None))
    forms.setdefault("transfer_form", TransferForm(item, get_catalog().units, formdata=None))
    catalog = get_catalog()
    page = render_template(
        "admin/feedback/detail.html",
        item=item,
        procedure=catalog.get(item.procedure_code) if item.procedure_code else None,
        unit=catalog.unit(item.unit_slug) if item.unit_slug else None,
        handling_unit=catalog.unit(item.routed_unit or ""),
        max_extension=service.MAX_EXTENSION_WORKING_DAYS,
        photo=service.has_photo(item),
        overdue=inbox.is_overdue(item),
        **forms,
    )
    return page, status_code
