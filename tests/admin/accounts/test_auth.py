"""Logging in and out: throttling, lockout, forced password change, server-side logout."""

from __future__ import annotations

import datetime as dt

import pytest
from admin_helpers import (
    INBOX,
    LOGIN,
    STAFF_EMAIL,
    STAFF_PASSWORD,
    add_staff,
    csrf_token,
    login,
    parse,
    post_form,
)
from sqlalchemy import func, select
from tests.conftest import make_app

from tthc.admin.accounts import passwords
from tthc.admin.accounts.auth import SESSION_STARTED
from tthc.admin.models import AuditLog, LoginAttempt, StaffUser
from tthc.extensions import db, limiter

CHANGE = "/quan-tri/doi-mat-khau"
LOGOUT = "/quan-tri/dang-xuat"
WRONG = "Thư điện tử hoặc mật khẩu không đúng."
LOCKED = "tạm thời bị khóa"


def _user(app, email=STAFF_EMAIL) -> StaffUser:
    with app.app_context():
        return db.session.scalar(select(StaffUser).where(StaffUser.email == email))


def _logged_in(client) -> bool:
    return client.get(INBOX).status_code == 200


def test_login_opens_the_inbox_with_safe_cookies(admin_app):
    add_staff(admin_app)
    client = admin_app.test_client()
    response = login(client, email="  CAN.BO@congan.example.vn ")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/quan-tri/")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert _logged_in(client)
    user = _user(admin_app)
    assert user.last_login_at is not None
    with admin_app.app_context():
        actions = db.session.scalars(select(AuditLog.action)).all()
    assert "login" in actions


def test_cookies_are_secure_in_production(tmp_path):
    app = make_app(tmp_path, ENV_NAME="production")
    add_staff(app)
    client = app.test_client()
    response = login(client)
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


@pytest.mark.parametrize(
    ("email", "password"),
    [(STAFF_EMAIL, "not the password"), ("nobody@congan.example.vn", STAFF_PASSWORD)],
)
def test_a_wrong_login_says_the_same_for_known_and_unknown_addresses(admin_app, email, password):
    add_staff(admin_app)
    client = admin_app.test_client()
    response = login(client, email=email, password=password)
    assert response.status_code == 401
    assert WRONG in parse(response).text
    assert not _logged_in(client)


def test_an_unknown_address_costs_a_hash_check_too(admin_app, monkeypatch):
    calls = []
    monkeypatch.setattr(passwords, "burn_time", lambda password: calls.append(password))
    login(admin_app.test_client(), email="nobody@congan.example.vn", password="guess")
    assert calls == ["guess"]


def test_five_failures_lock_the_account_for_fifteen_minutes(admin_app):
    add_staff(admin_app)
    client = admin_app.test_client()
    for _attempt in range(5):
        assert login(client, password="wrong password").status_code == 401
    refused = login(client)  # the right password, but too late
    assert refused.status_code == 401
    assert LOCKED in parse(refused).text
    assert not _logged_in(client)
    locked_until = _user(admin_app).locked_until.replace(tzinfo=dt.UTC)
    remaining = locked_until - dt.datetime.now(dt.UTC)
    assert dt.timedelta(minutes=14) < remaining <= dt.timedelta(minutes=15)

    with admin_app.app_context():
        user = db.session.get(StaffUser, _user(admin_app).id)
        user.locked_until = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        db.session.commit()
    assert login(client).status_code == 302
    assert _user(admin_app).failed_logins == 0


def test_an_unknown_address_locks_the_same_way(admin_app):
    client = admin_app.test_client()
    for _attempt in range(5):
        assert WRONG in parse(login(client, email="ghost@congan.example.vn")).text
    assert LOCKED in parse(login(client, email="ghost@congan.example.vn")).text


def test_many_failures_from_one_address_block_that_address_only(admin_app):
    add_staff(admin_app)
    attacker = admin_app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    for number in range(admin_app.config["ADMIN_IP_MAX_FAILURES"]):
        login(attacker, email=f"guess{number}@congan.example.vn", password="x")
    refused = login(attacker)
    assert refused.status_code == 401 and LOCKED in parse(refused).text
    colleague = admin_app.test_client()
    colleague.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    assert login(colleague).status_code == 302
    with admin_app.app_context():
        stored = db.session.scalar(
            select(func.count()).where(LoginAttempt.ip == "203.0.113.9", ~LoginAttempt.succeeded)
        )
    assert stored == admin_app.config["ADMIN_IP_MAX_FAILURES"] + 1


@pytest.fixture
def limited_app(tmp_path):
    before = limiter.enabled
    yield make_app(tmp_path, RATELIMIT_ENABLED=True, ADMIN_LOGIN_RATE="3 per minute")
    limiter.enabled = before  # the limiter is shared by every app of the test session


def test_the_login_form_is_rate_limited(limited_app):
    app = limited_app
    client = app.test_client()
    statuses = [login(client, password="x").status_code for _attempt in range(4)]
    assert statuses == [401, 401, 401, 429]
    assert "Quá nhiều yêu cầu" in parse(login(client)).text


def test_an_inactive_account_cannot_log_in(admin_app):
    add_staff(admin_app, active=False)
    response = login(admin_app.test_client())
    assert response.status_code == 401 and WRONG in parse(response).text


def test_login_starts_a_fresh_session(admin_app):
    add_staff(admin_app)
    client = admin_app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    login(client)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == str(_user(admin_app).id)


