"""Small functions the staff templates call: labels of stored values, times, names."""

from __future__ import annotations

import datetime as dt

from flask_babel import format_datetime, format_percent

from tthc.catalog import get_catalog
from tthc.feedback import tracking
from tthc.feedback.models import (
    CATEGORY_LABELS,
    RATING_LABELS,
    STATUS_LABELS,
    FeedbackCategory,
    FeedbackStatus,
    Rating,
)


def status_label(value: str) -> str:
    try:
        return str(STATUS_LABELS[FeedbackStatus(value)])
    except ValueError:
        return value


def category_label(value: str) -> str:
    try:
        return str(CATEGORY_LABELS[FeedbackCategory(value)])
    except ValueError:
        return value


def rating_label(value: str) -> str:
    try:
        return str(RATING_LABELS[Rating(value)])
    except ValueError:
        return value


def unit_name(slug: str | None) -> str:
    if not slug:
        return ""
    unit = get_catalog().unit(slug)
    return unit.name if unit else slug


def moment(value: dt.datetime | None) -> str:
    """Date and time in the site's time zone, e.g. '28/11/2026 09:15'."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return format_datetime(value, "dd/MM/yyyy HH:mm")


def percent(value: float | None) -> str:
    return "-" if value is None else format_percent(value)


TEMPLATE_HELPERS = {
    "percent": percent,
    "display_code": tracking.display,
    "status_label": status_label,
    "category_label": category_label,
    "rating_label": rating_label,
    "unit_name": unit_name,
    "moment": moment,
}
