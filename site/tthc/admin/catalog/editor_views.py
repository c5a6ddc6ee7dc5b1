"""Staff pages of the catalogue: edit a procedure, drafts by state, review, publish, history.

Who may do what (tthc/admin/roles.py): editors write drafts; reviewers approve (publish) or
send back someone else's draft; admins and both roles may read every page of this module.
"""

from __future__ import annotations

import datetime as dt

from flask import Response, abort, flash, redirect, render_template, request, url_for
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tthc import clock
from tthc.admin import audit
from tthc.admin.accounts.auth import current_staff
from tthc.admin.blueprint import bp
from tthc.admin.catalog import editing
from tthc.admin.catalog.modelform import (
    FormContext,
    align_defaults,
    apply_op,
    build,
    errors_by_path,
    focus_after,
    parse,
    set_focus,
    top_keep,
)
from tthc.admin.forms import PlainForm
from tthc.admin.roles import ADMIN, EDITOR, REVIEWER, add_nav, has_role, require_roles
from tthc.catalog import get_catalog
from tthc.catalog.diff import changelog_text, diff, shown
from tthc.catalog.export_yaml import document_of
from tthc.catalog.labels import CHANNELS, LEVELS, ONLINE_LEVELS
from tthc.catalog.models import (
    CODE_PATTERN,
    Channel,
    FeeKind,
    Level,
    OnlineLevel,
    Procedure,
    Status,
    TimeUnit,
)
from tthc.catalog.revisions import CatalogDraft, DraftKind, DraftState
from tthc.catalog.store import catalog_store
from tthc.extensions import db
from tthc.i18n import _, _l

READERS = (ADMIN, EDITOR, REVIEWER)
META_KEYS = ("reason", "decision_number", "decision_date", "applies_from", "changelog")

STATE_LABELS = {
    DraftState.DRAFT: _l("Đang soạn"),
    DraftState.SUBMITTED: _l("Chờ duyệt"),
    DraftState.RETURNED: _l("Bị trả lại"),
    DraftState.PUBLISHED: _l("Đã công bố"),
    DraftState.WITHDRAWN: _l("Đã hủy"),
}
KIND_LABELS = {
    DraftKind.EDIT: _l("Sửa"),
    DraftKind.NEW: _l("Thủ tục mới"),
    DraftKind.ABOLISH: _l("Bãi bỏ"),
    DraftKind.REVERT: _l("Khôi phục phiên bản cũ"),
    DraftKind.IMPORT: _l("Nhập từ cổng quốc gia"),
}
ENUM_LABELS = {
    Channel: CHANNELS,
    Level: LEVELS,
    OnlineLevel: ONLINE_LEVELS,
    TimeUnit: {
        TimeUnit.WORKING_DAY: _l("ngày làm việc"),
        TimeUnit.DAY: _l("ngày"),
        TimeUnit.HOUR: _l("giờ"),
        TimeUnit.MONTH: _l("tháng"),
        TimeUnit.OTHER: _l("khác (ghi ở phần diễn giải)"),
    },
    FeeKind: {FeeKind.FEE: _l("Phí"), FeeKind.CHARGE: _l("Lệ phí")},
    Status: {
        Status.ACTIVE: _l("Đang áp dụng"),
        Status.ABOLISHED: _l("Đã bãi bỏ"),
        Status.REPLACED: _l("Bị thay thế"),
    },
}


add_nav(
    "admin.catalog_page",
    _l("Thủ tục, bản nháp"),
    15,
    also_current=("admin.edit_procedure", "admin.draft_page", "admin.history_page"),
)
add_nav("admin.national_import", _l("Nhập từ cổng quốc gia"), 16)
add_nav(
    "admin.contacts_page",
    _l("Đơn vị, liên hệ"),
    70,
    also_current=("admin.edit_unit", "admin.edit_agency"),
)


@bp.context_processor
def editor_context():
    return {
        "state_label": lambda s: str(STATE_LABELS.get(DraftState(s), s)),
        "kind_label": lambda k: str(KIND_LABELS.get(DraftKind(k), k)),
        "shown": shown,
    }


