"""Count scans of the short links (aggregated per code, unit and day) and read the counts back."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from tthc import clock
from tthc.extensions import db
from tthc.qr.models import QrScan

log = logging.getLogger(__name__)

FIELD_PREFIX = "lv/"  # scans of a field poster are counted under "lv/<field slug>"


def field_key(field: str) -> str:
    """Return the code under which scans of a field's short link are counted."""
    return FIELD_PREFIX + field


def upsert_statement(dialect: str, code: str, unit: str, day: dt.date):
    """Return INSERT … ON CONFLICT DO UPDATE count = count + 1, for SQLite or PostgreSQL."""
    table = QrScan.__table__
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(table).values(code=code, unit=unit, day=day, count=1)
    return statement.on_conflict_do_update(
        index_elements=[table.c.code, table.c.unit, table.c.day],
        set_={"count": table.c.count + 1},
    )


def record_scan(code: str, unit: str = "") -> bool:
    """Add one scan for today; on any database failure log it and return False, never raise."""
    try:
        dialect = db.session.get_bind().dialect.name
        db.session.execute(upsert_statement(dialect, code, unit, clock.today()))
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        log.warning("could not count a scan of %s/%s", code, unit, exc_info=True)
        return False
    return True


@dataclass(frozen=True)
class ScanCount:
    code: str
    unit: str
    day: dt.date
    count: int


def scan_counts(
    code: str | None = None,
    unit: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[ScanCount]:
    """Return the daily counts matching the filters, newest day first."""
    query = select(QrScan)
    if code is not None:
        query = query.where(QrScan.code == code)
    if unit is not None:
        query = query.where(QrScan.unit == unit)
    if since is not None:
        query = query.where(QrScan.day >= since)
    if until is not None:
        query = query.where(QrScan.day <= until)
    query = query.order_by(QrScan.day.desc(), QrScan.code, QrScan.unit)
    return [ScanCount(r.code, r.unit, r.day, r.count) for r in db.session.scalars(query)]


def scan_totals(
    since: dt.date | None = None, until: dt.date | None = None, *, by_unit: bool = False
) -> list[tuple[str, str, int]]:
    """Return (code, unit or '', total) over a period, most scanned first."""
    columns = [QrScan.code, QrScan.unit] if by_unit else [QrScan.code]
    query = select(*columns, func.sum(QrScan.count).label("total")).group_by(*columns)
    if since is not None:
        query = query.where(QrScan.day >= since)
    if until is not None:
        query = query.where(QrScan.day <= until)
    query = query.order_by(func.sum(QrScan.count).desc(), QrScan.code)
    rows = db.session.execute(query).all()
    return [(row.code, row.unit if by_unit else "", int(row.total)) for row in rows]
