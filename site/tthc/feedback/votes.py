"""Anonymous opinions: 'was this page useful' per procedure, satisfaction per unit."""

from __future__ import annotations

from sqlalchemy import func, select

from tthc import clock
from tthc.extensions import db
from tthc.feedback.models import PageVote, Rating, UnitRating
from tthc.feedback.service import commit


def record_vote(procedure_code: str, useful: bool, comment: str | None) -> None:
    _save(PageVote(procedure_code=procedure_code, useful=useful, comment=comment or None))


def vote_counts(procedure_code: str) -> dict[bool, int]:
    counts = {True: 0, False: 0}
    counts.update(
        {bool(k): n for k, n in _counts(PageVote.useful, PageVote.procedure_code, procedure_code)}
    )
    return counts


def record_rating(unit_slug: str, rating: Rating, comment: str | None) -> None:
    _save(UnitRating(unit_slug=unit_slug, rating=rating.value, comment=comment or None))


def rating_counts(unit_slug: str) -> dict[Rating, int]:
    counts = dict.fromkeys(Rating, 0)
    counts.update(
        {Rating(k): n for k, n in _counts(UnitRating.rating, UnitRating.unit_slug, unit_slug)}
    )
    return counts


def _save(opinion: PageVote | UnitRating) -> None:
    opinion.day = clock.today()
    db.session.add(opinion)
    commit()


def _counts(answer, subject, value: str):
    """(answer, how many) for one procedure or unit."""
    return db.session.execute(
        select(answer, func.count()).where(subject == value).group_by(answer)
    ).all()
