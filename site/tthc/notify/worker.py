"""One round of the worker: enqueue today's reminders and overdue alerts, send what is due."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.exc import SQLAlchemyError

from tthc import clock
from tthc.extensions import db
from tthc.notify import schedule
from tthc.notify.mailer import Mailer
from tthc.notify.outbox import DeliveryReport, deliver_due

log = logging.getLogger(__name__)


def run_once(
    client: Mailer, *, today: dt.date | None = None, now: dt.datetime | None = None
) -> tuple[int, DeliveryReport]:
    """Enqueue and deliver once; a database outage is logged and left for the next round."""
    try:
        queued = schedule.enqueue_deadline_messages(today or clock.today())
        report = deliver_due(client, now=now)
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("notification round failed (database); trying again next round")
        return 0, DeliveryReport()
    return queued, report
