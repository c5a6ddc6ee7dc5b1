"""Roles and units of accounts: `flask staff create --role --unit`, the admin page, migration."""

from __future__ import annotations

import re

import pytest
from admin_helpers import INBOX, add_staff, login, parse, post_form
from sqlalchemy import select, text

from tthc.admin import roles
from tthc.admin.models import AuditLog, StaffUser
from tthc.extensions import db

ACCOUNTS = "/quan-tri/tai-khoan"
UNIT = "phong-quan-ly-xuat-nhap-canh"
OTHER_UNIT = "cong-an-cap-xa"


def _user(app, email) -> StaffUser:
    with app.app_context():
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == email))
        return user and (user.id, set(user.roles), set(user.unit_slugs))


def _audit(app, action):
    with app.app_context():
        return db.session.scalars(
            select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)
        ).all()


# -- flask staff create -------------------------------------------------------------------------


def test_create_with_several_roles_and_units(admin_app):
    result = admin_app.test_cli_runner().invoke(args=[
        "staff", "create", "o@example.vn", "--role", "officer", "--role", "viewer",
        "--unit", UNIT, "--unit", OTHER_UNIT,
    ])
    assert result.exit_code == 0, result.output
    _id, held, units = _user(admin_app, "o@example.vn")
    assert held == {"officer", "viewer"} and units == {UNIT, OTHER_UNIT}
    [entry] = _audit(admin_app, "staff.create")
    assert entry.target == "o@example.vn" and "officer, viewer" in entry.details
    listed = admin_app.test_cli_runner().invoke(args=["staff", "list"]).output
    assert re.search(rf"o@example.vn\tofficer, viewer \(.*{UNIT}.*\)", listed), listed


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "Missing option '--role'"),
        (["--role", "superuser"], "Vai trò không hợp lệ: superuser"),
        (["--role", "officer"], "phải được giao ít nhất một đơn vị"),
        (["--role", "officer", "--unit", "khong-co"], "Không có đơn vị khong-co"),
        (["--role", "viewer", "--unit", UNIT], "Chỉ vai trò trả lời phản ánh"),
    ],
)
def test_create_refuses_wrong_roles_and_units(admin_app, extra, message):
    result = admin_app.test_cli_runner().invoke(args=["staff", "create", "x@example.vn", *extra])
    assert result.exit_code != 0
    assert message in result.output, result.output
    assert _user(admin_app, "x@example.vn") is None


# -- the admin page -----------------------------------------------------------------------------


@pytest.fixture
def admin_client(admin_app):
    add_staff(admin_app, email="qt@example.vn", roles=("admin",))
    client = admin_app.test_client()
    assert login(client, email="qt@example.vn").status_code == 302
    return client


def test_the_list_shows_roles_and_units(admin_app, admin_client):
    add_staff(admin_app, email="o@example.vn", roles=("officer",), units=(UNIT,))
    page = parse(admin_client.get(ACCOUNTS))
    rows = {
        row.select_one("a").get_text(): " ".join(row.get_text(" ").split())
        for row in page.select("#accounts tbody tr")
    }
    assert set(rows) == {"qt@example.vn", "o@example.vn"}
    assert "Cán bộ trả lời phản ánh" in rows["o@example.vn"]
    assert "Phòng Quản lý xuất nhập cảnh" in rows["o@example.vn"]
    assert "Quản trị" in rows["qt@example.vn"]


