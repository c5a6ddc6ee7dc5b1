"""The outbox: e-mails written in the same transaction as the change they tell about."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tthc.clock import now
from tthc.extensions import db
from tthc.feedback.models import Feedback


class OutboxMessage(db.Model):
    """One e-mail to one recipient; the worker (`flask notify run`) sends it at least once."""

    __tablename__ = "notification_outbox"
    __table_args__ = (
        Index("ix_notification_outbox_due", "sent_at", "failed_at", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # identity: the event and the recipient; a second enqueue of the same key is a no-op
    dedup_key: Mapped[str] = mapped_column(String(255), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    feedback_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), index=True
    )
    feedback: Mapped[Feedback | None] = relationship()

    # the message, rendered when the change was made
    recipient: Mapped[str] = mapped_column(String(254), nullable=False)
    subject: Mapped[str] = mapped_column(String(255), nullable=False)
    body_text: Mapped[str] = mapped_column(Text, nullable=False)
    body_html: Mapped[str] = mapped_column(Text, nullable=False)

    # delivery
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=now
    )
    next_attempt_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=now
    )
    # a worker holds a message it is sending until then; another worker may take it after
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # given up: the server refused the recipient for good, or every attempt failed
    failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    def __repr__(self) -> str:
        state = "sent" if self.sent_at else "failed" if self.failed_at else "pending"
        return f"<OutboxMessage {self.id} {self.kind} {state}>"