def _form_context(code: str, errors: dict | None = None, new: bool = False) -> FormContext:
    catalog = get_catalog()
    return FormContext(
        choices={
            "field": [(f.slug, f.name) for f in catalog.fields],
            "units": [(u.slug, u.name) for u in catalog.units],
        },
        enum_labels=ENUM_LABELS,
        readonly=set() if new else {"code"},
        errors=errors or {},
    )


def _draft(draft_id: int) -> CatalogDraft:
    draft = db.session.get(CatalogDraft, draft_id)
    if draft is None:
        abort(404)
    return draft


def _parse_day(raw: str | None) -> tuple[dt.date | None, bool]:
    raw = (raw or "").strip()
    if not raw:
        return None, True
    try:
        return dt.date.fromisoformat(raw), True
    except ValueError:
        return None, False


def _meta_from_form(errors: dict[str, list[str]]) -> dict:
    meta = {}
    for key in ("reason", "decision_number", "changelog"):
        meta[key] = (request.form.get(f"meta.{key}") or "").strip()[:4000]
    for key in ("decision_date", "applies_from"):
        day, ok = _parse_day(request.form.get(f"meta.{key}"))
        if not ok:
            errors.setdefault(f"meta.{key}", []).append(_("Ngày không hợp lệ."))
        meta[key] = day
    if meta["applies_from"] is None:
        meta["applies_from"] = clock.today()
    return meta


def _csrf_ok() -> bool:
    if PlainForm().validate_on_submit():
        return True
    flash(_("Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng gửi lại."), "error")
    return False


# -- lists -------------------------------------------------------------------------------------


@bp.get("/thu-tuc")
@require_roles(*READERS)
def catalog_page():
    state = request.args.get("state", "")
    query = select(CatalogDraft).order_by(CatalogDraft.updated_at.desc()).limit(200)
    if state in {s.value for s in DraftState}:
        query = query.where(CatalogDraft.state == state)
    drafts = list(db.session.scalars(query))
    q = (request.args.get("q") or "").strip().lower()
    catalog = get_catalog()
    procedures = [p for p in catalog if not q or q in p.code or q in p.name.lower()]
    return render_template(
        "admin/catalog/editor/list.html",
        drafts=drafts,
        state=state,
        states=list(DraftState),
        q=q,
        procedures=procedures[:300],
        new_form=PlainForm(),
    )


@bp.post("/thu-tuc/moi")
@require_roles(EDITOR)
def new_procedure():
    import re

    if not _csrf_ok():
        return redirect(url_for("admin.catalog_page"))
    code = (request.form.get("code") or "").strip()
    if not re.match(CODE_PATTERN, code):
        flash(_("Mã thủ tục không đúng định dạng (ví dụ 1.004222)."), "error")
        return redirect(url_for("admin.catalog_page"))
    try:
        draft = editing.start_draft(code, current_staff(), DraftKind.NEW)
    except editing.EditError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.catalog_page"))
    return redirect(url_for("admin.edit_procedure", procedure_code=draft.code))


# -- the edit page -----------------------------------------------------------------------------


def _render_edit(code, draft, document, errors, status=200, focus=""):
    published, number = editing.published_document(code)
    new = draft is not None and draft.kind == DraftKind.NEW.value
    nodes, keep = top_keep(build(Procedure, document, _form_context(code, errors, new)))
    if focus:
        set_focus(nodes, focus)
    changes = diff(published, document)
    meta = editing.draft_meta(draft) if draft is not None else {"applies_from": clock.today()}
    if draft is not None and request.method == "POST":
        posted = _posted_meta()
        for key in ("decision_date", "applies_from"):
            if key in posted:  # a date input holds a valid date or nothing
                posted[key] = _parse_day(posted[key])[0]
        meta = {**meta, **{k: v for k, v in posted.items() if v is not None}}
    if not meta.get("changelog"):
        meta["changelog"] = changelog_text(changes)
    findings = editing.rules_findings(draft) if draft is not None and not errors else []
    return render_template(
        "admin/catalog/editor/edit.html",
        code=code,
        draft=draft,
        nodes=nodes,
        keep=keep,
        errors=errors,
        top_errors=errors.get("", []),
        changes=changes,
        meta=meta,
        number=number,
        findings=findings,
        form=PlainForm(),
        editable=draft is None or draft.state in (DraftState.DRAFT, DraftState.RETURNED),
        mine=draft is None or draft.author_id == current_staff().id,
    ), status


