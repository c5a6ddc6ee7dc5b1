"""Anonymous opinions: 'was this page useful' per procedure, satisfaction per unit."""

from __future__ import annotations

from sqlalchemy import func, select

from tthc import clock
from tthc.extensions import db
from tthc.feedback.models import PageVote, Rating, UnitRating
from tthc.feedback.service import commit


def record_vote(procedure_code: str, useful: bool, comment: str | None) -> None:
    db.session.add(
        PageVote(
            procedure_code=procedure_code, useful=useful, comment=comment or None, day=clock.today()
        )
    )
    commit()


def vote_counts(procedure_code: str) -> dict[bool, int]:
    rows = db.session.execute(
        select(PageVote.useful, func.count())
        .where(PageVote.procedure_code == procedure_code)
        .group_by(PageVote.useful)
    )
    counts = {True: 0, False: 0}
    counts.update({bool(useful): count for useful, count in rows})
    return counts


def record_rating(unit_slug: str, rating: Rating, comment: str | None) -> None:
    db.session.add(
        UnitRating(
            unit_slug=unit_slug, rating=rating.value, comment=comment or None, day=clock.today()
        )
    )
    commit()


def rating_counts(unit_slug: str) -> dict[Rating, int]:
    rows = db.session.execute(
        select(UnitRating.rating, func.count())
        .where(UnitRating.unit_slug == unit_slug)
        .group_by(UnitRating.rating)
    )
    counts = dict.fromkeys(Rating, 0)
    counts.update({Rating(rating): count for rating, count in rows})
    return counts
