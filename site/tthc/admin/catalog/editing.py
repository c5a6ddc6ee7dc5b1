"""The editor's job: drafts of procedures, a second pair of eyes, publishing, reverting.

A reviewer publishes someone else's draft, never their own (checked here, whatever the page
shows). Publishing appends a CatalogRevision and asks this instance's CatalogStore to reload
at once; every other instance sees the new revision number within CATALOG_RELOAD_SECONDS.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select

from tthc import clock
from tthc.admin import audit
from tthc.admin.models import StaffUser
from tthc.catalog.diff import full
from tthc.catalog.export_yaml import document_of
from tthc.catalog.models import Change, Procedure
from tthc.catalog.revisions import CatalogDraft, CatalogRevision, DraftKind, DraftState, to_json
from tthc.catalog.store import Published, catalog_store, reference_problems
from tthc.clock import now
from tthc.extensions import db
from tthc.i18n import _


class EditError(Exception):
    """A step the rules refuse; the message is for the staff member, in their language."""


def latest_revision(code: str) -> CatalogRevision | None:
    return db.session.scalar(
        select(CatalogRevision)
        .where(CatalogRevision.code == code)
        .order_by(CatalogRevision.number.desc())
        .limit(1)
    )


def published_document(code: str) -> tuple[dict[str, Any] | None, int | None]:
    """The newest published document of a procedure and its number (0: the bundled one)."""
    revision = latest_revision(code)
    if revision is not None:
        return revision.data, revision.number
    procedure = catalog_store().baseline.get(code)
    return (document_of(procedure), 0) if procedure is not None else (None, None)


def history(code: str) -> list[CatalogRevision]:
    return list(
        db.session.scalars(
            select(CatalogRevision)
            .where(CatalogRevision.code == code)
            .order_by(CatalogRevision.number.desc())
        )
    )


def revision_document(code: str, number: int) -> dict[str, Any] | None:
    if number == 0:
        procedure = catalog_store().baseline.get(code)
        return document_of(procedure) if procedure is not None else None
    revision = db.session.scalar(
        select(CatalogRevision).where(
            CatalogRevision.code == code, CatalogRevision.number == number
        )
    )
    return revision.data if revision is not None else None


def open_draft(code: str) -> CatalogDraft | None:
    return db.session.scalar(
        select(CatalogDraft)
        .where(
            CatalogDraft.code == code,
            CatalogDraft.state.in_([DraftState.DRAFT, DraftState.SUBMITTED, DraftState.RETURNED]),
        )
        .order_by(CatalogDraft.id.desc())
        .limit(1)
    )


def start_draft(
    code: str,
    author: StaffUser,
    kind: DraftKind = DraftKind.EDIT,
    document: dict[str, Any] | None = None,
    reason: str = "",
) -> CatalogDraft:
    """A new draft from the published document (or the one given: a revert, an import)."""
    existing = open_draft(code)
    if existing is not None:
        raise EditError(_("Thủ tục này đã có một bản nháp đang mở (số %(id)s).", id=existing.id))
    published, number = published_document(code)
    if kind is DraftKind.NEW and published is not None:
        raise EditError(_("Mã thủ tục %(code)s đã có trong danh mục.", code=code))
    if kind is not DraftKind.NEW and published is None:
        raise EditError(_("Không có thủ tục mã %(code)s.", code=code))
    draft = CatalogDraft(
        code=code,
        kind=kind.value,
        state=DraftState.DRAFT.value,
        document=to_json(document if document is not None else published or {"code": code}),
        base_number=number,
        reason=reason,
        author_id=author.id,
        author_email=author.email,
        applies_from=clock.today(),
    )
    db.session.add(draft)
    db.session.flush()
    audit.record("catalog.draft", code, f"#{draft.id} {kind.value}", user=author)
    return draft


def validate(document: dict[str, Any]) -> Procedure:
    return Procedure.model_validate(document)


# What each reference translation says: when it changes, the translation needs checking again.
def _fees_and_times(document: dict[str, Any]) -> list:
    return [(c.get("time"), c.get("fees")) for c in document.get("channels") or []]


TRANSLATED_FROM = {
    "name_translations": lambda document: document.get("name"),
    "summary_translations": _fees_and_times,
}


def _reviewed(document: dict[str, Any], field: str) -> set[str]:
    items = document.get(field)
    items = items if isinstance(items, dict) else {}
    return {k for k, v in items.items() if isinstance(v, dict) and v.get("reviewed")}


def reset_reviews(previous: dict[str, Any] | None, document: dict[str, Any]) -> None:
    """When the name (or a fee, a time) changes, its translations are unchecked again, unless
    the editor ticks "reviewed" in the same save: a stale `reviewed: true` is never kept."""
    old, new = full(previous), full(document)
    for field, source in TRANSLATED_FROM.items():
        if source(old) == source(new):
            continue
        for key in _reviewed(old, field) & _reviewed(document, field):
            document[field][key]["reviewed"] = False


def review_notes(base: dict[str, Any] | None, document: dict[str, Any]) -> list[str]:
    """What the draft page says when a translation's source changed and it is not checked."""
    old, new = full(base), full(document)
    notes = []
    for field, source in TRANSLATED_FROM.items():
        unchecked = set(new.get(field) or {}) - _reviewed(new, field)
        if source(old) != source(new) and unchecked:
            if field == "name_translations":
                notes.append(_("Tên thủ tục đã thay đổi: bản dịch tên cần được đối chiếu lại."))
            else:
                notes.append(
                    _("Phí hoặc thời hạn đã thay đổi: bản dịch tóm tắt cần được đối chiếu lại.")
                )
    return notes