def _posted_meta() -> dict:
    return {
        key: request.form.get(f"meta.{key}") for key in META_KEYS if f"meta.{key}" in request.form
    }


@bp.get("/thu-tuc/<procedure_code>")
@require_roles(*READERS)
def edit_procedure(procedure_code: str):
    code = procedure_code
    draft = editing.open_draft(code)
    if draft is not None:  # someone else's or a submitted one is shown without the form
        return _render_edit(code, draft, draft.data, {})
    document, _number = editing.published_document(code)
    if document is None:
        abort(404)
    return _render_edit(code, None, document, {})


@bp.post("/thu-tuc/<procedure_code>")
@require_roles(EDITOR)
def save_procedure(procedure_code: str):
    code = procedure_code
    if not _csrf_ok():
        return redirect(url_for("admin.edit_procedure", procedure_code=code))
    user = current_staff()
    draft = editing.open_draft(code)
    if draft is not None and draft.author_id != user.id:
        flash(_("Thủ tục này đã có bản nháp của %(email)s.", email=draft.author_email), "error")
        return redirect(url_for("admin.draft_page", draft_id=draft.id))
    published, _number = editing.published_document(code)
    document = align_defaults(Procedure, parse(Procedure, request.form), published)
    if draft is None or draft.kind != DraftKind.NEW.value:
        document["code"] = code  # the code of a published procedure never changes
    op = request.form.get("op", "")
    if op and apply_op(Procedure, document, op):
        return _render_edit(code, draft, document, {}, focus=focus_after(document, op))
    errors: dict[str, list[str]] = {}
    meta = _meta_from_form(errors)
    if not meta["changelog"]:
        meta["changelog"] = changelog_text(diff(published, document))  # a first wording
    editing.reset_reviews(draft.data if draft is not None else published, document)
    try:
        document = document_of(editing.validate(document))  # typed values, as published
    except ValidationError as error:
        errors.update(errors_by_path(error))
    try:
        if draft is None:
            draft = editing.start_draft(code, user, DraftKind.EDIT, document)
        editing.save(draft, document, meta, user)
        db.session.commit()
    except editing.EditError as error:
        flash(str(error), "error")
        return _render_edit(code, draft, document, errors, 400)
    if errors:
        return _render_edit(code, draft, document, errors, 400)
    if request.form.get("action") == "submit":
        try:
            editing.submit(draft, user)
            db.session.commit()
        except editing.EditError as error:
            flash(str(error), "error")
            return _render_edit(code, draft, document, errors, 400)
        flash(_("Đã gửi bản nháp để duyệt."), "info")
        return redirect(url_for("admin.draft_page", draft_id=draft.id))
    flash(_("Đã lưu bản nháp."), "info")
    return redirect(url_for("admin.edit_procedure", procedure_code=code))


# -- one draft: review, publish, send back -------------------------------------------------------


@bp.get("/ban-nhap/<int:draft_id>")
@require_roles(*READERS)
def draft_page(draft_id: int):
    draft = _draft(draft_id)
    user = current_staff()
    base = (
        editing.revision_document(draft.code, draft.base_number)
        if draft.base_number is not None
        else None
    )
    published, number = editing.published_document(draft.code)
    try:
        editing.validate(draft.data)
        valid = True
    except ValidationError:
        valid = False
    return render_template(
        "admin/catalog/editor/draft.html",
        draft=draft,
        changes=diff(base, draft.data),
        findings=editing.rules_findings(draft),
        valid=valid,
        stale=number is not None and draft.base_number is not None and number != draft.base_number,
        own=draft.author_id == user.id,
        reviewer=has_role(REVIEWER, user),
        form=PlainForm(),
    )


