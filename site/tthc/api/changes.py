"""When a procedure's page last changed, and its change log as a feed: one reading for all.

The sitemap's lastmod, the API's `last_modified` and `changed_since`, and the Atom feeds all
read the dated changes from here, so they always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tthc.catalog.catalog import Catalog
from tthc.catalog.models import Change, Procedure


def change_days(procedure: Procedure) -> list[dt.date]:
    """Every day the published record changes: change log entries and fee validity windows."""
    days = [change.date for change in procedure.changes]
    for option in procedure.channels:
        for fee in option.fees:
            if fee.valid_from:
                days.append(fee.valid_from)
            if fee.valid_until:
                days.append(fee.valid_until + dt.timedelta(days=1))  # the day it stops
    if procedure.abolished_on:
        days.append(procedure.abolished_on)
    return days


def last_modified(procedure: Procedure, day: dt.date) -> dt.date | None:
    """Return the latest day up to `day` on which the procedure's page changed, if known."""
    past = [d for d in change_days(procedure) if d <= day]
    return max(past) if past else None


def latest(procedures: list[Procedure], day: dt.date) -> dt.date | None:
    """Return the latest change of any of the procedures up to `day`."""
    days = [d for d in (last_modified(p, day) for p in procedures) if d]
    return max(days) if days else None


@dataclass(frozen=True)
class Entry:
    """One published change of one procedure, for a feed."""

    procedure: Procedure
    change: Change


def entries(catalog: Catalog, field: str | None = None) -> list[Entry]:
    """Return every change log entry (of one field, when given), newest first."""
    found = [
        Entry(procedure, change)
        for procedure in catalog.procedures
        if field is None or procedure.field == field
        for change in procedure.changes
    ]
    found.sort(key=lambda entry: (entry.change.date, entry.procedure.code), reverse=True)
    return found
