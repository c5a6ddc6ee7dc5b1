"""The figures of the yearly administrative-reform report (báo cáo CCHC), for one year.

The seed report (2023) counts: procedures published and how many are offered online fully or
partly; feedback received and answered ("16/16 phản ánh, kiến nghị được trả lời"), on time;
satisfaction measured per unit; procedures posted with a QR code, and their scans. Staff
figures are not suppressed for small groups (no personal data is in them either).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select

from tthc.admin.models import AuditLog
from tthc.catalog import get_catalog
from tthc.catalog.models import OnlineLevel, Procedure
from tthc.extensions import db
from tthc.feedback import service
from tthc.feedback.models import FeedbackStatus, Rating, satisfied_share
from tthc.qr.models import QrScan
from tthc.qr.scans import FIELD_PREFIX

POSTER_ACTION = "posters.print"  # written by the staff poster download (catalog/poster_views)


@dataclass
class ProcedureRow:
    name: str
    total: int = 0
    full_online: int = 0
    partial_online: int = 0


@dataclass
class FeedbackRow:
    name: str
    received: int = 0
    answered: int = 0
    on_time: int = 0
    open_in_time: int = 0
    open_overdue: int = 0

    def add(self, other: FeedbackRow) -> None:
        for name in ("received", "answered", "on_time", "open_in_time", "open_overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class RatingRow:
    name: str
    counts: dict[str, int] = field(default_factory=lambda: {r.value: 0 for r in Rating})

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def satisfied_share(self) -> float | None:
        return satisfied_share(self.counts)


@dataclass
class YearlyReport:
    year: int
    as_of: dt.date
    procedures: ProcedureRow
    procedures_by_field: list[ProcedureRow]
    feedback: FeedbackRow
    feedback_by_unit: list[FeedbackRow]
    hidden: int
    ratings: RatingRow
    ratings_by_unit: list[RatingRow]
    posters_printed: int
    poster_downloads: int
    scans: int
    scans_by_field: list[tuple[str, int]]


def in_force_during(procedure: Procedure, year: int) -> bool:
    """Published and not yet abolished at some point of the year."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if procedure.effective_from and procedure.effective_from > end:
        return False
    abolished = procedure.abolished_on
    return procedure.is_active or (abolished is not None and abolished >= start)


def _procedure_figures(year: int) -> tuple[ProcedureRow, list[ProcedureRow]]:
    catalog = get_catalog()
    total = ProcedureRow("")
    by_field = {f.slug: ProcedureRow(f.name) for f in catalog.fields}
    for procedure in catalog:
        if not in_force_during(procedure, year):
            continue
        level = procedure.online_service.level if procedure.online_service else None
        for row in (total, by_field.setdefault(procedure.field, ProcedureRow(procedure.field))):
            row.total += 1
            row.full_online += level is OnlineLevel.FULL
            row.partial_online += level is OnlineLevel.PARTIAL
    return total, [row for row in by_field.values() if row.total]


def _local(moment: dt.datetime) -> dt.date:
    zone = ZoneInfo(current_app.config.get("TIMEZONE", "Asia/Ho_Chi_Minh"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(zone).date()


def _unit_name(slug: str | None) -> str:
    unit = get_catalog().unit(slug or "")
    return unit.name if unit else (slug or "")


def _feedback_figures(year: int, as_of: dt.date) -> tuple[FeedbackRow, list[FeedbackRow], int]:
    window = (
        dt.datetime(year - 1, 12, 31, tzinfo=dt.UTC),
        dt.datetime(year + 1, 1, 2, tzinfo=dt.UTC),
    )
    rows = service.received_between(*window)
    total = FeedbackRow("")
    by_unit: dict[str, FeedbackRow] = {}
    hidden = 0
    for item in rows:
        if _local(item.received_at).year != year:
            continue
        if item.hidden:
            hidden += 1
            continue
        row = FeedbackRow("", received=1)
        if item.answered_at is not None:
            row.answered = 1
            row.on_time = int(_local(item.answered_at) <= item.due_on)
        elif item.status != FeedbackStatus.CLOSED.value:
            row.open_in_time = int(item.due_on >= as_of)
            row.open_overdue = int(item.due_on < as_of)
        total.add(row)
        unit = item.routed_unit
        by_unit.setdefault(unit or "", FeedbackRow(_unit_name(unit))).add(row)
    return total, sorted(by_unit.values(), key=lambda r: (-r.received, r.name)), hidden


def _rating_figures(year: int) -> tuple[RatingRow, list[RatingRow]]:
    rows = service.rating_counts(dt.date(year, 1, 1), dt.date(year, 12, 31))
    total = RatingRow("")
    by_unit: dict[str, RatingRow] = {}
    for unit, rating, count in rows:
        if rating not in total.counts:
            continue
        total.counts[rating] += count
        by_unit.setdefault(unit, RatingRow(_unit_name(unit))).counts[rating] += count
    return total, sorted(by_unit.values(), key=lambda r: (-r.total, r.name))


def _poster_figures(year: int) -> tuple[int, int]:
    """Posters printed from the staff area (one audit entry per PDF, its count first)."""
    zone = ZoneInfo(current_app.config.get("TIMEZONE", "Asia/Ho_Chi_Minh"))
    start = dt.datetime(year, 1, 1, tzinfo=zone)
    end = dt.datetime(year + 1, 1, 1, tzinfo=zone)
    details = db.session.scalars(
        select(AuditLog.details).where(
            AuditLog.action == POSTER_ACTION, AuditLog.at >= start, AuditLog.at < end
        )
    ).all()
    printed = 0
    for text in details:
        first = text.split("|", 1)[0].strip()
        printed += int(first) if first.isdigit() else 0
    return printed, len(details)


def _scan_figures(year: int) -> tuple[int, list[tuple[str, int]]]:
    catalog = get_catalog()
    rows = db.session.execute(
        select(QrScan.code, func.sum(QrScan.count))
        .where(QrScan.day >= dt.date(year, 1, 1), QrScan.day <= dt.date(year, 12, 31))
        .group_by(QrScan.code)
    ).all()
    by_field: dict[str, int] = {}
    total = 0
    for code, count in rows:
        count = int(count or 0)
        total += count
        if code.startswith(FIELD_PREFIX):
            slug = code.removeprefix(FIELD_PREFIX)
        else:
            procedure = catalog.get(code)
            slug = procedure.field if procedure else ""
        by_field[slug] = by_field.get(slug, 0) + count
    named = [((catalog.field(s).name if catalog.field(s) else s), n) for s, n in by_field.items()]
    return total, sorted(named, key=lambda item: (-item[1], item[0]))


def yearly_report(year: int, today: dt.date) -> YearlyReport:
    as_of = min(today, dt.date(year, 12, 31))
    procedures, by_field = _procedure_figures(year)
    feedback, feedback_by_unit, hidden = _feedback_figures(year, as_of)
    ratings, ratings_by_unit = _rating_figures(year)
    printed, downloads = _poster_figures(year)
    scans, scans_by_field = _scan_figures(year)
    return YearlyReport(
        year=year,
        as_of=as_of,
        procedures=procedures,
        procedures_by_field=by_field,
        feedback=feedback,
        feedback_by_unit=feedback_by_unit,
        hidden=hidden,
        ratings=ratings,
        ratings_by_unit=ratings_by_unit,
        posters_printed=printed,
        poster_downloads=downloads,
        scans=scans,
        scans_by_field=scans_by_field,
    )
