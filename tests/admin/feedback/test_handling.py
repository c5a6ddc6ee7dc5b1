"""Extending the due date once with a reason, and transferring a submission to another unit."""

from __future__ import annotations

import datetime as dt

from admin_helpers import INBOX, add_feedback, add_staff, login, parse, post_form
from sqlalchemy import select

from tthc.admin.models import AuditLog
from tthc.extensions import db
from tthc.feedback import service, tracking
from tthc.notify.models import OutboxMessage

XNC = "phong-quan-ly-xuat-nhap-canh"
PCCC = "phong-canh-sat-pccc-cnch"
DUE = dt.date(2026, 12, 18)  # a Friday


def _detail(code):
    return f"{INBOX}/{code}"


def test_an_officer_extends_the_due_date_once_and_the_citizen_sees_why(admin_app):
    add_staff(admin_app, email="xnc@congan.example.vn", roles=("officer",), units=(XNC,))
    client = admin_app.test_client()
    login(client, email="xnc@congan.example.vn")
    code = add_feedback(admin_app, unit_slug=XNC, handling_unit=XNC, due_on=DUE)
    action = f"{_detail(code)}/gia-han"

    refused = {
        "": "Nhập hạn trả lời mới",
        "18/12": "Ngày chưa đúng",
        "2026-12-17": "phải sau hạn hiện tại",
        "2026-12-19": "phải là ngày làm việc",  # a Saturday
        "2027-02-01": "tối đa 15 ngày làm việc",
    }
    for typed, message in refused.items():
        response = post_form(
            client, _detail(code), action, {"new_due": typed, "extension_reason": "Cần xác minh"}
        )
        assert response.status_code == 400, typed
        assert message in parse(response).select_one("#new_due-error").get_text(), typed
    no_reason = post_form(client, _detail(code), action, {"new_due": "2026-12-24"})
    assert no_reason.status_code == 400

    response = post_form(
        client,
        _detail(code),
        action,
        {"new_due": "2026-12-24", "extension_reason": "Cần xác minh tại Công an cấp xã"},
    )
    assert response.status_code == 302
    with admin_app.app_context():
        item = service.find_by_code(code)
        assert (item.original_due_on, item.due_on) == (DUE, dt.date(2026, 12, 24))
        assert item.extended_by == "xnc@congan.example.vn"
        query = select(AuditLog).where(AuditLog.action == "feedback.extend")
        entry = db.session.scalars(query).one()
        assert entry.details == "2026-12-18 → 2026-12-24: Cần xác minh tại Công an cấp xã"

    # The form is gone; a second extension is refused on the server too.
    assert parse(client.get(_detail(code))).select_one("#new_due") is None
    again = post_form(
        client, INBOX, action, {"new_due": "2026-12-28", "extension_reason": "Lần hai"}
    )
    assert again.status_code == 400
    assert "một lần" in parse(again).select_one("#new_due-error").get_text()

    status = parse(admin_app.test_client().get(f"/phan-anh/{tracking.display(code)}"))
    text = " ".join(status.select_one(".due-extended").get_text().split())
    assert text == "Đã gia hạn từ ngày 18/12/2026. Lý do: Cần xác minh tại Công an cấp xã"


def test_a_transfer_is_logged_notified_and_moves_the_scope(admin_app):
    add_staff(admin_app, email="xnc@congan.example.vn", roles=("officer",), units=(XNC,))
    add_staff(admin_app, email="pccc@congan.example.vn", roles=("officer",), units=(PCCC,))
    client = admin_app.test_client()
    login(client, email="xnc@congan.example.vn")
    code = add_feedback(admin_app, unit_slug=XNC, handling_unit=XNC)
    action = f"{_detail(code)}/chuyen"

    page = parse(client.get(_detail(code)))
    choices = [option["value"] for option in page.select("#transfer_unit option")]
    assert XNC not in choices and PCCC in choices
    bad = post_form(client, _detail(code), action, {"transfer_unit": "khong-co"})
    assert bad.status_code == 400

    response = post_form(
        client, _detail(code), action,
        {"transfer_unit": PCCC, "transfer_note": "Thuộc lĩnh vực phòng cháy"},
    )
    # The officer of the old unit no longer sees it: back to the inbox.
    assert response.status_code == 302 and response.headers["Location"].endswith(INBOX)
    assert client.get(_detail(code)).status_code == 404
    with admin_app.app_context():
        assert service.find_by_code(code).handling_unit == PCCC
        entry = db.session.scalars(
            select(AuditLog).where(AuditLog.action == "feedback.transfer")
        ).one()
        assert entry.details == f"{XNC} → {PCCC}: Thuộc lĩnh vực phòng cháy"
        (message,) = db.session.scalars(select(OutboxMessage)).all()
        assert (message.kind, message.recipient) == ("transfer", "pccc@congan.example.vn")

    status = parse(admin_app.test_client().get(f"/phan-anh/{tracking.display(code)}"))
    assert "Phòng Cảnh sát phòng cháy" in status.select_one(".feedback-summary").get_text()

    other = admin_app.test_client()
    login(other, email="pccc@congan.example.vn")
    assert other.get(_detail(code)).status_code == 200
    inbox = parse(other.get(INBOX)).get_text()
    assert tracking.display(code) in inbox or code in inbox
