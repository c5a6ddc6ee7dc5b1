"""Citizen pages: the feedback form, the status page, page votes and unit ratings."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy.exc import SQLAlchemyError

from tthc.catalog import get_catalog
from tthc.extensions import db, limiter
from tthc.feedback import antiabuse, photos, service, tracking
from tthc.feedback.cleaning import clean_text
from tthc.feedback.forms import MESSAGE_MAX, FeedbackForm
from tthc.feedback.models import FeedbackCategory, FeedbackStatus
from tthc.feedback.service import StorageUnavailable, Submission
from tthc.i18n import _, current_language

bp = Blueprint("feedback", __name__)

# Bump whenever templates/feedback/_privacy_notice.html changes: it is stored with each consent.
PRIVACY_NOTICE_VERSION = "2026-12-02"
SENT_FLASH = "feedback-sent"


def _submit_limit() -> str:
    # Generous: many citizens share one address behind a mobile carrier's NAT.
    return current_app.config["FEEDBACK_SUBMIT_LIMIT"]


def _lookup_limit() -> str:
    return current_app.config["FEEDBACK_LOOKUP_LIMIT"]


def _not_a_retry(_response) -> bool:
    # Every attempt uses up the quota, refused ones too (a loop of invalid or hostile uploads
    # costs the server as much as valid ones); only a retry of an acknowledged form is free.
    return not g.get("feedback_retry")


def _private(response):
    """Pages that carry a tracking code: never indexed or leaked by a Referer (never cached
    either: the feedback blueprint is no-store in tthc.web.http_cache)."""
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def unavailable(message: str | None = None, *, lookup: bool = False):
    current_app.logger.error("Feedback storage unavailable")
    html = render_template("feedback/unavailable.html", message=message, lookup=lookup)
    response = current_app.make_response((html, 503))
    response.headers["Retry-After"] = "120"
    return _private(response)


@bp.errorhandler(429)
def too_many_requests(_error):
    """Say what happened and how else to reach the agency; give back what was typed."""
    typed = request.form.get("message", "") if request.method == "POST" else ""
    message = clean_text(typed, multiline=True)[:MESSAGE_MAX] if typed else None
    html = render_template("feedback/too_many.html", message=message)
    response = current_app.make_response((html, 429))
    response.headers["Retry-After"] = "600"
    return _private(response)


def _render_form(form: FeedbackForm, status: int = 200, problems: list[str] | None = None):
    if antiabuse.check_form_token(form.form_token.data) in (
        antiabuse.FillCheck.INVALID,
        antiabuse.FillCheck.EXPIRED,
    ):
        form.form_token.data = antiabuse.issue_form_token()
    khieu_nai = get_catalog().in_field("khieu-nai-to-cao")
    html = render_template(
        "feedback/form.html",
        form=form,
        problems=problems or [],
        complaint_procedures=khieu_nai,
        message_max=MESSAGE_MAX,
        retention_days=current_app.config["FEEDBACK_RETENTION_DAYS"],
        photo_was_attached=bool(request.files.get("photo") and request.files["photo"].filename),
    )
    return _private(current_app.make_response((html, status)))


@bp.route("/phan-anh", methods=["GET", "POST"])
@limiter.limit(_submit_limit, methods=["POST"], deduct_when=_not_a_retry)
def form():
    catalog = get_catalog()
    feedback_form = FeedbackForm(catalog)
    if request.method == "GET":
        feedback_form.form_token.data = antiabuse.issue_form_token()
        if catalog.get(request.args.get("procedure", "")):
            feedback_form.prefill_procedure(request.args["procedure"])
        if catalog.unit(request.args.get("unit", "")):
            feedback_form.unit.data = request.args["unit"]
        if request.args.get("category") in {c.value for c in FeedbackCategory}:
            feedback_form.category.data = request.args["category"]
        return _render_form(feedback_form)

    if not feedback_form.validate():
        if "csrf_token" in feedback_form.errors:
            return _render_form(
                feedback_form,
                400,
                [_("Phiên làm việc đã hết hạn. Vui lòng kiểm tra lại nội dung rồi bấm Gửi.")],
            )
        return _render_form(feedback_form, 422)

    if antiabuse.honeypot_filled(feedback_form.website.data):
        return _render_form(feedback_form, 400, [_("Không gửi được. Vui lòng thử lại.")])
    fill = antiabuse.check_form_token(feedback_form.form_token.data)
    if fill is antiabuse.FillCheck.TOO_FAST:
        return _render_form(
            feedback_form,
            400,
            [_("Biểu mẫu được gửi quá nhanh. Vui lòng kiểm tra lại nội dung rồi bấm Gửi.")],
        )
    if fill is not antiabuse.FillCheck.OK:  # a new token is issued with the page
        return _render_form(
            feedback_form,
            400,
            [_("Biểu mẫu đã quá hạn. Vui lòng kiểm tra lại nội dung rồi bấm Gửi.")],
        )

    try:
        existing = service.by_submission_id(feedback_form.submission_id.data)
    except SQLAlchemyError:
        return unavailable(feedback_form.message.data)
    finally:
        # End the read transaction (on SQLite a BEGIN IMMEDIATE, i.e. the write lock) before
        # the photo is decoded: no request may keep others waiting while it does CPU work.
        db.session.rollback()
    if existing is not None:
        g.feedback_retry = True
        return _sent(existing)

    photo_name = None
    upload = feedback_form.photo.data
    if upload and getattr(upload, "filename", ""):
        try:
            data, extension = photos.reencode_gently(upload.read(photos.MAX_BYTES + 1))
        except photos.PhotoError as error:
            feedback_form.photo.errors = [str(error)]
            return _render_form(feedback_form, 422)
        try:
            photo_name = photos.store(data, extension)
        except OSError:
            return unavailable(feedback_form.message.data)

    submission = Submission(
        submission_id=feedback_form.submission_id.data,
        category=FeedbackCategory(feedback_form.category.data),
        message=feedback_form.message.data,
        name=feedback_form.name.data,
        phone=feedback_form.phone_number,
        email=feedback_form.email_address,
        notice_version=PRIVACY_NOTICE_VERSION,
        procedure_code=feedback_form.procedure_code,
        unit_slug=feedback_form.unit.data or None,
        answer_may_be_published=bool(feedback_form.publish_answer.data),
        photo_file=photo_name,
        answer_by_email=bool(feedback_form.answer_by_email.data),
        language=current_language(),
    )
    try:
        feedback, created = service.submit(submission)
    except StorageUnavailable:
        photos.delete(photo_name)
        return unavailable(feedback_form.message.data)
    if not created:
        photos.delete(photo_name)
    g.feedback_retry = not created
    return _sent(feedback)


def _sent(feedback):
    flash(feedback.tracking_code, SENT_FLASH)
    target = url_for("feedback.status", code=tracking.display(feedback.tracking_code))
    return _private(redirect(target, 303))


@bp.route("/phan-anh/tra-cuu")
@limiter.shared_limit(_lookup_limit, scope="feedback-lookup")
def lookup():
    typed = request.args.get("ma", "")
    code = tracking.normalize(typed)
    if code is None:
        return _not_found(typed)
    return _private(redirect(url_for("feedback.status", code=tracking.display(code)), 303))


def _not_found(typed: str):
    html = render_template("feedback/not_found.html", typed=typed[:100])
    return _private(current_app.make_response((html, 404)))


@bp.route("/phan-anh/<code>")
@limiter.shared_limit(_lookup_limit, scope="feedback-lookup")
def status(code: str):
    normalized = tracking.normalize(code)
    if normalized is None:
        return _not_found(code)
    if code != tracking.display(normalized):
        return redirect(url_for("feedback.status", code=tracking.display(normalized)), 301)
    try:
        feedback = service.find_by_code(normalized)
    except SQLAlchemyError:
        return unavailable(lookup=True)
    if feedback is None:
        return _not_found(code)
    catalog = get_catalog()
    just_sent = normalized in get_flashed_messages(category_filter=[SENT_FLASH])
    html = render_template(
        "feedback/status.html",
        feedback=feedback,
        code=tracking.display(normalized),
        just_sent=just_sent,
        procedure=catalog.get(feedback.procedure_code or ""),
        unit=catalog.unit(feedback.unit_slug or ""),
        handling_unit=catalog.unit(feedback.routed_unit or ""),
        overdue=service.is_overdue(feedback),
        steps=list(FeedbackStatus),
    )
    return _private(current_app.make_response(html))
