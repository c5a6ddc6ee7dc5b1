"""Who is told what: new submissions, transfers, answers, reminders and overdue alerts.

A real SMTP server on loopback receives every message; the tests read what arrived.
"""

from __future__ import annotations

import datetime as dt

import pytest

from notify.helpers import (
    ADMIN,
    PCCC,
    PCCC_OFFICER,
    XNC,
    XNC_OFFICER,
    add_usual_accounts,
    deliver,
    outbox_rows,
    submit,
)
from notify.smtp_server import SmtpServer, free_port
from tthc.extensions import db
from tthc.feedback import service, tracking
from tthc.feedback.workdays import add_working_days

PASSPORT = "1.001280"  # giấy thông hành biên giới: the Phòng Quản lý xuất nhập cảnh


@pytest.fixture
def app(mail_app, smtp):
    app = mail_app(smtp.port)
    with app.app_context():
        add_usual_accounts()
    return app


def _addresses(smtp) -> list[str]:
    return sorted(message["To"] for message in smtp.inbox.messages)


def test_a_new_submission_goes_to_the_officers_of_its_procedures_unit(app, smtp):
    with app.app_context():
        feedback = submit(procedure_code=PASSPORT)
        assert feedback.handling_unit == XNC
        deliver()
        code = feedback.tracking_code
    assert _addresses(smtp) == [XNC_OFFICER]  # not the other unit, the inactive one or admins
    (message,) = smtp.inbox.messages
    assert message["Subject"].startswith("[Phản ánh, kiến nghị mới] Mã ")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    display = tracking.display(code)
    assert f"https://tthc.example.gov.vn/phan-anh/{display}" in text
    assert f"https://tthc.example.gov.vn/quan-tri/phan-anh/{code}" in text
    assert "Phòng Quản lý xuất nhập cảnh" in text and "Hạn trả lời: " in text
    assert 'lang="vi"' in html and display in html
    # The citizen's text and contacts stay in the staff area.
    assert "Trần Thị Bình" not in text + html and "0912345678" not in text + html


def test_the_unit_the_citizen_chose_wins(app, smtp):
    with app.app_context():
        assert submit(procedure_code=PASSPORT, unit_slug=PCCC).handling_unit == PCCC
        deliver()
    assert _addresses(smtp) == [PCCC_OFFICER]


def test_without_a_unit_the_admins_are_told(app, smtp):
    with app.app_context():
        assert submit().handling_unit is None
        deliver()
    assert _addresses(smtp) == [ADMIN]


def test_a_retried_form_is_told_once(app, smtp):
    with app.app_context():
        first = submit(procedure_code=PASSPORT)
        again, created = service.submit(
            service.Submission(
                submission_id=first.submission_id,
                category=first.category_enum,
                message=first.message,
                name=first.name,
                phone=first.phone,
                email=None,
                notice_version="test",
            )
        )
        assert not created
        deliver()
        deliver()
    assert _addresses(smtp) == [XNC_OFFICER]


def test_a_transfer_tells_the_new_unit(app, smtp):
    with app.app_context():
        feedback = submit(procedure_code=PASSPORT)
        assert service.transfer(feedback, PCCC, "Nội dung thuộc lĩnh vực phòng cháy") == XNC
        assert service.transfer(feedback, PCCC) == PCCC  # already there: nothing happens
        deliver()
    assert _addresses(smtp) == [PCCC_OFFICER, XNC_OFFICER]
    (moved,) = [m for m in smtp.inbox.messages if m["To"] == PCCC_OFFICER]
    text = moved.get_body(("plain",)).get_content()
    assert "từ Phòng Quản lý xuất nhập cảnh" in text
    assert "Nội dung thuộc lĩnh vực phòng cháy" in text


def test_the_answer_goes_to_a_citizen_who_asked_for_it(app, smtp):
    with app.app_context():
        asked = submit(email="binh@example.vn", answer_by_email=True, procedure_code=PASSPORT)
        not_asked = submit(email="an@example.vn", answer_by_email=False, procedure_code=PASSPORT)
        no_address = submit(answer_by_email=True, procedure_code=PASSPORT)
        assert no_address.answer_by_email is False
        text = "Đã sửa thời hạn.\nXin cảm ơn."
        for feedback in (asked, not_asked, no_address):
            service.answer(feedback, text, staff_email=ADMIN, publish=False)
        # Saving the same answer again is not a new message; a changed answer is.
        service.answer(asked, text, staff_email=ADMIN, publish=False)
        deliver()
        service.answer(asked, "Đã sửa thời hạn trên trang.", staff_email=ADMIN, publish=False)
        deliver()
        code = asked.tracking_code
    answers = smtp.inbox.to("binh@example.vn")
    assert len(answers) == 2 and smtp.inbox.to("an@example.vn") == []
    first = answers[0]
    assert first["Subject"] == f"Trả lời phản ánh, kiến nghị mã {tracking.display(code)}"
    text = first.get_body(("plain",)).get_content()
    assert "Kính gửi Trần Thị Bình" in text and "Đã sửa thời hạn.\nXin cảm ơn." in text
    assert f"/phan-anh/{tracking.display(code)}" in text
    html = first.get_body(("html",)).get_content()
    assert "<p>Đã sửa thời hạn.</p><p>Xin cảm ơn.</p>" in html


