"""Submitting: stored before the acknowledgement, once, with its consent; 503 when storage fails."""

import uuid

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from feedback.helpers import form_token, parse, tracking_code_of, valid_form
from tthc.catalog import get_catalog
from tthc.extensions import db
from tthc.feedback import tracking, votes
from tthc.feedback.models import Feedback
from tthc.feedback.views import PRIVACY_NOTICE_VERSION


def stored(app, code: str) -> Feedback | None:
    with app.app_context():
        feedback = db.session.scalars(
            select(Feedback).where(Feedback.tracking_code == tracking.normalize(code))
        ).first()
        if feedback is not None:
            db.session.expunge(feedback)
        return feedback


def count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Feedback))


def test_a_valid_submission_is_stored_and_acknowledged_with_its_code(fb_app, fb_client, submit):
    response = submit(
        message="Nội dung\r\nhai dòng",
        procedure="1.004222",
        unit="cong-an-cap-xa",
        publish_answer="y",
    )
    code = tracking_code_of(response)
    assert response.headers["Location"].endswith(f"/phan-anh/{code}")
    assert tracking.normalize(code) and code == tracking.display(tracking.normalize(code))
    feedback = stored(fb_app, code)
    assert feedback.message == "Nội dung\nhai dòng"
    assert feedback.phone == "0912345678"
    assert feedback.procedure_code == "1.004222" and feedback.unit_slug == "cong-an-cap-xa"
    assert feedback.notice_version == PRIVACY_NOTICE_VERSION
    assert feedback.consented_at is not None
    assert feedback.answer_may_be_published is True
    assert feedback.status == "da_tiep_nhan"
    # The page after the redirect shows the code and says it was sent.
    page = parse(fb_client.get(response.headers["Location"]))
    assert code in page.select_one(".tracking-code").get_text()
    assert "Đã gửi thành công" in page.get_text()
    # The thank-you is shown once; a later visit is the plain status page.
    assert "Đã gửi thành công" not in parse(fb_client.get(f"/phan-anh/{code}")).get_text()


def test_double_click_or_retry_returns_the_same_code(fb_app, submit):
    submission_id = str(uuid.uuid4())
    before = count(fb_app)
    first = tracking_code_of(submit(submission_id=submission_id))
    second = tracking_code_of(submit(submission_id=submission_id, message="changed on retry"))
    assert first == second
    assert count(fb_app) == before + 1
    assert stored(fb_app, first).message != "changed on retry"


def test_failed_commit_gives_503_with_the_hotline_and_no_thank_you(
    fb_app, fb_client, submit, monkeypatch
):
    before = count(fb_app)

    def broken_commit(*_args, **_kwargs):
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(db.session, "commit", broken_commit)
    response = submit(message="Nội dung sẽ không được lưu")
    monkeypatch.undo()
    assert response.status_code == 503
    text = parse(response).get_text(" ")
    assert "CHƯA được ghi nhận" in text
    assert "thành công" not in text
    assert "Nội dung sẽ không được lưu" in parse(response).select_one("textarea.copy-back").text
    with fb_app.app_context():
        agency = get_catalog().agency
    contact = agency.hotline or agency.email or str(agency.portal_url)
    assert contact.rstrip("/") in text
    assert count(fb_app) == before


def test_honeypot_rejects_without_storing(fb_app, submit):
    before = count(fb_app)
    response = submit(website="http://spam.example")
    assert response.status_code == 400
    assert count(fb_app) == before


def test_minimum_fill_time(new_app):
    app = new_app(WTF_CSRF_ENABLED=False, FEEDBACK_MIN_FILL_SECONDS=5)
    client = app.test_client()
    too_fast = client.post("/phan-anh", data=valid_form(app, form_token=form_token(app, 1)))
    assert too_fast.status_code == 400
    assert "quá nhanh" in parse(too_fast).select_one("#error-summary").get_text()
    assert count(app) == 0
    forged = client.post("/phan-anh", data=valid_form(app, form_token="forged"))
    assert forged.status_code == 400
    # The page comes back with a new, genuine token: a person can send it after a look.
    renewed = parse(forged).select_one("input[name=form_token]")["value"]
    with app.app_context():
        from tthc.feedback import antiabuse

        assert antiabuse.check_form_token(renewed) is antiabuse.FillCheck.TOO_FAST
    slow_enough = client.post("/phan-anh", data=valid_form(app, form_token=form_token(app, 10)))
    assert slow_enough.status_code == 303


def test_csrf_is_required(new_app):
    app = new_app(FEEDBACK_MIN_FILL_SECONDS=0)
    client = app.test_client()
    rejected = client.post("/phan-anh", data=valid_form(app))
    assert rejected.status_code == 400
    assert count(app) == 0
    # With the token of a rendered form the same data goes through.
    token = parse(client.get("/phan-anh")).select_one("input[name=csrf_token]")["value"]
    accepted = client.post("/phan-anh", data=valid_form(app, csrf_token=token))
    assert accepted.status_code == 303
    # The other forms need it too.
    assert client.post("/danh-gia/cong-an-cap-xa", data={"rating": "hai_long"}).status_code == 422
    assert client.post("/huu-ich/1.004222", data={"useful": "co"}).status_code == 400
    with app.app_context():
        assert votes.vote_counts("1.004222") == {True: 0, False: 0}
