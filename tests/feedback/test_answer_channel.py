"""The form says how the answer reaches the citizen, and the urgent phone only when configured."""

from __future__ import annotations

import shutil

from sqlalchemy import select

from feedback.helpers import field_error, parse, tracking_code_of, valid_form
from support import PROCEDURES
from tthc.extensions import db
from tthc.feedback.models import Feedback


def test_the_form_explains_the_answer_channels_without_an_invented_phone(fb_client):
    page = parse(fb_client.get("/phan-anh"))
    note = " ".join(page.select_one("#answer-channel").get_text(" ").split())
    assert "trang tra cứu" in note and "thư điện tử" in note
    # agency.yaml has no verified hotline: no number is shown.
    assert "đường dây nóng" not in note
    assert page.select_one('#answer-channel a[href^="tel:"]') is None


def test_the_hotline_shows_once_it_is_configured(tmp_path, new_app):
    procedures = tmp_path / "procedures"
    shutil.copytree(PROCEDURES, procedures)
    with open(procedures / "agency.yaml", "a", encoding="utf-8") as handle:
        handle.write("hotline: 0299 3822 123\n")  # a test value, not the agency's
    app = new_app(PROCEDURES_DIR=str(procedures))
    page = parse(app.test_client().get("/phan-anh"))
    link = page.select_one('#answer-channel a[href^="tel:"]')
    assert link["href"] == "tel:02993822123" and link.get_text() == "0299 3822 123"


def test_answer_by_email_is_stored_and_needs_an_address(fb_app, fb_client):
    missing = fb_client.post("/phan-anh", data=valid_form(fb_app, answer_by_email="y"))
    assert missing.status_code == 422
    assert "nhận câu trả lời qua thư" in field_error(missing, "answer_by_email")

    sent = fb_client.post(
        "/phan-anh",
        data=valid_form(fb_app, answer_by_email="y", email="binh@example.vn", phone=""),
    )
    code = tracking_code_of(sent).replace("-", "")
    with fb_app.app_context():
        stored = db.session.scalars(select(Feedback).where(Feedback.tracking_code == code)).one()
        assert stored.answer_by_email is True and stored.email == "binh@example.vn"
