"""The language of the e-mails: the answer in the citizen's language, the officers' in Vietnamese.

The citizen's language is the one of the page they submitted the form on (Feedback.language,
migration 0006_feedback_language); a real SMTP server on loopback receives every message.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from flask_babel import force_locale
from sqlalchemy import create_engine, inspect, text

from feedback.helpers import valid_form
from notify.helpers import (
    ADMIN,
    PCCC,
    PCCC_OFFICER,
    XNC_OFFICER,
    add_usual_accounts,
    deliver,
    submit,
)
from tthc.extensions import db
from tthc.feedback import service, tracking
from tthc.migrations import upgrade

PASSPORT = "1.001280"  # its unit, the Phòng Quản lý xuất nhập cảnh, has an officer (XNC_OFFICER)
CITIZEN = "sokha@example.vn"
ANSWER = "Đã sửa thời hạn trên trang.\nXin cảm ơn."


@pytest.fixture
def app(mail_app, smtp):
    app = mail_app(smtp.port)
    with app.app_context():
        add_usual_accounts()
    return app


def _post_form(app, client, url: str = "/phan-anh") -> str:
    """Send the public form asking for the answer by e-mail; return the tracking code."""
    data = valid_form(app, email=CITIZEN, answer_by_email="y")
    response = client.post(url, data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return response.headers["Location"].split("?")[0].rsplit("/", 1)[-1]


def _answer(code: str) -> None:
    feedback = service.find_by_code(code)
    service.answer(feedback, ANSWER, staff_email=ADMIN, publish=False)
    deliver()


def _received_day(code: str, locale: str) -> str:
    """The day the submission was received, in Vietnam, as Babel writes it in that language."""
    received = service.find_by_code(code).received_at
    moment = received if received.tzinfo else received.replace(tzinfo=dt.UTC)
    local = moment.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    return format_date(local, "medium", locale=locale), local.strftime("%d/%m/%Y")


def _parts(message) -> tuple[str, str]:
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def test_a_khmer_submission_is_answered_in_khmer(app, smtp):
    client = app.test_client()
    code = _post_form(app, client, "/phan-anh?lang=km")
    with app.app_context():
        assert service.find_by_code(code).language == "km"
        _answer(code)
        khmer_day, vietnamese_day = _received_day(code, "km")
    (answer,) = smtp.inbox.to(CITIZEN)
    assert answer["Subject"] == f"ចម្លើយចំពោះមតិ និងសំណើលេខកូដ {code}"
    assert answer["Content-Language"] == "km"
    text_body, html = _parts(answer)
    assert text_body.startswith("ជូនចំពោះ Nguyễn Văn An,")
    assert f"មតិ និងសំណើលេខកូដ {code} ដែលលោក/លោកស្រីបានផ្ញើនៅថ្ងៃ {khmer_day}" in text_body
    assert vietnamese_day not in text_body and "Kính gửi" not in text_body + html
    assert ANSWER in text_body  # the officer's words, as written
    assert f"https://tthc.example.gov.vn/phan-anh/{code}?lang=km" in text_body
    assert "សូមកុំឆ្លើយតបសារនេះ" in text_body
    assert '<html lang="km">' in html and f"<strong>{code}</strong>" in html
    assert khmer_day in html and "ជូនចំពោះ" in html
    # The agency's name and the Vietnamese answer are marked for a screen reader.
    assert '<span lang="vi">Công an tỉnh Sóc Trăng</span>' in html
    assert '<p><span lang="vi">Đã sửa thời hạn trên trang.</span></p>' in html
    assert f'href="https://tthc.example.gov.vn/phan-anh/{code}?lang=km"' in html
    # The link opens the status page in Khmer, even on a device that never chose the language.
    page = app.test_client().get(f"/phan-anh/{code}?lang=km")
    assert page.status_code == 200 and '<html lang="km"' in page.get_data(as_text=True)


def test_an_english_submission_is_answered_in_english(app, smtp):
    client = app.test_client()
    client.get("/?lang=en")  # the language switch: kept in a cookie for the form that follows
    code = _post_form(app, client)
    with app.app_context():
        assert service.find_by_code(code).language == "en"
        _answer(code)
        english_day, vietnamese_day = _received_day(code, "en")
    (answer,) = smtp.inbox.to(CITIZEN)
    assert answer["Subject"] == f"Answer to your feedback {code}"
    assert answer["Content-Language"] == "en"
    text_body, html = _parts(answer)
    assert text_body.startswith("Dear Nguyễn Văn An,")
    assert f"tracking code {code} that you sent on {english_day} as follows:" in text_body
    assert vietnamese_day not in text_body
    status = f"https://tthc.example.gov.vn/phan-anh/{code}?lang=en"
    assert f"See the status of your feedback: {status}" in text_body
    assert "please do not reply to it." in text_body
    assert '<html lang="en">' in html and english_day in html


def test_a_vietnamese_submission_is_answered_as_before(app, smtp):
    client = app.test_client()
    code = _post_form(app, client)
    with app.app_context():
        assert service.find_by_code(code).language == "vi"
        _answer(code)
        _, vietnamese_day = _received_day(code, "vi")
    (answer,) = smtp.inbox.to(CITIZEN)
    assert answer["Subject"] == f"Trả lời phản ánh, kiến nghị mã {code}"
    assert answer["Content-Language"] == "vi"
    text_body, html = _parts(answer)
    assert f"mã {code} Ông/Bà gửi ngày {vietnamese_day} như sau:" in text_body
    assert f"Xem tình trạng phản ánh, kiến nghị: https://tthc.example.gov.vn/phan-anh/{code}\n" in (
        text_body
    )
    assert '<html lang="vi">' in html and "lang=" not in html.replace('<html lang="vi">', "")


def test_without_a_name_the_citizen_is_addressed_politely_in_their_language(app, smtp):
    with app.app_context():
        feedback = submit(name="", email=CITIZEN, answer_by_email=True, language="km")
        service.answer(feedback, ANSWER, staff_email=ADMIN, publish=False)
        deliver()
    (answer,) = smtp.inbox.to(CITIZEN)
    assert _parts(answer)[0].startswith("ជូនចំពោះ លោក/លោកស្រី,")


def test_staff_messages_about_a_khmer_submission_stay_vietnamese(app, smtp):
    with app.app_context():
        feedback = submit(procedure_code=PASSPORT, email=CITIZEN, answer_by_email=True,
                          language="km")
        service.transfer(feedback, PCCC, "Thuộc lĩnh vực PCCC")
        feedback.due_on = dt.date(2027, 2, 11)
        db.session.commit()
        deliver(today=dt.date(2027, 2, 1))  # the reminder: 3 working days to go
        deliver(today=dt.date(2027, 2, 12))  # the overdue alert
        code = tracking.display(feedback.tracking_code)
    staff = [m for m in smtp.inbox.messages if m["To"] != CITIZEN]
    subjects = sorted(m["Subject"].split("]")[0] + "]" for m in staff)
    assert {"[Phản ánh, kiến nghị mới]", "[Phản ánh, kiến nghị được chuyển đến]",
            "[Sắp đến hạn]", "[Quá hạn]"} == set(subjects)
    for message in staff:
        text_body, html = _parts(message)
        assert message["Content-Language"] == "vi"
        assert '<html lang="vi">' in html and "Mã tra cứu: " + code in text_body
        assert re.search(r"^Hạn trả lời: \d\d/\d\d/\d{4}$", text_body, re.MULTILINE)
        # The officers' link to the citizen's page is the plain one.
        assert f"Trang tra cứu của người gửi: https://tthc.example.gov.vn/phan-anh/{code}\n" in (
            text_body
        )
        assert "ជូនចំពោះ" not in text_body and "មតិ" not in text_body + html
    reminder = next(m for m in staff if m["Subject"].startswith("[Sắp đến hạn]"))
    assert "sẽ đến hạn vào ngày 11/02/2027 (còn 3 ngày làm việc)." in _parts(reminder)[0]
    assert "<strong>11/02/2027</strong>" in _parts(reminder)[1]
    overdue = next(m for m in staff if m["Subject"].startswith("[Quá hạn]"))
    assert overdue["Subject"].endswith("đã quá hạn trả lời (11/02/2027)")
    assert "đã <strong>quá hạn trả lời</strong> (hạn 11/02/2027)" in _parts(overdue)[1]
    assert {m["To"] for m in staff} == {XNC_OFFICER, PCCC_OFFICER, ADMIN}


def test_dates_and_numbers_follow_the_message_language(app):
    from tthc.notify.messages import local_day, vn_date

    late_evening = dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)  # 06:30 on the 2nd in Vietnam
    with app.app_context():
        with force_locale("km"):
            assert local_day(late_evening) == format_date(dt.date(2026, 12, 2), "medium", "km")
            assert local_day(dt.datetime(2026, 12, 1, 23, 30)) == local_day(late_evening)
            assert vn_date(late_evening) == "02/12/2026"  # whatever the locale around
        with force_locale("en"):
            assert local_day(late_evening) == "Dec 2, 2026"
            assert local_day(None) == ""


def test_reminder_numbers_and_plurals_through_babel(app):
    from tthc.catalog import get_catalog
    from tthc.feedback.models import Feedback
    from tthc.notify import messages

    with app.app_context():
        feedback = Feedback(
            tracking_code="ABCD2345", submission_id=str(uuid.uuid4()), category="quy_dinh",
            message="x", notice_version="t", consented_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
            received_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC), due_on=dt.date(2027, 2, 11),
            language="en",
        )
        one = messages.render(messages.REMINDER, feedback, working_days_left=1)
        # Staff messages are Vietnamese even for an English-speaking citizen.
        assert "(còn 1 ngày làm việc)." in one.text
        with force_locale("en"):
            # The template itself counts in any language: Babel's numbers and plural forms.
            template = app.jinja_env.get_template("notify/reminder.txt")
            context = dict(agency=get_catalog().agency, code="ABCD2-345", due="Feb 11, 2027",
                           received="Dec 1, 2026", category="", procedure=None, unit_name="",
                           status_url="s", staff_url="t")
            many = template.render(context, working_days_left=1200)
            single = template.render(context, working_days_left=1)
        assert "is due on Feb 11, 2027 (1,200 working days left)." in many
        assert "(1 working day left)." in single


def _feedback_row(connection, number: int) -> None:
    moment = dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC)
    connection.execute(
        text(
            "INSERT INTO feedback (tracking_code, submission_id, category, message,"
            " notice_version, consented_at, answer_may_be_published, status, received_at,"
            " due_on, updated_at, answer_published, hidden)"
            " VALUES (:code, :sid, 'quy_dinh', 'x', 't', :at, 0, 'da_tiep_nhan', :at,"
            " '2026-12-21', :at, 0, 0)"
        ),
        {"code": f"OLD{number:05d}", "sid": str(uuid.uuid4()), "at": moment},
    )


def test_the_migration_gives_earlier_submissions_vietnamese(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    try:
        with engine.connect() as connection:
            upgrade(connection, "0005_photo_storage")
            _feedback_row(connection, 1)
            connection.commit()
            columns = {c["name"] for c in inspect(connection).get_columns("feedback")}
            assert "language" not in columns
            upgrade(connection, "0006_feedback_language")
            connection.commit()
            _feedback_row(connection, 2)  # a row written without the column: the default too
            connection.commit()
            languages = connection.execute(
                text("SELECT tracking_code, language FROM feedback ORDER BY tracking_code")
            ).all()
            column = next(
                c for c in inspect(connection).get_columns("feedback") if c["name"] == "language"
            )
        assert languages == [("OLD00001", "vi"), ("OLD00002", "vi")]
        assert column["nullable"] is False and str(column["type"]) == "VARCHAR(8)"
    finally:
        engine.dispose()
