"""Feedback records: phản ánh, kiến nghị with their status flow, page votes and unit ratings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum

from sqlalchemy import Boolean, Date, DateTime, Index, LargeBinary, String, Text, false, func
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column

from tthc.clock import now
from tthc.extensions import db
from tthc.i18n import _l


class FeedbackStatus(StrEnum):
    """Where a submission stands; it only moves forward, except that staff may reopen it."""

    RECEIVED = "da_tiep_nhan"
    IN_PROGRESS = "dang_xu_ly"
    ANSWERED = "da_tra_loi"
    CLOSED = "da_dong"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


# i18n: where a citizen's phản ánh, kiến nghị stands, shown on the public status page
STATUS_LABELS = {
    FeedbackStatus.RECEIVED: _l("Đã tiếp nhận"),
    FeedbackStatus.IN_PROGRESS: _l("Đang xử lý"),
    FeedbackStatus.ANSWERED: _l("Đã trả lời"),
    FeedbackStatus.CLOSED: _l("Đã đóng"),
}


class FeedbackCategory(StrEnum):
    RULES = "quy_dinh"
    PROPOSAL = "kien_nghi"
    WRONG_INFO = "thong_tin_sai"

    @property
    def label(self) -> str:
        return str(CATEGORY_LABELS[self])


# i18n: the kinds of submission a citizen picks on the form
CATEGORY_LABELS = {
    FeedbackCategory.RULES: _l("Phản ánh về quy định, thủ tục hành chính"),
    FeedbackCategory.PROPOSAL: _l("Kiến nghị"),
    FeedbackCategory.WRONG_INFO: _l("Thông tin trên trang chưa đúng"),
}


class Rating(StrEnum):
    VERY_SATISFIED = "rat_hai_long"
    SATISFIED = "hai_long"
    UNSATISFIED = "khong_hai_long"

    @property
    def label(self) -> str:
        return str(RATING_LABELS[self])


def satisfied_share(counts: Mapping[str, int]) -> float | None:
    """Share of 'very satisfied' and 'satisfied' among rating counts (keyed by Rating or its
    value, the same thing for a StrEnum); None without ratings."""
    total = sum(counts.values())
    if not total:
        return None
    return (counts.get(Rating.VERY_SATISFIED, 0) + counts.get(Rating.SATISFIED, 0)) / total


# i18n: satisfaction with a unit's service, the three levels of the national survey
RATING_LABELS = {
    Rating.VERY_SATISFIED: _l("Rất hài lòng"),
    Rating.SATISFIED: _l("Hài lòng"),
    Rating.UNSATISFIED: _l("Không hài lòng"),
}


class Feedback(db.Model):
    """One phản ánh or kiến nghị sent through the public form."""

    __tablename__ = "feedback"
    __table_args__ = (
        Index("ix_feedback_status_received", "status", "received_at"),
        Index("ix_feedback_closed_at", "closed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # identity: the code the citizen keeps, and the id of the rendered form (idempotent retries)
    tracking_code: Mapped[str] = mapped_column(String(16), unique=True, nullable=False)
    submission_id: Mapped[str] = mapped_column(String(36), unique=True, nullable=False)

    # what it is about
    category: Mapped[str] = mapped_column(String(20), nullable=False)
    procedure_code: Mapped[str | None] = mapped_column(String(32), index=True)
    unit_slug: Mapped[str | None] = mapped_column(String(100), index=True)
    message: Mapped[str] = mapped_column(Text, nullable=False)

    # personal data: cleared by `flask feedback purge` after the retention period
    name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    photo_file: Mapped[str | None] = mapped_column(String(100))
    personal_data_purged_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    # consent given with the personal-data notice shown on the form
    notice_version: Mapped[str] = mapped_column(String(20), nullable=False)
    consented_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    # the citizen agreed that the answer may be shown on the public status page
    answer_may_be_published: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    # processing
    status: Mapped[str] = mapped_column(
        String(20), nullable=False, default=FeedbackStatus.RECEIVED.value
    )
    received_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=now
    )
    due_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=now, onupdate=now
    )
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    # the answer written by staff
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    answered_by: Mapped[str | None] = mapped_column(String(254))
    answer_published: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    # moderation: an abusive submission is hidden from the inbox, never deleted
    hidden: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    hidden_reason: Mapped[str | None] = mapped_column(Text)

    # routing (tthc.feedback.routing): the unit that answers it, set at submission, transferable
    handling_unit: Mapped[str | None] = mapped_column(String(100), index=True)
    # the citizen asked to receive the answer by e-mail (needs an address)
    answer_by_email: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    # one extension of the due date, with its reason (shown on the public status page)
    original_due_on: Mapped[dt.date | None] = mapped_column(Date)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    extended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    extended_by: Mapped[str | None] = mapped_column(String(254))
    # the interface language the citizen used (tthc.i18n.LANGUAGES): the answer e-mail's language
    language: Mapped[str] = mapped_column(
        String(8), nullable=False, default="vi", server_default="vi"
    )

    @hybrid_property
    def routed_unit(self) -> str | None:
        """The unit that answers it: the handling unit, else (older rows) the unit chosen."""
        return self.handling_unit or self.unit_slug

    @routed_unit.inplace.expression
    @classmethod
    def _routed_unit_expression(cls):
        return func.coalesce(cls.handling_unit, cls.unit_slug)

    @property
    def status_enum(self) -> FeedbackStatus:
        return FeedbackStatus(self.status)

    @property
    def category_enum(self) -> FeedbackCategory:
        return FeedbackCategory(self.category)

    @property
    def public_answer(self) -> str | None:
        """The answer the status page may show: published, and only with the citizen's consent."""
        if self.answer and self.answer_published and self.answer_may_be_published:
            return self.answer
        return None

    def __repr__(self) -> str:
        return f"<Feedback {self.tracking_code} {self.status}>"


class PageVote(db.Model):
    """One anonymous answer to 'Trang này có hữu ích không?': no IP, no time of day."""

    __tablename__ = "page_votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_code: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    useful: Mapped[bool] = mapped_column(Boolean, nullable=False)
    comment: Mapped[str | None] = mapped_column(Text)
    day: Mapped[dt.date] = mapped_column(Date, nullable=False)


class UnitRating(db.Model):
    """One anonymous satisfaction rating of a unit, reached by the unit's own QR code."""

    __tablename__ = "unit_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_slug: Mapped[str] = mapped_column(String(100), nullable=False, index=True)
    rating: Mapped[str] = mapped_column(String(20), nullable=False)
    comment: Mapped[str | None] = mapped_column(Text)
    day: Mapped[dt.date] = mapped_column(Date, nullable=False)


class FeedbackPhoto(db.Model):
    """A re-encoded photo of a submission, in the database so every instance can serve it
    (Feedback.photo_file holds its name). Photos from before are still read from UPLOAD_DIR."""

    __tablename__ = "feedback_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False, unique=True)
    content_type: Mapped[str] = mapped_column(String(40), nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    stored_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
