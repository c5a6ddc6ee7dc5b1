"""The staff inbox: the filters read from the query string, and what they ask of the service."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select
from werkzeug.datastructures import MultiDict

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
        page = args.get("page", 1, type=int)
        page = page if 0 < page <= MAX_PAGE else 1
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
    return service.query(
        status=filters.status or None,
        category=filters.category or None,
        unit_slug=filters.unit or None,
        procedure_code=filters.procedure or None,
        overdue=filters.overdue,
        hidden_only=filters.hidden,
        tracking_code=filters.code or None,
        units=scope,
    )


def page_of(filters: InboxFilters, scope: set[str] | None, size: int = PAGE_SIZE) -> Pagination:
    """The page of the filters (past the end: the last one), with `items`, `total`, `pages`."""
    return service.page_of(filtered(filters, scope), filters.page, size)


def all_matching(filters: InboxFilters, scope: set[str] | None) -> Iterator[Feedback]:
    """Every matching record, fetched in batches so a large export does not fill memory."""
    return service.each(filtered(filters, scope))


counts_by_status = service.counts_by_status
find = service.find_by_code
is_overdue = service.is_overdue