@bp.post("/ban-nhap/<int:draft_id>/duyet")
@require_roles(REVIEWER)
def publish_draft(draft_id: int):
    draft = _draft(draft_id)
    if not _csrf_ok():
        return redirect(url_for("admin.draft_page", draft_id=draft.id))
    try:
        revision = editing.publish(draft, current_staff())
        db.session.commit()
    except editing.EditError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("admin.draft_page", draft_id=draft_id)), 303
    except IntegrityError:  # another reviewer published a version of it at the same moment
        db.session.rollback()
        flash(_("Thủ tục vừa được công bố một phiên bản khác; vui lòng xem lại bản nháp."), "error")
        return redirect(url_for("admin.draft_page", draft_id=draft_id)), 303
    flash(
        _(
            "Đã công bố phiên bản %(number)s của thủ tục %(code)s.",
            number=revision.number,
            code=revision.code,
        ),
        "info",
    )
    return redirect(url_for("admin.history_page", procedure_code=revision.code)), 303


@bp.post("/ban-nhap/<int:draft_id>/tra-lai")
@require_roles(REVIEWER)
def return_draft(draft_id: int):
    draft = _draft(draft_id)
    if not _csrf_ok():
        return redirect(url_for("admin.draft_page", draft_id=draft.id))
    user = current_staff()

    def send_back():
        if draft.author_id == user.id:
            raise editing.EditError(_("Không được tự duyệt bản nháp do chính mình soạn."))
        editing.send_back(draft, user, request.form.get("comment", "")[:4000])

    return _settle_draft(draft, send_back, _("Đã trả lại bản nháp cho người soạn."))


@bp.post("/ban-nhap/<int:draft_id>/huy")
@require_roles(EDITOR)
def withdraw_draft(draft_id: int):
    draft = _draft(draft_id)
    if not _csrf_ok():
        return redirect(url_for("admin.draft_page", draft_id=draft.id))
    return _settle_draft(
        draft, lambda: editing.withdraw(draft, current_staff()), _("Đã hủy bản nháp.")
    )


def _settle_draft(draft, change, done: str):
    """Make `change` to the draft and commit: back to the list saying `done`, or, refused,
    back to the draft with the reason."""
    try:
        change()
        db.session.commit()
    except editing.EditError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.draft_page", draft_id=draft.id)), 303
    flash(done, "info")
    return redirect(url_for("admin.catalog_page")), 303


@bp.get("/ban-nhap/<int:draft_id>/xem-truoc")
@require_roles(*READERS)
def preview_draft(draft_id: int):
    """The public page as it will be on the day the draft applies (or ?ngay=YYYY-MM-DD)."""
    from tthc.catalog.links import poster_url

    draft = _draft(draft_id)
    day, ok = _parse_day(request.args.get("ngay"))
    try:
        catalog, procedure, day = editing.preview_catalog(draft, day if ok else None)
    except ValidationError:
        flash(_("Bản nháp còn lỗi; sửa các lỗi rồi xem trước."), "error")
        return redirect(url_for("admin.draft_page", draft_id=draft_id))
    return render_template(
        "catalog/procedure.html",
        procedure=procedure,
        units=catalog.units_for(procedure),
        field=catalog.field(procedure.field),
        day=day,
        feedback_url=url_for("feedback.form", procedure=procedure.code),
        poster_url=poster_url(procedure.code),
    )


@bp.get("/ban-nhap/<int:draft_id>/ap-phich.png")
@require_roles(*READERS)
def preview_poster(draft_id: int):
    """The A4 poster as it will be printed on the day the draft applies."""
    from tthc.qr.posters import png
    from tthc.qr.posters.content import procedure_content
    from tthc.qr.posters.procedure_poster import procedure_page

    draft = _draft(draft_id)
    try:
        catalog, procedure, day = editing.preview_catalog(draft)
    except ValidationError:
        abort(404)
    page = procedure_page(procedure_content(catalog, procedure, day), "a4")
    return Response(png.render(page), mimetype="image/png")


# -- history -----------------------------------------------------------------------------------