def test_logout_ends_the_session_on_the_server(admin_app):
    add_staff(admin_app)
    client = admin_app.test_client()
    login(client)
    stolen = client.get_cookie("session").value
    response = post_form(client, INBOX, LOGOUT)
    assert response.status_code == 302 and response.headers["Location"].endswith(LOGIN)
    assert not _logged_in(client)

    replay = admin_app.test_client()
    replay.set_cookie("session", stolen)
    response = replay.get(INBOX)
    assert response.status_code == 302 and LOGIN in response.headers["Location"]


def test_logout_needs_the_csrf_token(admin_app):
    add_staff(admin_app)
    client = admin_app.test_client()
    login(client)
    client.post(LOGOUT, data={})
    assert _logged_in(client)


def test_a_login_without_csrf_token_is_refused(admin_app):
    add_staff(admin_app)
    client = admin_app.test_client()
    response = client.post(LOGIN, data={"email": STAFF_EMAIL, "password": STAFF_PASSWORD})
    assert response.status_code == 401
    assert "hết hạn" in parse(response).text
    assert not _logged_in(client)


def test_sessions_expire_after_a_working_day(admin_app):
    add_staff(admin_app)
    client = admin_app.test_client()
    login(client)
    hours = admin_app.config["ADMIN_SESSION_HOURS"] + 1
    with client.session_transaction() as session:
        session[SESSION_STARTED] -= hours * 3600
    assert not _logged_in(client)


def test_deactivating_ends_open_sessions(admin_app):
    add_staff(admin_app)
    client = admin_app.test_client()
    login(client)
    admin_app.test_cli_runner().invoke(args=["staff", "deactivate", STAFF_EMAIL])
    assert not _logged_in(client)


def test_next_is_followed_only_inside_the_staff_area(admin_app):
    add_staff(admin_app)
    client = admin_app.test_client()
    first = client.get("/quan-tri/nhat-ky?action=login")
    assert first.status_code == 302
    target = first.headers["Location"]
    token = csrf_token(client, target)
    response = client.post(
        target, data={"email": STAFF_EMAIL, "password": STAFF_PASSWORD, "csrf_token": token}
    )
    assert response.headers["Location"] == "/quan-tri/nhat-ky?action=login"

    for evil in ("https://evil.example/quan-tri", "//evil.example/quan-tri", "/thu-tuc/1"):
        other = admin_app.test_client()
        token = csrf_token(other, LOGIN)
        response = other.post(
            LOGIN,
            query_string={"next": evil},
            data={"email": STAFF_EMAIL, "password": STAFF_PASSWORD, "csrf_token": token},
        )
        assert response.headers["Location"] == "/quan-tri/"


class TestFirstLogin:
    ONE_TIME = "ABCDE-FGHJK-MNPQR-STUVW"
    NEW = "mat khau moi cua toi 2026"

    @pytest.fixture
    def client(self, admin_app):
        add_staff(admin_app, password=self.ONE_TIME, must_change=True)
        client = admin_app.test_client()
        response = login(client, password=self.ONE_TIME)
        assert response.headers["Location"].endswith(CHANGE)
        return client

    def change(self, client, current, new, confirm=None):
        data = {"current_password": current, "new_password": new, "confirm": confirm or new}
        return post_form(client, CHANGE, CHANGE, data)

    def test_nothing_else_opens_before_the_password_is_changed(self, client):
        for url in (
            INBOX,
            "/quan-tri/nhat-ky",
            "/quan-tri/luot-quet",
            "/quan-tri/phan-anh/xuat.csv",
        ):
            response = client.get(url)
            assert response.status_code == 302 and response.headers["Location"].endswith(CHANGE)

    @pytest.mark.parametrize(
        ("current", "new", "confirm", "message"),
        [
            (ONE_TIME, "ngan qua", None, "phải dài từ 12"),
            (ONE_TIME, ONE_TIME, None, "phải khác mật khẩu hiện tại"),
            (ONE_TIME, NEW, NEW + "x", "không khớp"),
            ("WRONG-WRONG-WRONG-WRONG", NEW, None, "Mật khẩu hiện tại không đúng"),
            (ONE_TIME, STAFF_EMAIL, None, "trùng địa chỉ thư điện tử"),
        ],
    )
    def test_weak_or_wrong_passwords_are_refused(
        self, admin_app, client, current, new, confirm, message
    ):
        response = self.change(client, current, new, confirm)
        assert response.status_code == 400
        assert message in parse(response).text
        assert _user(admin_app).must_change_password

    def test_a_good_password_unlocks_the_staff_area(self, admin_app, client):
        other_device = admin_app.test_client()
        login(other_device, password=self.ONE_TIME)
        response = self.change(client, self.ONE_TIME, self.NEW)
        assert response.status_code == 302
        assert _logged_in(client)
        user = _user(admin_app)
        assert not user.must_change_password and user.password_changed_at is not None
        assert passwords.verify_password(user.password_hash, self.NEW)
        # the session opened elsewhere with the one-time password is over
        assert other_device.get(INBOX).status_code == 302
        assert login(admin_app.test_client(), password=self.ONE_TIME).status_code == 401
        assert login(admin_app.test_client(), password=self.NEW).status_code == 302


def test_sessions_leave_public_responses_alone(admin_app):
    # Flask-Login must not read the session of every response: a file or image would then vary
    # by cookie in every cache on the way.
    response = admin_app.test_client().get("/favicon.ico")
    assert response.status_code == 200
    assert "Cookie" not in response.headers.get("Vary", "")