def test_an_admin_changes_roles_and_units_and_it_is_logged(admin_app, admin_client):
    staff_id = add_staff(admin_app, email="o@example.vn", roles=("viewer",))
    url = f"{ACCOUNTS}/{staff_id}"
    form = parse(admin_client.get(url))
    assert form.select_one("input[name=roles][value=viewer]").has_attr("checked")
    response = post_form(
        admin_client, url, url, {"roles": ["officer", "editor"], "units": [UNIT, OTHER_UNIT]}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(ACCOUNTS)
    assert _user(admin_app, "o@example.vn")[1:] == ({"officer", "editor"}, {UNIT, OTHER_UNIT})
    [entry] = _audit(admin_app, "staff.roles")
    assert entry.staff_email == "qt@example.vn" and entry.target == "o@example.vn"
    assert entry.details == (
        f"roles: viewer; units: - → roles: editor, officer; units: {OTHER_UNIT}, {UNIT}"
    )
    query = {"action": "staff.roles"}
    audit_page = parse(admin_client.get("/quan-tri/nhat-ky", query_string=query))
    assert "o@example.vn" in audit_page.text


def test_a_change_applies_at_once_to_a_logged_in_account(admin_app, admin_client):
    staff_id = add_staff(admin_app, email="o@example.vn", roles=("officer",), units=(UNIT,))
    officer = admin_app.test_client()
    assert login(officer, email="o@example.vn").status_code == 302
    assert officer.get(INBOX).status_code == 200
    url = f"{ACCOUNTS}/{staff_id}"
    assert post_form(admin_client, url, url, {"roles": ["viewer"]}).status_code == 302
    assert officer.get(INBOX).status_code == 403
    assert officer.get("/quan-tri/luot-quet").status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Chọn ít nhất một vai trò."),
        ({"roles": ["officer"]}, "phải được giao ít nhất một đơn vị"),
        ({"roles": ["viewer"], "units": [UNIT]}, "Chỉ vai trò trả lời phản ánh"),
        ({"roles": ["root"]}, "Vai trò không hợp lệ"),
        ({"roles": ["officer"], "units": ["khong-co"]}, "Không có đơn vị khong-co"),
    ],
)
def test_wrong_choices_are_refused_next_to_the_field(admin_app, admin_client, data, message):
    staff_id = add_staff(admin_app, email="o@example.vn", roles=("viewer",))
    url = f"{ACCOUNTS}/{staff_id}"
    response = post_form(admin_client, url, url, data)
    assert response.status_code == 400
    page = parse(response)
    assert message in " ".join(e.get_text() for e in page.select(".field-error"))
    assert message in page.select_one(".error-summary").get_text()
    assert _user(admin_app, "o@example.vn")[1:] == ({"viewer"}, set())
    assert _audit(admin_app, "staff.roles") == []


def test_the_last_admin_keeps_the_role(admin_app, admin_client):
    me = _user(admin_app, "qt@example.vn")[0]
    url = f"{ACCOUNTS}/{me}"
    response = post_form(admin_client, url, url, {"roles": ["viewer"]})
    assert response.status_code == 400
    assert "ít nhất một tài khoản quản trị" in parse(response).text
    assert _user(admin_app, "qt@example.vn")[1] == {"admin"}
    # with a second active admin it may go
    add_staff(admin_app, email="qt2@example.vn", roles=("admin",))
    assert post_form(admin_client, url, url, {"roles": ["viewer"]}).status_code == 302
    assert admin_client.get(ACCOUNTS).status_code == 403


def test_an_unknown_account_is_a_404(admin_client):
    assert admin_client.get(f"{ACCOUNTS}/999999").status_code == 404


def test_a_unit_gone_from_units_yaml_is_shown_and_dropped_on_save(admin_app, admin_client):
    staff_id = add_staff(admin_app, email="o@example.vn", roles=("officer",), units=(UNIT,))
    with admin_app.app_context():
        user = db.session.get(StaffUser, staff_id)
        user.set_units({UNIT, "don-vi-da-giai-the"})
        db.session.commit()
    url = f"{ACCOUNTS}/{staff_id}"
    assert "don-vi-da-giai-the" in parse(admin_client.get(url)).select_one("[role=alert]").text
    saved = post_form(admin_client, url, url, {"roles": ["officer"], "units": [UNIT]})
    assert saved.status_code == 302
    assert _user(admin_app, "o@example.vn")[2] == {UNIT}


def test_only_admins_open_the_account_pages(admin_app):
    staff_id = add_staff(admin_app, email="v@example.vn", roles=[r for r in roles.ROLES
                                                                  if r != roles.ADMIN],
                         units=(UNIT,))
    client = admin_app.test_client()
    assert login(client, email="v@example.vn").status_code == 302
    assert client.get(ACCOUNTS).status_code == 403
    assert client.get(f"{ACCOUNTS}/{staff_id}").status_code == 403
    # a forged POST (with a valid token from a page it may open) changes nothing
    response = post_form(client, "/quan-tri/luot-quet", f"{ACCOUNTS}/{staff_id}",
                         {"roles": ["admin"]})
    assert response.status_code == 403
    assert "admin" not in _user(admin_app, "v@example.vn")[1]


# -- the migration ------------------------------------------------------------------------------


def test_accounts_made_before_roles_become_admins(tmp_path):
    from tests.conftest import make_app

    app = make_app(tmp_path, DB_UPGRADE_ON_START=False)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0001_initial"]).exit_code == 0
    with app.app_context():
        db.session.execute(text(
            "INSERT INTO staff_users (email, password_hash, must_change_password, active,"
            " failed_logins, session_version, created_at)"
            " VALUES ('cu@example.vn', 'x', false, true, 0, 1, CURRENT_TIMESTAMP)"
        ))
        db.session.commit()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert _user(app, "cu@example.vn")[1:] == ({"admin"}, set())
    with app.app_context():
        db.engine.dispose()