@bp.get("/thu-tuc/<procedure_code>/lich-su")
@require_roles(*READERS)
def history_page(procedure_code: str):
    code = procedure_code
    revisions = editing.history(code)
    in_baseline = catalog_store().baseline.get(code) is not None
    if not revisions and not in_baseline:
        abort(404)
    numbers = [r.number for r in revisions] + ([0] if in_baseline else [])
    a = request.args.get("a", type=int)
    b = request.args.get("b", type=int)
    if a not in numbers or b not in numbers:
        a, b = (numbers[1], numbers[0]) if len(numbers) > 1 else (None, None)
    changes = (
        diff(editing.revision_document(code, a), editing.revision_document(code, b))
        if a is not None
        else []
    )
    return render_template(
        "admin/catalog/editor/history.html",
        code=code,
        revisions=revisions,
        in_baseline=in_baseline,
        numbers=numbers,
        a=a,
        b=b,
        changes=changes,
        form=PlainForm(),
        procedure=get_catalog().get(code),
    )


@bp.post("/thu-tuc/<procedure_code>/khoi-phuc/<int:number>")
@require_roles(EDITOR)
def revert_procedure(procedure_code: str, number: int):
    code = procedure_code
    if not _csrf_ok():
        return redirect(url_for("admin.history_page", procedure_code=code))
    document = editing.revision_document(code, number)
    if document is None:
        abort(404)
    try:
        editing.start_draft(
            code,
            current_staff(),
            DraftKind.REVERT,
            document,
            reason=_("Khôi phục phiên bản %(number)s", number=number),
        )
        db.session.commit()
    except editing.EditError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.history_page", procedure_code=code)), 303
    return redirect(url_for("admin.edit_procedure", procedure_code=code)), 303


# -- the national portal's export ------------------------------------------------------------


@bp.route("/nhap-quoc-gia", methods=["GET", "POST"])
@require_roles(EDITOR)
def national_import():
    """Upload an export (POST), or see what it would change (GET ?tep=<token>)."""
    from tthc.admin.catalog import national_import as importing
    from tthc.catalog.importer.run import ImportFailed

    if request.method == "POST":
        if not _csrf_ok():
            return redirect(url_for("admin.national_import"))
        upload = request.files.get("export")
        data = b""
        if upload:
            with upload.stream:  # a large upload is a temporary file: close it now
                data = upload.read()
        if not data or not importing.is_json(data):
            flash(_("Chọn tệp JSON xuất từ Cổng Dịch vụ công quốc gia."), "error")
            return redirect(url_for("admin.national_import")), 303
        token = importing.keep_upload(data)
        audit.record("catalog.import_upload", "", upload.filename or "")
        return redirect(url_for("admin.national_import", tep=token)), 303
    upload_id = request.args.get("tep", "")
    proposals = None
    if upload_id:
        try:
            proposals = importing.read_proposals(upload_id)
        except ImportFailed as error:
            flash(_("Không đọc được tệp đã tải lên: %(error)s", error=str(error)), "error")
            proposals = None
            upload_id = ""
    return render_template(
        "admin/catalog/editor/import.html", token=upload_id, proposals=proposals, form=PlainForm()
    )


@bp.post("/nhap-quoc-gia/chap-nhan")
@require_roles(EDITOR)
def national_import_accept():
    """Accepted procedures become drafts; a conflict needs its own, explicit tick."""
    from tthc.admin.catalog import national_import as importing
    from tthc.catalog.importer.run import ImportFailed

    if not _csrf_ok():
        return redirect(url_for("admin.national_import")), 303
    token = request.form.get("tep", "")
    try:
        proposals = {p.code: p for p in importing.read_proposals(token)}
    except ImportFailed:
        flash(_("Tệp đã tải lên không còn; vui lòng tải lại."), "error")
        return redirect(url_for("admin.national_import")), 303
    accepted = request.form.getlist("accept")
    overwrite = set(request.form.getlist("overwrite"))
    made, refused = [], []
    for code in accepted:
        proposal = proposals.get(code)
        if proposal is None or proposal.document is None:
            continue
        if proposal.conflicts and code not in overwrite:
            refused.append(code)
            continue
        kind = DraftKind.NEW if proposal.new else DraftKind.IMPORT
        try:
            editing.start_draft(
                code,
                current_staff(),
                kind,
                proposal.document,
                reason=_("Cập nhật theo Cổng Dịch vụ công quốc gia"),
            )
            made.append(code)
        except editing.EditError as error:
            flash(f"{code}: {error}", "error")
    db.session.commit()
    if refused:
        flash(
            _(
                "Chưa tạo bản nháp cho %(codes)s: có xung đột với phiên bản đã công bố tại "
                "địa phương; đánh dấu “Lấy theo cổng quốc gia” nếu muốn ghi đè.",
                codes=", ".join(refused),
            ),
            "error",
        )
    if made:
        flash(
            _(
                "Đã tạo %(n)s bản nháp chờ gửi duyệt: %(codes)s.",
                n=len(made),
                codes=", ".join(made),
            ),
            "info",
        )
    return redirect(url_for("admin.catalog_page")), 303


