"""Write messages into the outbox with the change they tell about; deliver them later.

Enqueueing never commits: the caller's commit stores the change and its messages together, so
a message is never lost when the mail server is down and never sent for a change that was rolled
back. Delivery is at least once: a message is marked sent only after the server accepted it, a
failure is retried with exponential backoff, and a worker that dies mid-send leaves the message
to be taken again once its lease ran out (the Message-ID stays the same, so mail clients can
fold such a rare duplicate). Each row has one recipient and a unique key per event and recipient.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import exists, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from tthc import clock
from tthc.extensions import db
from tthc.feedback.models import Feedback
from tthc.notify.kinds import language_of as message_language
from tthc.notify.mailer import Mailer, PermanentFailure, TemporaryFailure
from tthc.notify.models import OutboxMessage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def _pending_in_session(key: str) -> bool:
    return any(
        isinstance(obj, OutboxMessage) and obj.dedup_key == key for obj in db.session.new
    )


def enqueue(
    kind: str, key: str, recipient: str, message: Rendered, feedback: Feedback | None = None
) -> bool:
    """Add a message to the session (the caller commits); False when the key exists already."""
    if _pending_in_session(key):
        return False
    if db.session.scalar(select(exists().where(OutboxMessage.dedup_key == key))):
        return False
    db.session.add(OutboxMessage(feedback=feedback, **_columns(kind, key, recipient, message)))
    return True


def _columns(kind: str, key: str, recipient: str, message: Rendered) -> dict:
    moment = clock.now()
    return {
        "dedup_key": key[:255],
        "kind": kind,
        "recipient": recipient,
        "subject": message.subject[:255],
        "body_text": message.text,
        "body_html": message.html,
        "created_at": moment,
        "next_attempt_at": moment,
    }


def insert_if_new(
    kind: str, key: str, recipient: str, message: Rendered, feedback_id: int | None
) -> bool:
    """Insert a message now, in one statement that ignores an existing key (safe to race)."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(OutboxMessage.__table__)
        .values(feedback_id=feedback_id, attempts=0, **_columns(kind, key, recipient, message))
        .on_conflict_do_nothing(index_elements=["dedup_key"])
    )
    return db.session.execute(statement).rowcount == 1


def backoff(attempts: int) -> dt.timedelta:
    """Wait after the n-th failed attempt: base × 2^(n-1), at most the configured ceiling."""
    base = current_app.config["NOTIFY_BACKOFF_SECONDS"]
    ceiling = current_app.config["NOTIFY_BACKOFF_MAX_SECONDS"]
    return dt.timedelta(seconds=min(ceiling, base * 2 ** max(0, attempts - 1)))


def language_of(row: OutboxMessage) -> str:
    """The language the row was written in (tthc.notify.kinds.language_of)."""
    return message_language(row.kind, row.feedback) if row.feedback else "vi"


def email_of(row: OutboxMessage) -> EmailMessage:
    """The e-mail of an outbox row: plain text with an HTML alternative, a stable Message-ID."""
    host = urlsplit(current_app.config["SITE_URL"]).hostname or "localhost"
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = row.recipient
    message["Subject"] = row.subject
    created = row.created_at
    message["Date"] = format_datetime(created if created.tzinfo else created.replace(tzinfo=dt.UTC))
    message["Message-ID"] = f"<tthc-outbox-{row.id}@{host}>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(row.body_text)
    message.add_alternative(row.body_html, subtype="html")
    # after the content: set_content() clears every Content-* header set before it
    message["Content-Language"] = language_of(row)
    return message


@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def _due(moment: dt.datetime, limit: int) -> list[int]:
    query = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.failed_at.is_(None),
            OutboxMessage.next_attempt_at <= moment,
            or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < moment),
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def _claim(message_id: int, moment: dt.datetime) -> bool:
    """Take one message for this worker; False when another worker was faster."""
    lease = dt.timedelta(seconds=current_app.config["NOTIFY_LEASE_SECONDS"])
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.failed_at.is_(None),
            or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < moment),
        )
        .values(locked_until=moment + lease, attempts=OutboxMessage.attempts + 1)
    )
    db.session.commit()
    return result.rowcount == 1


def deliver_due(mailer: Mailer, *, now: dt.datetime | None = None, limit: int = 200):
    """Send every message that is due; stop at the first failure to reach the server."""
    moment = now or clock.now()
    report = DeliveryReport()
    max_attempts = current_app.config["NOTIFY_MAX_ATTEMPTS"]
    try:
        for message_id in _due(moment, limit):
            db.session.rollback()  # a fresh snapshot for each message
            if not _claim(message_id, moment):
                continue
            row = db.session.get(OutboxMessage, message_id)
            try:
                mailer.send(email_of(row))
            except PermanentFailure as error:
                row.failed_at, row.locked_until, row.last_error = moment, None, str(error)[:2000]
                report.failed.append(row.id)
                log.error("outbox %s to a recipient refused for good: %s", row.id, error)
            except TemporaryFailure as error:
                row.last_error, row.locked_until = str(error)[:2000], None
                if row.attempts >= max_attempts:
                    row.failed_at = moment
                    report.failed.append(row.id)
                    log.error("outbox %s given up after %s attempts", row.id, row.attempts)
                else:
                    row.next_attempt_at = moment + backoff(row.attempts)
                    report.retried.append(row.id)
                    log.warning("outbox %s not sent (attempt %s): %s", row.id, row.attempts, error)
                db.session.commit()
                break  # the server is unreachable or refusing: the rest waits for next round
            else:
                row.sent_at, row.locked_until, row.last_error = moment, None, None
                report.sent.append(row.id)
            db.session.commit()
    finally:
        mailer.close()
    return report
