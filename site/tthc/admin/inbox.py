"""The staff inbox: filters read from the query string, the matching feedback, pagination."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from werkzeug.datastructures import MultiDict

from tthc.admin.params import positive_int
from tthc.admin.roles import scope_to_units
from tthc.extensions import db
from tthc.feedback import service, tracking
from tthc.feedback.models import Feedback, FeedbackCategory, FeedbackStatus

PAGE_SIZE = 25
MAX_PAGE = 100_000


@dataclass(frozen=True)
class InboxFilters:
    """What the inbox shows; values that make no sense are dropped, never an error page."""

    status: str = ""
    unit: str = ""
    category: str = ""
    procedure: str = ""
    code: str = ""
    overdue: bool = False
    hidden: bool = False
    page: int = 1
    ignored: tuple[str, ...] = field(default=())

    @classmethod
    def from_args(cls, args: MultiDict, units: set[str]) -> InboxFilters:
        ignored: list[str] = []

        def pick(name: str, allowed) -> str:
            value = (args.get(name) or "").strip()
            if value and value not in allowed:
                ignored.append(name)
                return ""
            return value

        typed_code = (args.get("code") or "").strip()
        code = tracking.normalize(typed_code) or ""
        if typed_code and not code:
            ignored.append("code")
        procedure = (args.get("procedure") or "").strip()
        if len(procedure) > 32:
            ignored.append("procedure")
            procedure = ""
        page = positive_int(args.get("page"), 1, MAX_PAGE)
        return cls(
            status=pick("status", {s.value for s in FeedbackStatus}),
            unit=pick("unit", units),
            category=pick("category", {c.value for c in FeedbackCategory}),
            procedure=procedure,
            code=code,
            overdue=args.get("overdue") == "1",
            hidden=args.get("hidden") == "1",
            page=page,
            ignored=tuple(ignored),
        )

    def query_args(self, **changes: Any) -> dict[str, Any]:
        """The filters as URL parameters (for links to other pages and the export)."""
        values = {
            "status": self.status,
            "unit": self.unit,
            "category": self.category,
            "procedure": self.procedure,
            "code": self.code,
            "overdue": "1" if self.overdue else "",
            "hidden": "1" if self.hidden else "",
            "page": self.page if self.page > 1 else "",
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value not in ("", None)}

    def describe(self) -> str:
        """A short plain description for the audit log."""
        args = self.query_args(page="")
        return ", ".join(f"{key}={value}" for key, value in args.items()) or "-"


def filtered(filters: InboxFilters, scope: set[str] | None) -> Select:
    """Feedback matching the filters, the nearest due date first (the feedback service's order).

    `scope` is the units the viewer may see (tthc.admin.roles.visible_unit_slugs; None: all).
    """
    query = service.query(
        status=filters.status or None,
        category=filters.category or None,
        unit_slug=filters.unit or None,
        procedure_code=filters.procedure or None,
        overdue=filters.overdue,
        include_hidden=filters.hidden,
    )
    if filters.hidden:
        query = query.where(Feedback.hidden.is_(True))
    if filters.code:
        query = query.where(Feedback.tracking_code == filters.code)
    return scope_to_units(query, Feedback.routed_unit, scope)


@dataclass(frozen=True)
class InboxPage:
    items: list[Feedback]
    total: int
    page: int
    pages: int


def page_of(filters: InboxFilters, scope: set[str] | None, size: int = PAGE_SIZE) -> InboxPage:
    query = filtered(filters, scope)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    pages = max(1, math.ceil((total or 0) / size))
    page = min(filters.page, pages)
    items = db.session.scalars(query.offset((page - 1) * size).limit(size)).all()
    return InboxPage(list(items), total or 0, page, pages)


def all_matching(filters: InboxFilters, scope: set[str] | None) -> Iterator[Feedback]:
    """Every matching record, fetched in batches so a large export does not fill memory."""
    yield from db.session.scalars(filtered(filters, scope).execution_options(yield_per=500))


def counts_by_status(scope: set[str] | None) -> dict[str, int]:
    """Visible records per status, and how many are overdue, for the inbox header."""
    query = select(Feedback.status, func.count()).where(Feedback.hidden.is_(False))
    query = scope_to_units(query, Feedback.routed_unit, scope)
    rows = db.session.execute(query.group_by(Feedback.status)).all()
    counts = {status: count for status, count in rows}
    overdue_query = scope_to_units(service.query(overdue=True), Feedback.routed_unit, scope)
    overdue = overdue_query.order_by(None).subquery()
    counts["overdue"] = db.session.scalar(select(func.count()).select_from(overdue)) or 0
    return counts


find = service.find_by_code
is_overdue = service.is_overdue
