"""What citizens said without writing a phản ánh: page votes and satisfaction with each unit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, select

from tthc.extensions import db
from tthc.feedback.models import PageVote, Rating, UnitRating

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
        """Share of 'very satisfied' and 'satisfied' ratings, None without ratings."""
        if not self.total:
            return None
        satisfied = self.counts[Rating.VERY_SATISFIED] + self.counts[Rating.SATISFIED]
        return satisfied / self.total


@dataclass(frozen=True)
class PageUsefulness:
    procedure_code: str
    useful: int
    not_useful: int


def unit_satisfaction(since: dt.date | None) -> list[UnitSatisfaction]:
    """Ratings per unit within the period, the most rated unit first."""
    query = select(UnitRating.unit_slug, UnitRating.rating, func.count()).group_by(
        UnitRating.unit_slug, UnitRating.rating
    )
    if since is not None:
        query = query.where(UnitRating.day >= since)
    counts: dict[str, dict[Rating, int]] = {}
    for unit, rating, count in db.session.execute(query):
        try:
            key = Rating(rating)
        except ValueError:
            continue
        counts.setdefault(unit, dict.fromkeys(Rating, 0))[key] = count
    rows = [UnitSatisfaction(unit, values) for unit, values in counts.items()]
    return sorted(rows, key=lambda row: (-row.total, row.unit))


def page_usefulness(since: dt.date | None) -> list[PageUsefulness]:
    """'Was this page useful?' answers per procedure, the most 'no' first."""
    no = func.sum(case((PageVote.useful.is_(False), 1), else_=0))
    yes = func.sum(case((PageVote.useful.is_(True), 1), else_=0))
    query = select(PageVote.procedure_code, yes, no).group_by(PageVote.procedure_code)
    if since is not None:
        query = query.where(PageVote.day >= since)
    rows = [
        PageUsefulness(code, int(y or 0), int(n or 0)) for code, y, n in db.session.execute(query)
    ]
    return sorted(rows, key=lambda row: (-row.not_useful, -row.useful, row.procedure_code))


def recent_vote_comments(since: dt.date | None, limit: int = RECENT_COMMENTS) -> list[PageVote]:
    query = select(PageVote).where(PageVote.comment.is_not(None), PageVote.comment != "")
    if since is not None:
        query = query.where(PageVote.day >= since)
    return list(
        db.session.scalars(query.order_by(PageVote.day.desc(), PageVote.id.desc()).limit(limit))
    )


def recent_rating_comments(since: dt.date | None, limit: int = RECENT_COMMENTS) -> list[UnitRating]:
    query = select(UnitRating).where(UnitRating.comment.is_not(None), UnitRating.comment != "")
    if since is not None:
        query = query.where(UnitRating.day >= since)
    query = query.order_by(UnitRating.day.desc(), UnitRating.id.desc()).limit(limit)
    return list(db.session.scalars(query))
