"""Reminders before the due date and the overdue alert, enqueued once per due date and person."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tthc.extensions import db
from tthc.feedback.models import Feedback, FeedbackStatus
from tthc.feedback.workdays import add_working_days, working_days_between
from tthc.notify import messages, recipients
from tthc.notify.outbox import insert_if_new

OPEN = (FeedbackStatus.RECEIVED.value, FeedbackStatus.IN_PROGRESS.value)


def enqueue_deadline_messages(today: dt.date) -> int:
    """Enqueue what is due today; safe to run again, and by several workers at once.

    A reminder goes to the unit's officers once the due date is N working days away or
    nearer (NOTIFY_REMINDER_WORKING_DAYS, 3); the day after the due date, the overdue alert
    goes to them and to the admins. Extending the due date starts both again for the new date.
    """
    ahead = current_app.config["NOTIFY_REMINDER_WORKING_DAYS"]
    horizon = add_working_days(today, ahead)
    due_soon = db.session.scalars(
        select(Feedback)
        .where(
            Feedback.status.in_(OPEN),
            Feedback.hidden.is_(False),
            Feedback.due_on <= horizon,
        )
        .order_by(Feedback.due_on, Feedback.id)
    ).all()
    added = 0
    for feedback in due_soon:
        if feedback.due_on < today:
            kind = messages.OVERDUE
            people = recipients.officers_and_admins(feedback.routed_unit)
            extra = {}
        else:
            kind = messages.REMINDER
            people = recipients.officers_or_admins(feedback.routed_unit)
            extra = {"working_days_left": working_days_between(today, feedback.due_on)}
        if not people:
            continue
        rendered = messages.render(kind, feedback, **extra)
        key = f"{kind}:{feedback.submission_id}:{feedback.due_on.isoformat()}"
        for email in people:
            try:
                added += insert_if_new(kind, f"{key}:{email}", email, rendered, feedback.id)
                db.session.commit()
            except IntegrityError:  # another worker inserted it between our check and insert
                db.session.rollback()
    return added