@dataclass(frozen=True)
class Problem:
    """A finding on a draft: `blocking` ones (schema, references, content errors) stop
    publishing; warnings are shown to the reviewer."""

    text: str
    blocking: bool = True

    def __str__(self) -> str:
        return self.text


def rules_findings(draft: CatalogDraft) -> list[Problem]:
    """What `flask catalog check` would find with this draft in the catalogue."""
    try:
        procedure = validate(draft.data)
    except ValidationError as error:
        return [Problem(f"{'.'.join(map(str, e['loc']))}: {e['msg']}") for e in error.errors()]
    findings = []
    if procedure.code != draft.code:
        findings.append(Problem(_("Không được đổi mã thủ tục (%(code)s).", code=draft.code)))
    day = draft.applies_from or clock.today()
    candidate = Published(-1, draft.code, -1, day, procedure)
    catalog = catalog_store().catalog_on(day, [candidate])
    findings.extend(Problem(text) for text in reference_problems(catalog, draft.code))
    findings.extend(content_findings(procedure, catalog))
    if draft.base_number is not None:
        base = revision_document(draft.code, draft.base_number)
        findings.extend(Problem(n, False) for n in review_notes(base, draft.data))
    return findings


def content_findings(procedure: Procedure, catalog=None) -> list[Problem]:
    """The content rules of `flask catalog check` on one procedure, when that module exists
    (tthc.catalog.rules, issue 10: check_procedure(procedure, catalog) -> [Finding])."""
    try:
        from tthc.catalog import rules
    except ImportError:
        return []
    check = getattr(rules, "check_procedure", None)
    if check is None:
        return []
    found = []
    for finding in check(procedure, catalog):
        line = finding.line() if hasattr(finding, "line") else str(finding)
        found.append(Problem(line, bool(getattr(finding, "is_error", True))))
    return found


def preview_catalog(draft: CatalogDraft, day: dt.date | None = None):
    """The catalogue as it will be on `day` (the draft's date) with the draft published."""
    procedure = validate(draft.data)
    day = day or draft.applies_from or clock.today()
    candidate = Published(-1, draft.code, -1, draft.applies_from or day, procedure)
    return catalog_store().catalog_on(day, [candidate]), procedure, day


def _require_state(draft: CatalogDraft, *states: DraftState) -> None:
    if draft.state not in {s.value for s in states}:
        raise EditError(_("Bản nháp không ở trạng thái cho phép thao tác này."))


def save(draft: CatalogDraft, document: dict[str, Any], meta: dict[str, Any], user: StaffUser):
    _require_state(draft, DraftState.DRAFT, DraftState.RETURNED)
    if draft.author_id != user.id:
        raise EditError(_("Chỉ người soạn mới sửa được bản nháp này."))
    draft.document = to_json(document)
    for key in ("reason", "decision_number", "decision_date", "applies_from", "changelog"):
        if key in meta:
            setattr(draft, key, meta[key])
    draft.updated_at = now()
    audit.record("catalog.save", draft.code, f"#{draft.id}", user=user)


def submit(draft: CatalogDraft, user: StaffUser) -> None:
    _require_state(draft, DraftState.DRAFT, DraftState.RETURNED)
    if draft.author_id != user.id:
        raise EditError(_("Chỉ người soạn mới gửi duyệt được bản nháp này."))
    try:
        validate(draft.data)
    except ValidationError as error:
        raise EditError(_("Bản nháp còn lỗi; sửa các lỗi rồi gửi duyệt.")) from error
    if not draft.reason.strip():
        raise EditError(_("Ghi lý do thay đổi trước khi gửi duyệt."))
    if not draft.changelog.strip():
        raise EditError(_("Ghi nội dung nhật ký thay đổi công khai trước khi gửi duyệt."))
    draft.state = DraftState.SUBMITTED.value
    draft.updated_at = now()
    audit.record("catalog.submit", draft.code, f"#{draft.id}", user=user)


