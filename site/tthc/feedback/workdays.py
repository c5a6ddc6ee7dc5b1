"""Working days in Vietnam: weekends and public holidays (Tết included) do not count."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

ANSWER_WORKING_DAYS = 15


@lru_cache(maxsize=32)
def _holidays_of(year: int) -> frozenset[dt.date]:
    # The package follows each year's government decision, including the days off around Tết
    # and the days moved when a holiday falls on a weekend.
    return frozenset(holidays.country_holidays("VN", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def add_working_days(start: dt.date, count: int) -> dt.date:
    """Return the day on which `count` working days after `start` have passed.

    The day of receipt does not count, as in the rules on deadlines: a submission received
    on a Friday with one working day to go is due on the next working Monday.
    """
    day = start
    remaining = count
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def answer_due(received: dt.date) -> dt.date:
    return add_working_days(received, ANSWER_WORKING_DAYS)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Count the working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
