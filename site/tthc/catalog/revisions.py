"""Drafts and published revisions of procedures, stored in the database.

The bundled YAML files are the baseline shipped with the software. A published revision is a
whole procedure document (validated by the same model as the loader) with who wrote it, who
approved it, why, the decision behind it and the day from which it applies. The effective
catalogue is the baseline overlaid with, for each procedure, the latest revision in force.
A draft is the editor's working copy; publishing a draft appends a revision.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from typing import Any

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tthc.clock import now
from tthc.extensions import db


class DraftKind(StrEnum):
    EDIT = "edit"
    NEW = "new"
    ABOLISH = "abolish"
    REVERT = "revert"
    IMPORT = "import"


class DraftState(StrEnum):
    DRAFT = "draft"  # being written
    SUBMITTED = "submitted"  # waiting for a reviewer
    RETURNED = "returned"  # sent back with a comment
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"  # abandoned by its author


def to_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=False, default=str)


class _Described:
    """Columns a draft and a revision share: the why and the when of a change, and who."""

    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    decision_number: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    applies_from: Mapped[dt.date | None] = mapped_column(Date)
    changelog: Mapped[str] = mapped_column(Text, nullable=False, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    author_email: Mapped[str] = mapped_column(String(254), nullable=False, default="")
    reviewer_email: Mapped[str] = mapped_column(String(254), nullable=False, default="")
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=now
    )

    @property
    def data(self) -> dict[str, Any]:
        return json.loads(self.document)


class CatalogRevision(_Described, db.Model):
    """One published version of one procedure; never changed once written."""

    __tablename__ = "catalog_revisions"
    __table_args__ = (Index("ix_catalog_revisions_code_number", "code", "number", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(128), nullable=False)
    # 1, 2, 3 … per procedure; 0 is the bundled baseline
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default=DraftKind.EDIT.value)
    document: Mapped[str] = mapped_column(Text, nullable=False)
    reviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    draft_id: Mapped[int | None] = mapped_column(Integer)
    published_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=now
    )

    def __repr__(self) -> str:
        return f"<CatalogRevision {self.code} v{self.number}>"


class CatalogDraft(_Described, db.Model):
    """An editor's proposed change to one procedure, until it is published or withdrawn."""

    __tablename__ = "catalog_drafts"
    __table_args__ = (Index("ix_catalog_drafts_state_updated", "state", "updated_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(128), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default=DraftKind.EDIT.value)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default=DraftState.DRAFT.value)
    document: Mapped[str] = mapped_column(Text, nullable=False)
    # the published version the draft started from (0: the baseline; None: a new procedure)
    base_number: Mapped[int | None] = mapped_column(Integer)
    review_comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    revision_id: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=now
    )

    @property
    def open(self) -> bool:
        return self.state in (DraftState.DRAFT, DraftState.SUBMITTED, DraftState.RETURNED)

    def __repr__(self) -> str:
        return f"<CatalogDraft {self.id} {self.code} {self.state}>"
