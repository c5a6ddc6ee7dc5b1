"""What can happen to feedback: submit, look up, answer, move along the status flow, purge.

The staff area (tthc.admin) calls these functions; it never writes the tables itself, nor
queries them: the inbox, its export, the counts, the ratings and the yearly figures are read here.
Every function that writes commits before returning, and raises StorageUnavailable when the
database refused, so a caller never tells anyone "done" for a write that did not happen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, case, false, func, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from tthc import clock
from tthc.extensions import db
from tthc.feedback import photos, routing, tracking
from tthc.feedback.models import (
    Feedback,
    FeedbackCategory,
    FeedbackStatus,
    PageVote,
    Rating,
    UnitRating,
    satisfied_share,
)
from tthc.feedback.workdays import add_working_days, answer_due, is_working_day

CODE_ATTEMPTS = 5
# An extension moves the due date by at most this many working days (once).
MAX_EXTENSION_WORKING_DAYS = 15
PURGED_MESSAGE = ""

# Staff may move a submission forward, close it at any time, or reopen a closed one.
ALLOWED_MOVES: dict[FeedbackStatus, set[FeedbackStatus]] = {
    FeedbackStatus.RECEIVED: {FeedbackStatus.IN_PROGRESS, FeedbackStatus.CLOSED},
    FeedbackStatus.IN_PROGRESS: {FeedbackStatus.RECEIVED, FeedbackStatus.CLOSED},
    FeedbackStatus.ANSWERED: {FeedbackStatus.IN_PROGRESS, FeedbackStatus.CLOSED},
    FeedbackStatus.CLOSED: {FeedbackStatus.IN_PROGRESS},
}


class StorageUnavailable(RuntimeError):
    """The database did not accept the write; nothing was acknowledged."""


class InvalidTransition(ValueError):
    """A status change the flow does not allow."""


@dataclass(frozen=True)
class Submission:
    """What the form collected, already validated and cleaned."""

    submission_id: str
    category: FeedbackCategory
    message: str
    name: str
    phone: str | None
    email: str | None
    notice_version: str
    procedure_code: str | None = None
    unit_slug: str | None = None
    answer_may_be_published: bool = False
    photo_file: str | None = None
    answer_by_email: bool = False
    language: str = "vi"  # the page's language (tthc.i18n.current_language)


def commit() -> None:
    """Commit, or raise StorageUnavailable after rolling back."""
    try:
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        raise StorageUnavailable(str(error)) from error


def by_submission_id(submission_id: str) -> Feedback | None:
    return db.session.scalars(
        select(Feedback).where(Feedback.submission_id == submission_id)
    ).first()


def submit(data: Submission) -> tuple[Feedback, bool]:
    """Store a submission once; return it and whether it was new (False for a retry)."""
    try:
        existing = by_submission_id(data.submission_id)
    except SQLAlchemyError as error:
        db.session.rollback()
        raise StorageUnavailable(str(error)) from error
    if existing is not None:
        return existing, False
    received = clock.now()
    handling_unit = routing.unit_for(data.procedure_code, data.unit_slug)
    for _attempt in range(CODE_ATTEMPTS):
        feedback = Feedback(
            tracking_code=tracking.new_code(),
            submission_id=data.submission_id,
            category=data.category.value,
            procedure_code=data.procedure_code or None,
            unit_slug=data.unit_slug or None,
            message=data.message,
            name=data.name,
            phone=data.phone or None,
            email=data.email or None,
            photo_file=data.photo_file,
            notice_version=data.notice_version,
            consented_at=received,
            answer_may_be_published=data.answer_may_be_published,
            status=FeedbackStatus.RECEIVED.value,
            received_at=received,
            due_on=answer_due(clock.today()),
            handling_unit=handling_unit,
            answer_by_email=bool(data.answer_by_email and data.email),
            language=data.language,
        )
        db.session.add(feedback)
        try:
            notify_events().submitted(feedback)  # the outbox is written in this transaction
            db.session.commit()
            return feedback, True
        except IntegrityError:
            # Either a retry of the same form won the race, or (very rarely) the code was taken.
            db.session.rollback()
            existing = by_submission_id(data.submission_id)
            if existing is not None:
                return existing, False
        except SQLAlchemyError as error:
            db.session.rollback()
            raise StorageUnavailable(str(error)) from error
    raise StorageUnavailable("no free tracking code")


def find_by_code(typed: str | None) -> Feedback | None:
    """Return the submission of a typed tracking code (any case, spaces or dashes), or None."""
    code = tracking.normalize(typed)
    if code is None:
        return None
    return db.session.scalars(select(Feedback).where(Feedback.tracking_code == code)).first()


def get(feedback_id: int) -> Feedback | None:
    return db.session.get(Feedback, feedback_id)


def query(
    *,
    status: FeedbackStatus | str | None = None,
    category: FeedbackCategory | str | None = None,
    unit_slug: str | None = None,
    procedure_code: str | None = None,
    overdue: bool = False,
    include_hidden: bool = False,
    hidden_only: bool = False,
    tracking_code: str | None = None,
    units: Collection[str] | None = None,
    today: dt.date | None = None,
) -> Select:
    """Return a select of submissions matching the staff inbox filters, oldest due first.

    `units` is the units whose submissions the viewer may see (None: every unit; empty: none);
    a submission counts for the unit handling it (`routed_unit`).
    """
    statement = select(Feedback)
    if status:
        statement = statement.where(Feedback.status == FeedbackStatus(status).value)
    if category:
        statement = statement.where(Feedback.category == FeedbackCategory(category).value)
    if unit_slug:
        statement = statement.where(Feedback.routed_unit == unit_slug)
    if procedure_code:
        statement = statement.where(Feedback.procedure_code == procedure_code)
    if overdue:
        statement = statement.where(
            Feedback.due_on < (today or clock.today()),
            Feedback.status.in_([FeedbackStatus.RECEIVED.value, FeedbackStatus.IN_PROGRESS.value]),
        )
    if hidden_only:
        statement = statement.where(Feedback.hidden.is_(True))
    elif not include_hidden:
        statement = statement.where(Feedback.hidden.is_(False))
    if tracking_code:
        statement = statement.where(Feedback.tracking_code == tracking_code)
    statement = _in_units(statement, units)
    return statement.order_by(Feedback.due_on, Feedback.id)


def _in_units(statement: Select, units: Collection[str] | None) -> Select:
    if units is None:
        return statement
    if not units:
        return statement.where(false())
    return statement.where(Feedback.routed_unit.in_(sorted(units)))


def page_of(statement: Select, page: int, per_page: int) -> Pagination:
    """One page of a query() (Flask-SQLAlchemy's pagination); past the end, the last page."""
    result = db.paginate(statement, page=page, per_page=per_page, error_out=False)
    if result.page > 1 and not result.items:
        last = max(result.pages, 1)
        result = db.paginate(statement, page=last, per_page=per_page, error_out=False)
    return result


def each(statement: Select) -> Iterator[Feedback]:
    """Every submission of a query(), fetched in batches so a large export does not fill memory."""
    yield from db.session.scalars(statement.execution_options(yield_per=500))


def counts_by_status(units: Collection[str] | None) -> dict[str, int]:
    """Visible submissions per status, and how many are overdue ("overdue"), in these units."""
    statement = select(Feedback.status, func.count()).where(Feedback.hidden.is_(False))
    rows = db.session.execute(_in_units(statement, units).group_by(Feedback.status)).all()
    counts = {status: count for status, count in rows}
    overdue = query(overdue=True, units=units).order_by(None).subquery()
    counts["overdue"] = db.session.scalar(select(func.count()).select_from(overdue)) or 0
    return counts


def list_feedback(**filters) -> list[Feedback]:
    return list(db.session.scalars(query(**filters)))


def is_overdue(feedback: Feedback, today: dt.date | None = None) -> bool:
    open_ = feedback.status_enum in (FeedbackStatus.RECEIVED, FeedbackStatus.IN_PROGRESS)
    return open_ and feedback.due_on < (today or clock.today())


def answer(feedback: Feedback, text: str, *, staff_email: str, publish: bool) -> Feedback:
    """Record the written answer; it shows on the status page only if the citizen agreed."""
    if not text or not text.strip():
        raise ValueError("an answer needs text")
    feedback.answer = text.strip()
    feedback.answered_at = clock.now()
    feedback.answered_by = staff_email
    feedback.answer_published = bool(publish and feedback.answer_may_be_published)
    feedback.status = FeedbackStatus.ANSWERED.value
    feedback.closed_at = None
    try:
        notify_events().answered(feedback)
    except SQLAlchemyError as error:
        db.session.rollback()
        raise StorageUnavailable(str(error)) from error
    commit()
    return feedback


def change_status(feedback: Feedback, status: FeedbackStatus | str) -> Feedback:
    """Move a submission along the flow; answering goes through answer()."""
    new = FeedbackStatus(status)
    if new == feedback.status_enum:
        return feedback
    if new not in ALLOWED_MOVES[feedback.status_enum]:
        raise InvalidTransition(f"{feedback.status} -> {new.value}")
    feedback.status = new.value
    feedback.closed_at = clock.now() if new is FeedbackStatus.CLOSED else None
    commit()
    return feedback


def hide(feedback: Feedback, reason: str) -> Feedback:
    """Hide an abusive submission from the inbox; it is kept, and can be shown again."""
    feedback.hidden = True
    feedback.hidden_reason = reason.strip() or None
    commit()
    return feedback


def unhide(feedback: Feedback) -> Feedback:
    feedback.hidden = False
    feedback.hidden_reason = None
    commit()
    return feedback


def send_photo(feedback: Feedback):
    """Return a download response of the submission's photo (staff only), or None."""
    return photos.send_photo(feedback.photo_file)


def has_photo(feedback: Feedback) -> bool:
    """Whether the submission's photo is still stored (it has none, or it was purged)."""
    return photos.load(feedback.photo_file) is not None


def purge(days: int, *, now: dt.datetime | None = None) -> int:
    """Remove personal data and photos of submissions closed more than `days` days ago."""
    cutoff = (now or clock.now()) - dt.timedelta(days=days)
    due = db.session.scalars(
        select(Feedback).where(
            Feedback.status == FeedbackStatus.CLOSED.value,
            Feedback.closed_at <= cutoff,
            Feedback.personal_data_purged_at.is_(None),
        )
    ).all()
    files = []
    for feedback in due:
        files.append(feedback.photo_file)
        # Free text often holds names, addresses and numbers too: it goes with the rest.
        feedback.message = PURGED_MESSAGE
        feedback.name = feedback.phone = feedback.email = feedback.photo_file = None
        feedback.personal_data_purged_at = clock.now()
    notify_events().forget([feedback.id for feedback in due])  # addresses and answers in mail
    commit()
    # Files go only once the database no longer points at them.
    for name in files:
        photos.delete(name)
    return len(due)


def notify_events():
    """The notifications feature (imported late: it imports the feedback models)."""
    from tthc.notify import events

    return events


class InvalidExtension(ValueError):
    """The due date cannot be moved like that (already extended, or not a later working day)."""


def extend_due(feedback: Feedback, new_due: dt.date, reason: str, *, staff_email: str) -> Feedback:
    """Move the due date once, to a later working day, with a reason the citizen will see."""
    reason = (reason or "").strip()
    if feedback.original_due_on is not None:
        raise InvalidExtension("already extended")
    if not reason:
        raise InvalidExtension("an extension needs a reason")
    limit = add_working_days(feedback.due_on, MAX_EXTENSION_WORKING_DAYS)
    if new_due <= feedback.due_on or new_due > limit or not is_working_day(new_due):
        raise InvalidExtension("not a later working day within the limit")
    feedback.original_due_on = feedback.due_on
    feedback.due_on = new_due
    feedback.extension_reason = reason
    feedback.extended_at = clock.now()
    feedback.extended_by = staff_email
    commit()
    return feedback


def transfer(feedback: Feedback, unit_slug: str, note: str = "") -> str | None:
    """Hand a submission to another unit and tell that unit; return the previous unit."""
    previous = feedback.handling_unit
    if unit_slug == previous:
        return previous
    feedback.handling_unit = unit_slug
    try:
        notify_events().transferred(feedback, previous, note.strip())
    except SQLAlchemyError as error:
        db.session.rollback()
        raise StorageUnavailable(str(error)) from error
    commit()
    return previous


# -- what citizens said without writing a phản ánh: page votes, satisfaction with each unit ----

RECENT_COMMENTS = 50


@dataclass(frozen=True)
class UnitSatisfaction:
    unit: str
    counts: dict[Rating, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def satisfied_share(self) -> float | None:
        return satisfied_share(self.counts)


@dataclass(frozen=True)
class PageUsefulness:
    procedure_code: str
    useful: int
    not_useful: int


def rating_counts(
    since: dt.date | None, until: dt.date | None = None
) -> list[tuple[str, str, int]]:
    """(unit, rating, count) of the units' ratings within the days (None: no bound)."""
    statement = select(UnitRating.unit_slug, UnitRating.rating, func.count()).group_by(
        UnitRating.unit_slug, UnitRating.rating
    )
    if since is not None:
        statement = statement.where(UnitRating.day >= since)
    if until is not None:
        statement = statement.where(UnitRating.day <= until)
    return [tuple(row) for row in db.session.execute(statement)]


def unit_satisfaction(since: dt.date | None) -> list[UnitSatisfaction]:
    """Ratings per unit within the period, the most rated unit first."""
    counts: dict[str, dict[Rating, int]] = {}
    for unit, rating, count in rating_counts(since):
        try:
            key = Rating(rating)
        except ValueError:
            continue
        counts.setdefault(unit, dict.fromkeys(Rating, 0))[key] = count
    rows = [UnitSatisfaction(unit, values) for unit, values in counts.items()]
    return sorted(rows, key=lambda row: (-row.total, row.unit))


def page_usefulness(
    since: dt.date | None, until: dt.date | None = None
) -> list[PageUsefulness]:
    """'Was this page useful?' answers per procedure within the days, the most 'no' first."""
    no = func.sum(case((PageVote.useful.is_(False), 1), else_=0))
    yes = func.sum(case((PageVote.useful.is_(True), 1), else_=0))
    statement = select(PageVote.procedure_code, yes, no).group_by(PageVote.procedure_code)
    if since is not None:
        statement = statement.where(PageVote.day >= since)
    if until is not None:
        statement = statement.where(PageVote.day <= until)
    rows = [
        PageUsefulness(code, int(y or 0), int(n or 0))
        for code, y, n in db.session.execute(statement)
    ]
    return sorted(rows, key=lambda row: (-row.not_useful, -row.useful, row.procedure_code))


def recent_vote_comments(since: dt.date | None, limit: int = RECENT_COMMENTS) -> list[PageVote]:
    return _recent_comments(PageVote, since, limit)


def recent_rating_comments(since: dt.date | None, limit: int = RECENT_COMMENTS) -> list[UnitRating]:
    return _recent_comments(UnitRating, since, limit)


def _recent_comments(model, since: dt.date | None, limit: int) -> list:
    """The newest page votes or unit ratings that came with a comment."""
    statement = select(model).where(model.comment.is_not(None), model.comment != "")
    if since is not None:
        statement = statement.where(model.day >= since)
    statement = statement.order_by(model.day.desc(), model.id.desc()).limit(limit)
    return list(db.session.scalars(statement))


# -- the yearly report's figures (tthc.admin.reports.yearly) -----------------------------------


@dataclass(frozen=True)
class ReceivedRow:
    """What the yearly report counts of one submission."""

    received_at: dt.datetime
    answered_at: dt.datetime | None
    due_on: dt.date
    status: str
    routed_unit: str | None
    hidden: bool


def first_activity() -> list[dt.date | dt.datetime]:
    """The first day of a page vote, of a unit rating, and the first submission's moment."""
    firsts = [
        db.session.scalar(select(func.min(PageVote.day))),
        db.session.scalar(select(func.min(UnitRating.day))),
        db.session.scalar(select(func.min(Feedback.received_at))),
    ]
    return [first for first in firsts if first is not None]


def received_between(start: dt.datetime, end: dt.datetime) -> list[ReceivedRow]:
    """Every submission received in [start, end), hidden ones included."""
    rows = db.session.execute(
        select(
            Feedback.received_at, Feedback.answered_at, Feedback.due_on, Feedback.status,
            Feedback.routed_unit, Feedback.hidden,
        ).where(Feedback.received_at >= start, Feedback.received_at < end)
    ).all()
    return [ReceivedRow(*row) for row in rows]
