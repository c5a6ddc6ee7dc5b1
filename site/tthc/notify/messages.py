"""The e-mails, rendered from templates/notify/<kind>.txt and .html through Babel.

The staff messages (new, transfer, reminder, overdue) are in Vietnamese, the officers' working
language; the answer goes to the citizen in the language they used on the site
(Feedback.language).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale

from tthc.catalog import get_catalog
from tthc.feedback import tracking
from tthc.feedback.models import Feedback
from tthc.formatting import day
from tthc.i18n import DEFAULT_LANGUAGE, LANGUAGE_PARAM, _l
from tthc.notify.kinds import (  # noqa: F401 (the kinds are named through this module too)
    ANSWER,
    KINDS,
    NEW,
    OVERDUE,
    REMINDER,
    TO_CITIZEN,
    TRANSFER,
    language_of,
)
from tthc.notify.outbox import Rendered

# i18n: subjects of the e-mails; code is the tracking code, due the date the answer is due
SUBJECTS = {
    NEW: _l("[Phản ánh, kiến nghị mới] Mã %(code)s, hạn trả lời %(due)s"),
    TRANSFER: _l("[Phản ánh, kiến nghị được chuyển đến] Mã %(code)s, hạn trả lời %(due)s"),
    REMINDER: _l("[Sắp đến hạn] Phản ánh, kiến nghị mã %(code)s cần trả lời trước %(due)s"),
    OVERDUE: _l("[Quá hạn] Phản ánh, kiến nghị mã %(code)s đã quá hạn trả lời (%(due)s)"),
    ANSWER: _l("Trả lời phản ánh, kiến nghị mã %(code)s"),
}


def local_day(value: dt.date | dt.datetime | None) -> str:
    """The day of a date or moment in the current locale (tthc.formatting.day: dd/mm/yyyy in
    Vietnamese); a moment is first put in the site's time zone (received at 06:30 in Vietnam
    is 23:30 UTC the day before; a naive moment, as SQLite returns it, is UTC)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        zone = ZoneInfo(current_app.config.get("TIMEZONE", "Asia/Ho_Chi_Minh"))
        value = (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(zone).date()
    return day(value)


def vn_date(value: dt.date | dt.datetime | None) -> str:
    """dd/mm/yyyy, the day in the site's time zone, whatever the current locale."""
    with force_locale(DEFAULT_LANGUAGE):
        return local_day(value)


def _path(endpoint: str, **values) -> str:
    # Built without a request: the worker renders the same links as the site.
    return current_app.url_map.bind("localhost").build(endpoint, values)


def status_url(feedback: Feedback, language: str = DEFAULT_LANGUAGE) -> str:
    """The public status page; in another language than Vietnamese it carries ?lang=."""
    code = tracking.display(feedback.tracking_code)
    values = {} if language == DEFAULT_LANGUAGE else {LANGUAGE_PARAM: language}
    return current_app.config["SITE_URL"] + _path("feedback.status", code=code, **values)


def staff_url(feedback: Feedback) -> str:
    return current_app.config["SITE_URL"] + _path("admin.detail", code=feedback.tracking_code)


def render(kind: str, feedback: Feedback, **extra) -> Rendered:
    """Render one kind of message about a submission, in the language of language_of()."""
    catalog = get_catalog()
    procedure = catalog.get(feedback.procedure_code or "")
    unit_slug = feedback.routed_unit or ""
    unit = catalog.unit(unit_slug)
    code = tracking.display(feedback.tracking_code)
    language = language_of(kind, feedback)
    with force_locale(language):
        due = local_day(feedback.due_on)
        context = {
            "lang": language,
            "agency": catalog.agency,
            "feedback": feedback,
            "code": code,
            "category": feedback.category_enum.label,
            "procedure": procedure,
            "unit_name": unit.name if unit else "",
            "received": local_day(feedback.received_at),
            "due": due,
            # the citizen's page in their language; the officers' link stays plain
            "status_url": status_url(feedback, language),
            "staff_url": staff_url(feedback),
            **extra,
        }
        env = current_app.jinja_env
        text = env.get_template(f"notify/{kind}.txt").render(context)
        html = env.get_template(f"notify/{kind}.html").render(context)
        subject = str(SUBJECTS[kind] % {"code": code, "due": due})
    return Rendered(subject, text, html)
