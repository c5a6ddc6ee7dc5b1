"""The e-mails, rendered in Vietnamese from templates/notify/<kind>.txt and .html."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale

from tthc.catalog import get_catalog
from tthc.feedback import tracking
from tthc.feedback.models import Feedback
from tthc.notify.outbox import Rendered

NEW = "new"
TRANSFER = "transfer"
REMINDER = "reminder"
OVERDUE = "overdue"
ANSWER = "answer"
KINDS = (NEW, TRANSFER, REMINDER, OVERDUE, ANSWER)

SUBJECTS = {
    NEW: "[Phản ánh, kiến nghị mới] Mã {code}, hạn trả lời {due}",
    TRANSFER: "[Phản ánh, kiến nghị được chuyển đến] Mã {code}, hạn trả lời {due}",
    REMINDER: "[Sắp đến hạn] Phản ánh, kiến nghị mã {code} cần trả lời trước {due}",
    OVERDUE: "[Quá hạn] Phản ánh, kiến nghị mã {code} đã quá hạn trả lời ({due})",
    ANSWER: "Trả lời phản ánh, kiến nghị mã {code}",
}


def vn_date(value: dt.date | dt.datetime | None) -> str:
    """dd/mm/yyyy; a moment is first put in the site's time zone (received at 06:30 in Vietnam
    is 23:30 UTC the day before)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        zone = ZoneInfo(current_app.config.get("TIMEZONE", "Asia/Ho_Chi_Minh"))
        value = (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(zone)
    return value.strftime("%d/%m/%Y")


def _path(endpoint: str, **values) -> str:
    # Built without a request: the worker renders the same links as the site.
    return current_app.url_map.bind("localhost").build(endpoint, values)


def status_url(feedback: Feedback) -> str:
    code = tracking.display(feedback.tracking_code)
    return current_app.config["SITE_URL"] + _path("feedback.status", code=code)


def staff_url(feedback: Feedback) -> str:
    return current_app.config["SITE_URL"] + _path("admin.detail", code=feedback.tracking_code)


def render(kind: str, feedback: Feedback, **extra) -> Rendered:
    """Render one kind of message about a submission (always in Vietnamese)."""
    catalog = get_catalog()
    procedure = catalog.get(feedback.procedure_code or "")
    unit_slug = feedback.routed_unit or ""
    unit = catalog.unit(unit_slug)
    code = tracking.display(feedback.tracking_code)
    with force_locale("vi"):
        context = {
            "agency": catalog.agency,
            "feedback": feedback,
            "code": code,
            "category": feedback.category_enum.label,
            "procedure": procedure,
            "unit_name": unit.name if unit else "",
            "received": vn_date(feedback.received_at),
            "due": vn_date(feedback.due_on),
            "status_url": status_url(feedback),
            "staff_url": staff_url(feedback),
            **extra,
        }
        env = current_app.jinja_env
        text = env.get_template(f"notify/{kind}.txt").render(context)
        html = env.get_template(f"notify/{kind}.html").render(context)
    return Rendered(SUBJECTS[kind].format(code=code, due=context["due"]), text, html)
