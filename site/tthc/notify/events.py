"""What is told to whom when feedback changes; each call only adds to the session's outbox."""

from __future__ import annotations

import hashlib

from sqlalchemy import delete

from tthc import clock
from tthc.catalog import get_catalog
from tthc.extensions import db
from tthc.feedback.models import Feedback
from tthc.notify import messages, recipients
from tthc.notify.models import OutboxMessage
from tthc.notify.outbox import enqueue


def _to_each(kind: str, key: str, people: list[str], feedback: Feedback, **extra) -> int:
    if not people:
        return 0
    rendered = messages.render(kind, feedback, **extra)
    return sum(enqueue(kind, f"{key}:{email}", email, rendered, feedback) for email in people)


def submitted(feedback: Feedback) -> int:
    """A new submission: its unit's officers (the admins when nobody answers for the unit)."""
    people = recipients.officers_or_admins(feedback.routed_unit)
    return _to_each(messages.NEW, f"new:{feedback.submission_id}", people, feedback)


def transferred(feedback: Feedback, from_unit: str | None, note: str) -> int:
    """Moved to another unit: that unit's officers."""
    people = recipients.officers_or_admins(feedback.routed_unit)
    key = f"transfer:{feedback.submission_id}:{clock.now().isoformat()}"
    previous = get_catalog().unit(from_unit or "")
    from_name = previous.name if previous else (from_unit or "")
    return _to_each(messages.TRANSFER, key, people, feedback, from_unit=from_name, note=note)


def answered(feedback: Feedback) -> int:
    """The answer, to the citizen who gave an address and asked for it by e-mail."""
    if not (feedback.answer and feedback.email and feedback.answer_by_email):
        return 0
    digest = hashlib.sha256(feedback.answer.encode()).hexdigest()[:16]
    key = f"answer:{feedback.submission_id}:{digest}"
    return _to_each(messages.ANSWER, key, [feedback.email], feedback)


def forget(feedback_ids: list[int]) -> None:
    """Drop the messages of submissions whose personal data is purged (addresses, answers)."""
    if feedback_ids:
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.feedback_id.in_(feedback_ids)))
