"""The staff area on PostgreSQL: accounts, throttling, inbox filters, answers and the audit log."""

from __future__ import annotations

import datetime as dt

import pytest
from admin_helpers import INBOX, add_feedback, add_staff, login, parse, post_form
from sqlalchemy import select
from tests.conftest import make_app

from tthc.admin.models import AuditLog, StaffUser
from tthc.extensions import db

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_app(tmp_path):
    from feedback.helpers import fresh_postgres_database

    with fresh_postgres_database() as url:
        app = make_app(tmp_path, DATABASE_URL=url)
        yield app
        with app.app_context():
            db.engine.dispose()


def test_staff_work_end_to_end_on_postgres(pg_app):
    create = ["staff", "create", "a@example.vn", "--role", "admin"]
    result = pg_app.test_cli_runner().invoke(args=create)
    assert result.exit_code == 0, result.output
    add_staff(pg_app)
    client = pg_app.test_client()
    for _attempt in range(5):
        assert login(client, password="wrong password").status_code == 401
    assert login(client).status_code == 401  # locked
    with pg_app.app_context():
        user = db.session.scalar(select(StaffUser).where(StaffUser.email.startswith("can.bo")))
        assert user.locked_until is not None
        user.locked_until = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        db.session.commit()
    assert login(client).status_code == 302

    late = add_feedback(pg_app, due_on=dt.date(2026, 11, 1), unit_slug="cong-an-cap-xa")
    add_feedback(pg_app, hidden=True)
    rows = parse(client.get(INBOX, query_string={"overdue": "1"})).select("tbody tr")
    assert len(rows) == 1
    detail = f"/quan-tri/phan-anh/{late}"
    response = post_form(
        client, detail, f"{detail}/tra-loi", {"answer": "Đã giải quyết.", "publish": "y"}
    )
    assert response.status_code == 302
    assert client.get("/quan-tri/phan-anh/xuat.csv").status_code == 200
    with pg_app.app_context():
        actions = set(db.session.scalars(select(AuditLog.action)))
    assert {
        "login",
        "feedback.list",
        "feedback.view",
        "feedback.answer",
        "feedback.export",
    } <= actions
