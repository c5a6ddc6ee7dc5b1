"""`flask staff …`: accounts come only from the command line, with a one-time password."""

from __future__ import annotations

import re

from admin_helpers import LOGIN, add_staff, csrf_token
from sqlalchemy import select

from tthc.admin.accounts import passwords
from tthc.admin.models import StaffUser
from tthc.extensions import db

PASSWORD_LINE = re.compile(r": ([A-Z2-9]{5}(?:-[A-Z2-9]{5}){3})\s*$", re.MULTILINE)


def _user(app, email):
    with app.app_context():
        return db.session.scalar(select(StaffUser).where(StaffUser.email == email))


def test_there_is_no_default_account(admin_app):
    with admin_app.app_context():
        assert db.session.scalars(select(StaffUser)).all() == []


def test_create_prints_a_one_time_password_and_stores_only_its_hash(admin_app):
    runner = admin_app.test_cli_runner()
    result = runner.invoke(args=["staff", "create", " Can.Bo@Example.VN ", "--role", "admin"])
    assert result.exit_code == 0, result.output
    match = PASSWORD_LINE.search(result.output)
    assert match, result.output
    password = match.group(1)
    user = _user(admin_app, "can.bo@example.vn")
    assert user is not None
    assert user.must_change_password and user.active
    assert password not in user.password_hash
    assert user.password_hash.startswith("scrypt:")
    assert passwords.verify_password(user.password_hash, password)


def test_each_account_gets_a_different_password(admin_app):
    runner = admin_app.test_cli_runner()
    first = runner.invoke(args=["staff", "create", "a@example.vn", "--role", "admin"]).output
    second = runner.invoke(args=["staff", "create", "b@example.vn", "--role", "admin"]).output
    assert PASSWORD_LINE.search(first).group(1) != PASSWORD_LINE.search(second).group(1)


def test_create_refuses_a_duplicate_and_a_bad_address(admin_app):
    runner = admin_app.test_cli_runner()
    assert runner.invoke(args=["staff", "create", "a@example.vn", "--role", "admin"]).exit_code == 0
    duplicate = runner.invoke(args=["staff", "create", "A@example.vn", "--role", "admin"])
    assert duplicate.exit_code != 0
    assert "đã có" in duplicate.output
    bad = runner.invoke(args=["staff", "create", "not-an-email", "--role", "admin"])
    assert bad.exit_code != 0
    assert "không phải" in bad.output


def test_one_time_password_logs_in_and_must_then_be_changed(admin_app):
    runner = admin_app.test_cli_runner()
    output = runner.invoke(args=["staff", "create", "a@example.vn", "--role", "admin"]).output
    password = PASSWORD_LINE.search(output).group(1)
    client = admin_app.test_client()
    token = csrf_token(client, LOGIN)
    response = client.post(
        LOGIN, data={"email": "a@example.vn", "password": password, "csrf_token": token}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/quan-tri/doi-mat-khau")


def test_reset_password_unlocks_and_ends_sessions(admin_app):
    add_staff(admin_app, failed_logins=3, session_version=4)
    result = admin_app.test_cli_runner().invoke(
        args=["staff", "reset-password", "can.bo@congan.example.vn"]
    )
    assert result.exit_code == 0, result.output
    user = _user(admin_app, "can.bo@congan.example.vn")
    assert user.must_change_password
    assert user.failed_logins == 0 and user.locked_until is None
    assert user.session_version == 5
    new_password = PASSWORD_LINE.search(result.output).group(1)
    assert passwords.verify_password(user.password_hash, new_password)


def test_deactivate_and_list(admin_app):
    add_staff(admin_app)
    runner = admin_app.test_cli_runner()
    assert runner.invoke(args=["staff", "deactivate", "can.bo@congan.example.vn"]).exit_code == 0
    assert not _user(admin_app, "can.bo@congan.example.vn").active
    listing = runner.invoke(args=["staff", "list"]).output
    assert "can.bo@congan.example.vn" in listing and "đã khóa hẳn" in listing
    assert runner.invoke(args=["staff", "deactivate", "nobody@example.vn"]).exit_code != 0
