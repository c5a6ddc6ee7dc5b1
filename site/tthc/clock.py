"""The current day in Vietnam, which decides the fees in force and due dates."""

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


def today() -> dt.date:
    """Return today's date in the site's time zone (or the fixed TODAY of a test)."""
    if has_app_context():
        fixed = current_app.config.get("TODAY")
        if fixed:
            return fixed
        zone = current_app.config.get("TIMEZONE", "Asia/Ho_Chi_Minh")
    else:
        zone = "Asia/Ho_Chi_Minh"
    return dt.datetime.now(ZoneInfo(zone)).date()


def now() -> dt.datetime:
    """Return the current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)