def withdraw(draft: CatalogDraft, user: StaffUser) -> None:
    _require_state(draft, DraftState.DRAFT, DraftState.RETURNED, DraftState.SUBMITTED)
    if draft.author_id != user.id:
        raise EditError(_("Chỉ người soạn mới hủy được bản nháp này."))
    draft.state = DraftState.WITHDRAWN.value
    draft.updated_at = now()
    audit.record("catalog.withdraw", draft.code, f"#{draft.id}", user=user)


def send_back(draft: CatalogDraft, reviewer: StaffUser, comment: str) -> None:
    _require_state(draft, DraftState.SUBMITTED)
    if not comment.strip():
        raise EditError(_("Ghi nhận xét để người soạn biết cần sửa gì."))
    draft.state = DraftState.RETURNED.value
    draft.review_comment = comment.strip()
    draft.reviewer_email = reviewer.email
    draft.updated_at = now()
    audit.record("catalog.return", draft.code, f"#{draft.id}", user=reviewer)


def publish(draft: CatalogDraft, reviewer: StaffUser) -> CatalogRevision:
    """Publish a submitted draft as the procedure's next revision; refuse self-approval."""
    _require_state(draft, DraftState.SUBMITTED)
    if draft.author_id == reviewer.id or draft.author_email == reviewer.email:
        audit.record("catalog.self_review_refused", draft.code, f"#{draft.id}", user=reviewer)
        raise EditError(_("Không được tự duyệt bản nháp do chính mình soạn."))
    blocking = [str(f) for f in rules_findings(draft) if f.blocking]
    if blocking:
        raise EditError(_("Bản nháp chưa đạt kiểm tra: %(problems)s", problems="; ".join(blocking)))
    document = draft.data
    applies = draft.applies_from or clock.today()
    if draft.changelog.strip():
        entry = Change(
            date=applies, summary=draft.changelog.strip(), decision=draft.decision_number or None
        )
        document.setdefault("changes", []).append(entry.model_dump(mode="json", exclude_none=True))
    procedure = validate(document)
    number = (
        db.session.scalar(
            select(func.max(CatalogRevision.number)).where(CatalogRevision.code == draft.code)
        )
        or 0
    ) + 1
    revision = CatalogRevision(
        code=draft.code,
        number=number,
        kind=draft.kind,
        document=to_json(document_of(procedure)),
        author_id=draft.author_id,
        author_email=draft.author_email,
        reviewer_id=reviewer.id,
        reviewer_email=reviewer.email,
        draft_id=draft.id,
        reason=draft.reason,
        decision_number=draft.decision_number,
        decision_date=draft.decision_date,
        applies_from=applies,
        changelog=draft.changelog,
        created_at=draft.created_at,
    )
    db.session.add(revision)
    db.session.flush()
    draft.state = DraftState.PUBLISHED.value
    draft.reviewer_email = reviewer.email
    draft.revision_id = revision.id
    draft.updated_at = now()
    audit.record(
        "catalog.publish",
        draft.code,
        f"#{draft.id} → v{number} ({applies.isoformat()})",
        user=reviewer,
    )
    catalog_store().refresh()  # this instance at once; the others at their next look
    return revision


def draft_meta(draft: CatalogDraft) -> dict[str, Any]:
    return {
        "reason": draft.reason,
        "decision_number": draft.decision_number,
        "decision_date": draft.decision_date,
        "applies_from": draft.applies_from,
        "changelog": draft.changelog,
    }


def loads(text: str) -> dict[str, Any]:
    return json.loads(text)


def publish_record(code: str, document: dict[str, Any], reason: str, user: StaffUser):
    """A unit's or the agency's contacts, changed directly by an admin (no second reviewer:
    contacts are not legal content); a revision like the others, in the audit log."""
    from tthc.catalog.store import record_model

    record = record_model(code).model_validate(document)
    number = (
        db.session.scalar(
            select(func.max(CatalogRevision.number)).where(CatalogRevision.code == code)
        )
        or 0
    ) + 1
    revision = CatalogRevision(
        code=code,
        number=number,
        kind=DraftKind.EDIT.value,
        document=to_json(record.model_dump(mode="json", exclude_unset=True)),
        author_id=user.id,
        author_email=user.email,
        reviewer_id=user.id,
        reviewer_email=user.email,
        reason=reason,
        applies_from=clock.today(),
    )
    db.session.add(revision)
    db.session.flush()
    audit.record("catalog.contacts", code, f"v{number}", user=user)
    catalog_store().refresh()
    return revision