def test_reminder_three_working_days_before_and_overdue_after(app, smtp):
    with app.app_context():
        feedback = submit(procedure_code=PASSPORT)
        feedback.due_on = dt.date(2027, 2, 11)  # just after the Tết holidays (4-10/02/2027)
        db.session.commit()
        deliver()  # the new-submission message
        smtp.inbox.messages.clear()

        deliver(today=dt.date(2027, 1, 29))  # Fri: 4 working days to go (1, 2, 3 and 11/02)
        assert smtp.inbox.messages == []
        deliver(today=dt.date(2027, 2, 1))  # Mon: 3 to go, Tết does not count
        deliver(today=dt.date(2027, 2, 2))  # the reminder is sent once
        assert _addresses(smtp) == [XNC_OFFICER]
        text = smtp.inbox.messages[0].get_body(("plain",)).get_content()
        assert "11/02/2027" in text and "còn 3 ngày làm việc" in text
        assert smtp.inbox.messages[0]["Subject"].startswith("[Sắp đến hạn]")

        smtp.inbox.messages.clear()
        deliver(today=dt.date(2027, 2, 11))  # due today: not yet overdue
        assert smtp.inbox.messages == []
        deliver(today=dt.date(2027, 2, 12))
        deliver(today=dt.date(2027, 2, 15))
        assert _addresses(smtp) == [ADMIN, XNC_OFFICER]
        assert all(m["Subject"].startswith("[Quá hạn]") for m in smtp.inbox.messages)

        # Answered: no more alerts, even for a new due date.
        service.answer(feedback, "Đã trả lời.", staff_email=ADMIN, publish=False)
        feedback.due_on = dt.date(2027, 2, 16)
        db.session.commit()
        smtp.inbox.messages.clear()
        deliver(today=dt.date(2027, 2, 17))
    assert smtp.inbox.messages == []


def test_an_extension_starts_the_reminders_again_for_the_new_date(app, smtp):
    with app.app_context():
        feedback = submit(procedure_code=PASSPORT)
        due = feedback.due_on
        deliver(today=due)  # the reminder for the first date
        new_due = add_working_days(due, 5)
        service.extend_due(feedback, new_due, "Cần xác minh thêm", staff_email=ADMIN)
        deliver(today=due + dt.timedelta(days=1))  # past the old date: no overdue alert
        assert outbox_rows("overdue") == []
        deliver(today=new_due)
    reminders = [m for m in smtp.inbox.messages if m["Subject"].startswith("[Sắp đến hạn]")]
    assert len(reminders) == 2


def test_hidden_submissions_raise_no_alerts(app, smtp):
    with app.app_context():
        feedback = submit(procedure_code=PASSPORT)
        service.hide(feedback, "Lời lẽ xúc phạm")
        deliver(today=feedback.due_on + dt.timedelta(days=3))
    assert [m["Subject"][:25] for m in smtp.inbox.messages] == ["[Phản ánh, kiến nghị mới]"]


def test_outage_of_the_mail_server_loses_and_repeats_nothing(mail_app):
    port = free_port()
    app = mail_app(port)
    with app.app_context():
        add_usual_accounts()
        for _ in range(3):
            submit(procedure_code=PASSPORT, email="binh@example.vn", answer_by_email=True)
        deliver()  # down
        deliver(now=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5))  # still down
        assert all(row.sent_at is None for row in outbox_rows())
        server = SmtpServer(port).start()
        try:
            deliver(now=dt.datetime.now(dt.UTC) + dt.timedelta(hours=2))
            deliver(now=dt.datetime.now(dt.UTC) + dt.timedelta(hours=3))
        finally:
            server.stop()
        keys = [row.dedup_key for row in outbox_rows()]
    assert len(server.inbox.messages) == 3 == len(keys)
    assert len({m["Message-ID"] for m in server.inbox.messages}) == 3


def test_purging_personal_data_drops_the_messages_too(app, smtp):
    with app.app_context():
        feedback = submit(procedure_code=PASSPORT, email="binh@example.vn", answer_by_email=True)
        service.answer(feedback, "Đã trả lời.", staff_email=ADMIN, publish=False)
        deliver()
        service.change_status(feedback, "da_dong")
        kept = submit(procedure_code=PASSPORT)
        assert {row.feedback_id for row in outbox_rows()} == {feedback.id, kept.id}
        assert service.purge(0, now=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)) == 1
        assert {row.feedback_id for row in outbox_rows()} == {kept.id}


def test_dates_in_messages_are_vietnamese_days(app):
    from tthc.notify.messages import vn_date

    with app.app_context():
        assert vn_date(dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)) == "02/12/2026"
        assert vn_date(dt.datetime(2026, 12, 1, 23, 30)) == "02/12/2026"  # naive: UTC (SQLite)
        assert vn_date(dt.date(2026, 12, 1)) == "01/12/2026"
        assert vn_date(None) == ""
