"""The inbox: filters, pagination, overdue, hidden submissions, and citizen text escaped."""

from __future__ import annotations

import datetime as dt

from admin_helpers import INBOX, add_feedback, parse
from sqlalchemy import select

from tthc.admin.models import AuditLog
from tthc.catalog import get_catalog
from tthc.extensions import db
from tthc.feedback import tracking
from tthc.feedback.models import FeedbackCategory, FeedbackStatus

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
PROVINCE = "phong-csqlhc-ve-ttxh"
COMMUNE = "cong-an-cap-xa"
# TODAY in the tests is 28/11/2026
PAST = dt.date(2026, 11, 20)
FUTURE = dt.date(2026, 12, 18)


def _codes(response) -> set[str]:
    rows = parse(response).select("table.admin-table tbody tr td:first-child a")
    return {tracking.normalize(row.get_text()) for row in rows}


def test_inbox_lists_submissions_with_their_state(admin_app, staff_client):
    code = add_feedback(admin_app, unit_slug=PROVINCE, procedure_code="1.004222")
    response = staff_client.get(INBOX)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = parse(response)
    assert _codes(response) == {code}
    row = page.select_one("table.admin-table tbody tr")
    text = " ".join(row.get_text(" ").split())
    assert "Đã tiếp nhận" in text and "18/12/2026" in text
    with admin_app.app_context():
        assert get_catalog().unit(PROVINCE).name in text  # the unit's name, not its slug


def test_each_filter_narrows_the_list(admin_app, staff_client):
    received = add_feedback(admin_app, unit_slug=PROVINCE, due_on=FUTURE)
    late = add_feedback(admin_app, unit_slug=COMMUNE, due_on=PAST)
    late_but_answered = add_feedback(
        admin_app, status=FeedbackStatus.ANSWERED.value, answer="Đã xử lý.", due_on=PAST
    )
    proposal = add_feedback(
        admin_app,
        category=FeedbackCategory.PROPOSAL.value,
        status=FeedbackStatus.IN_PROGRESS.value,
        procedure_code="2.001195",
    )
    hidden = add_feedback(admin_app, hidden=True, hidden_reason="spam")

    def codes(**args):
        return _codes(staff_client.get(INBOX, query_string=args))

    assert codes() == {received, late, late_but_answered, proposal}
    assert codes(status="dang_xu_ly") == {proposal}
    assert codes(status="da_tra_loi") == {late_but_answered}
    assert codes(unit=COMMUNE) == {late}
    assert codes(category="kien_nghi") == {proposal}
    assert codes(procedure="2.001195") == {proposal}
    assert codes(overdue="1") == {late}
    assert codes(hidden="1") == {hidden}
    assert codes(code=tracking.display(late).lower()) == {late}
    assert codes(unit=PROVINCE, category="quy_dinh") == {received}


def test_the_header_counts_open_and_overdue_items(admin_app, staff_client):
    add_feedback(admin_app, due_on=PAST)
    add_feedback(admin_app, due_on=FUTURE)
    add_feedback(admin_app, due_on=PAST, hidden=True)
    text = " ".join(
        parse(staff_client.get(INBOX)).select_one(".admin-counts").get_text(" ").split()
    )
    assert "Đã tiếp nhận: 2" in text
    assert "Quá hạn: 1" in text


def test_overdue_rows_are_marked(admin_app, staff_client):
    late = add_feedback(admin_app, due_on=PAST)
    add_feedback(admin_app, due_on=FUTURE)
    marked = parse(staff_client.get(INBOX)).select("tr.is-overdue td:first-child a")
    assert [tracking.normalize(a.get_text()) for a in marked] == [late]


def test_nonsense_filters_are_ignored_with_a_note(admin_app, staff_client):
    code = add_feedback(admin_app)
    response = staff_client.get(
        INBOX,
        query_string={
            "status": "x' OR 1=1",
            "unit": "<b>",
            "category": "1",
            "page": "²",
            "code": "!",
        },
    )
    assert response.status_code == 200
    assert _codes(response) == {code}
    assert "không hợp lệ nên đã được bỏ qua" in parse(response).text


def test_pagination_walks_every_submission_once(admin_app, staff_client):
    codes = {add_feedback(admin_app) for _number in range(30)}
    first = staff_client.get(INBOX)
    second = staff_client.get(INBOX, query_string={"page": "2"})
    beyond = staff_client.get(INBOX, query_string={"page": "99"})
    assert len(_codes(first)) == 25 and len(_codes(second)) == 5
    assert _codes(first) | _codes(second) == codes
    assert _codes(beyond) == _codes(second)  # past the end shows the last page
    assert parse(first).select_one("a[rel=next]")["href"].endswith("page=2")
    assert "30 phản ánh" in parse(first).text


def test_citizen_text_is_escaped_in_the_inbox(admin_app, staff_client):
    add_feedback(admin_app, message=XSS, name=XSS)
    response = staff_client.get(INBOX)
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;alert" in html
    assert parse(response).select("table script") == []


def test_looking_at_the_inbox_is_logged(admin_app, staff_client):
    staff_client.get(INBOX, query_string={"status": "da_tiep_nhan"})
    with admin_app.app_context():
        entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "feedback.list")).one()
    assert entry.staff_email == "can.bo@congan.example.vn"
    assert "status=da_tiep_nhan" in entry.details
