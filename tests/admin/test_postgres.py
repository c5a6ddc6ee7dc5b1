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


def test_roles_and_unit_scope_on_postgres(pg_app):
    create = ["staff", "create", "o@example.vn", "--role", "officer", "--unit", "cong-an-cap-xa"]
    assert pg_app.test_cli_runner().invoke(args=create).exit_code == 0
    add_staff(pg_app, email="o2@example.vn", roles=("officer", "viewer"),
              units=("cong-an-cap-xa", "cong-an-tinh"))
    mine = add_feedback(pg_app, unit_slug="cong-an-cap-xa")
    other = add_feedback(pg_app, unit_slug="cong-an-tinh")
    add_feedback(pg_app, unit_slug=None)
    client = pg_app.test_client()
    add_staff(pg_app, email="o3@example.vn", roles=("officer",), units=("cong-an-cap-xa",))
    assert login(client, email="o3@example.vn").status_code == 302
    links = parse(client.get(INBOX)).select("tbody tr td:first-child a")
    assert [a["href"] for a in links] == [f"{INBOX}/{mine}"]
    assert client.get(f"{INBOX}/{other}").status_code == 404
    assert client.get("/quan-tri/nhat-ky").status_code == 403
    from tthc.admin.roles import officers_of_unit

    with pg_app.app_context():
        officers = [u.email for u in officers_of_unit("cong-an-cap-xa")]
    assert officers == ["o2@example.vn", "o3@example.vn", "o@example.vn"]


def test_the_roles_migration_on_postgres(tmp_path):
    from sqlalchemy import text

    from feedback.helpers import fresh_postgres_database

    with fresh_postgres_database() as url:
        app = make_app(tmp_path, DATABASE_URL=url, DB_UPGRADE_ON_START=False)
        runner = app.test_cli_runner()
        assert runner.invoke(args=["db", "upgrade", "0001_initial"]).exit_code == 0
        with app.app_context():
            db.session.execute(text(
                "INSERT INTO staff_users (email, password_hash, must_change_password, active,"
                " failed_logins, session_version, created_at)"
                " VALUES ('cu@example.vn', 'x', false, true, 0, 1, now())"
            ))
            db.session.commit()
        assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
        with app.app_context():
            user = db.session.scalar(select(StaffUser))
            assert user.roles == {"admin"}
        with app.app_context():
            db.engine.dispose()