# -- units' and the agency's contacts: edited directly by an admin ------------------------------


@bp.get("/don-vi")
@require_roles(ADMIN)
def contacts_page():
    return render_template("admin/catalog/editor/contacts.html", units=get_catalog().units)


def _edit_record(code: str, model, current, readonly: set[str], title: str, action: str):
    from tthc.catalog.models import Unit

    catalog = get_catalog()
    published = current.model_dump(mode="json", exclude_unset=True)
    errors: dict[str, list[str]] = {}
    document, reason, status = published, "", 200
    if request.method == "POST":
        if not _csrf_ok():
            return redirect(action)
        document = align_defaults(model, parse(model, request.form), published)
        for key in readonly:
            document[key] = published.get(key)
        reason = (request.form.get("meta.reason") or "").strip()[:4000]
        op = request.form.get("op", "")
        if not (op and apply_op(model, document, op)):
            try:
                model.model_validate(document)
            except ValidationError as error:
                errors.update(errors_by_path(error))
            if not reason:
                errors["meta.reason"] = [_("Ghi lý do thay đổi.")]
            if not errors:
                editing.publish_record(code, document, reason, current_staff())
                db.session.commit()
                flash(_("Đã lưu và công bố."), "info")
                return redirect(action), 303
            status = 400
    ctx = FormContext(
        choices={"fields": [(f.slug, f.name) for f in catalog.fields]} if model is Unit else {},
        enum_labels=ENUM_LABELS,
        readonly=readonly,
        errors=errors,
    )
    nodes, keep = top_keep(build(model, document, ctx))
    return render_template(
        "admin/catalog/editor/record.html",
        title=title,
        action=action,
        nodes=nodes,
        keep=keep,
        errors=errors,
        reason=reason,
        changes=[c for c in _record_diff(model, published, document)],
        revisions=editing.history(code),
        form=PlainForm(),
    ), status


def _record_diff(model, old: dict, new: dict):
    from tthc.catalog.diff import FieldChange
    from tthc.catalog.field_labels import label

    for key in list(model.model_fields):
        if old.get(key) != new.get(key):
            yield FieldChange(key, (label(model.__name__, key),), old.get(key), new.get(key))


@bp.route("/don-vi/<unit_slug>", methods=["GET", "POST"])
@require_roles(ADMIN)
def edit_unit(unit_slug: str):
    from tthc.catalog.models import Unit
    from tthc.catalog.store import UNIT_PREFIX

    unit = get_catalog().unit(unit_slug)
    if unit is None:
        abort(404)
    action = url_for("admin.edit_unit", unit_slug=unit.slug)
    return _edit_record(UNIT_PREFIX + unit.slug, Unit, unit, {"slug", "level"}, unit.name, action)


@bp.route("/co-quan", methods=["GET", "POST"])
@require_roles(ADMIN)
def edit_agency():
    from tthc.catalog.models import Agency
    from tthc.catalog.store import AGENCY_CODE

    agency = get_catalog().agency
    action = url_for("admin.edit_agency")
    # site_url is what QR codes encode (SITE_URL, read at start): not changed from here.
    return _edit_record(AGENCY_CODE, Agency, agency, {"site_url"}, agency.name, action)
