"""Public figures of a year: feedback handled per month and unit, opinions, QR scans.

Nothing personal leaves this module: only counts, shares and medians, and none for a group of
fewer than MIN_GROUP people (their figure is None, shown as "fewer than 5"), nor any figure from
which such a group's could be worked out (withheld: see tthc.figures.disclosure).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select

from tthc.extensions import db
from tthc.feedback import service
from tthc.feedback.models import Rating
from tthc.feedback.workdays import working_days_between
from tthc.figures.disclosure import MIN_GROUP, withheld
from tthc.qr.models import QrScan
from tthc.qr.scans import FIELD_PREFIX

NO_UNIT = ""  # submissions that name no unit and no procedure


def _local_date(moment: dt.datetime) -> dt.date:
    zone = ZoneInfo(current_app.config.get("TIMEZONE", "Asia/Ho_Chi_Minh"))
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(zone).date()


@dataclass(frozen=True)
class Handling:
    """How the submissions of one group (a month, a unit, or both) were handled."""

    received: int | None  # None: fewer than MIN_GROUP submissions, nothing is shown
    answered: int | None
    on_time_share: float | None  # of the answered ones; None below MIN_GROUP answers
    median_working_days: float | None
    withheld: bool = False  # not small, but hidden so that a small group cannot be worked out

    @classmethod
    def of(
        cls, cases: list[tuple[dt.date, dt.date | None, dt.date]], *, withheld: bool = False
    ) -> Handling:
        """cases: (received on, answered on or None, due on) of each submission."""
        if withheld:
            return cls(None, None, None, None, withheld=True)
        if len(cases) < MIN_GROUP:
            return cls(None, None, None, None)
        answered = [(r, a, d) for r, a, d in cases if a is not None]
        if len(answered) < MIN_GROUP:
            return cls(len(cases), len(answered), None, None)
        on_time = sum(1 for _r, a, d in answered if a <= d)
        days = [working_days_between(r, a) for r, a, _d in answered]
        return cls(len(cases), len(answered), on_time / len(answered), statistics.median(days))


@dataclass(frozen=True)
class FeedbackFigures:
    year: int
    by_month: dict[int, Handling]  # 1..12
    by_unit: dict[str, Handling]  # unit slug, NO_UNIT for none
    by_month_and_unit: dict[tuple[int, str], Handling]
    total: Handling


def feedback_figures(year: int) -> FeedbackFigures:
    """Submissions received in the year (hidden abusive ones left out), by month and unit."""
    start = dt.datetime(year - 1, 12, 31, tzinfo=dt.UTC)
    end = dt.datetime(year + 1, 1, 2, tzinfo=dt.UTC)
    rows = [row for row in service.received_between(start, end) if not row.hidden]
    month: dict[int, list] = defaultdict(list)
    unit: dict[str, list] = defaultdict(list)
    both: dict[tuple[int, str], list] = defaultdict(list)
    every: list = []
    for row in rows:
        received = _local_date(row.received_at)
        if received.year != year:
            continue
        answered = _local_date(row.answered_at) if row.answered_at else None
        case_ = (received, answered, row.due_on)
        slug = row.routed_unit or NO_UNIT
        month[received.month].append(case_)
        unit[slug].append(case_)
        both[(received.month, slug)].append(case_)
        every.append(case_)
    protect = _withheld_groups(month, unit, both, len(every))
    return FeedbackFigures(
        year=year,
        by_month={
            m: Handling.of(month.get(m, []), withheld=protect.get(("month", m)) is False)
            for m in range(1, 13)
        },
        by_unit={
            slug: Handling.of(cases, withheld=protect.get(("unit", slug)) is False)
            for slug, cases in sorted(unit.items())
        },
        by_month_and_unit={
            key: Handling.of(cases, withheld=protect.get(("cell", *key)) is False)
            for key, cases in sorted(both.items())
        },
        total=Handling.of(every, withheld=protect.get(("year",)) is False),
    )


def _withheld_groups(month: dict, unit: dict, both: dict, total: int) -> dict:
    """The year, its months, units and month-unit cells as counts and the sums they form."""
    counts = {("year",): total}
    counts.update({("month", m): len(month.get(m, [])) for m in range(1, 13)})
    counts.update({("unit", slug): len(cases) for slug, cases in unit.items()})
    counts.update({("cell", m, slug): len(cases) for (m, slug), cases in both.items()})
    relations = [
        (("year",), [("month", m) for m in range(1, 13)]),
        (("year",), [("unit", slug) for slug in unit]),
    ]
    relations += [
        (("month", m), [("cell", m, slug) for (m2, slug) in both if m2 == m]) for m in range(1, 13)
    ]
    relations += [
        (("unit", slug), [("cell", m, s) for (m, s) in both if s == slug]) for slug in unit
    ]
    return withheld(counts, relations, total_first=frozenset({("year",)}))


def _year_days(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


@dataclass(frozen=True)
class Counted:
    """A named count, or None when fewer than MIN_GROUP (then `parts` are None too)."""

    key: str
    total: int | None
    parts: dict[str, int] | None = None

    def share(self, *names: str) -> float | None:
        if not self.total or self.parts is None:
            return None
        return sum(self.parts.get(name, 0) for name in names) / self.total


def _suppress(key: str, total: int, parts: dict[str, int] | None = None) -> Counted:
    if total < MIN_GROUP:
        return Counted(key, None, None)
    return Counted(key, total, parts)


def page_votes(year: int) -> list[Counted]:
    """'Was this page useful?' per procedure: parts 'yes' and 'no'; most answers first."""
    counted = [
        _suppress(row.procedure_code, row.useful + row.not_useful,
                  {"yes": row.useful, "no": row.not_useful})
        for row in service.page_usefulness(*_year_days(year))
    ]
    return sorted(counted, key=lambda c: (c.total is None, -(c.total or 0), c.key))


def unit_ratings(year: int) -> list[Counted]:
    """Satisfaction per unit: parts per Rating value; most ratings first."""
    parts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Rating, 0))
    for unit, rating, count in service.rating_counts(*_year_days(year)):
        if rating in {r.value for r in Rating}:
            parts[unit][Rating(rating)] += count
    counted = [
        _suppress(unit, sum(values.values()), {r.value: n for r, n in values.items()})
        for unit, values in parts.items()
    ]
    return sorted(counted, key=lambda c: (c.total is None, -(c.total or 0), c.key))


def procedure_scans(year: int) -> list[Counted]:
    """QR scans per procedure over the year (every counter together); most scanned first."""
    first, last = _year_days(year)
    rows = db.session.execute(
        select(QrScan.code, func.sum(QrScan.count))
        .where(QrScan.day >= first, QrScan.day <= last, QrScan.code.not_like(f"{FIELD_PREFIX}%"))
        .group_by(QrScan.code)
    ).all()
    counted = [_suppress(code, int(total or 0)) for code, total in rows]
    return sorted(counted, key=lambda c: (c.total is None, -(c.total or 0), c.key))


def small_groups(rows: list[Counted]) -> int:
    """How many rows were too small to show."""
    return sum(1 for row in rows if row.total is None)


def years_with_data(today: dt.date) -> list[int]:
    """The years a visitor may pick: from the first submission, vote or scan to this year."""
    firsts = [db.session.scalar(select(func.min(QrScan.day)))]
    firsts += [
        _local_date(first) if isinstance(first, dt.datetime) else first
        for first in service.first_activity()
    ]
    known = [day.year for day in firsts if day is not None]
    start = min(known + [today.year])
    return list(range(today.year, start - 1, -1))
