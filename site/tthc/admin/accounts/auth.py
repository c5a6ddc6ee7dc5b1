"""Staff sessions: log in, check on every request, log out everywhere.

Flask-Login keeps who is logged in (the `_user_id` of the signed session cookie, `current_user`);
this module adds the site's rules on top: the login throttles (throttle.py), a session that ends
after a working day, and the account's session version, bumped on logout, password change and
deactivation, so every session of the account on every device ends at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import Flask, current_app, request, session
from flask_login import LoginManager, current_user, login_user, logout_user
from sqlalchemy import select

from tthc.admin.accounts import passwords, throttle
from tthc.admin.models import StaffUser
from tthc.clock import now
from tthc.extensions import db
from tthc.i18n import _

SESSION_VERSION = "staff_version"
SESSION_STARTED = "staff_since"

login_manager = LoginManager()
# The session version and the working-day limit are the rules; no remember-me cookie either.
login_manager.session_protection = None


def init_app(app: Flask) -> None:
    # Only attach the manager (as LoginManager.init_app does): its other two hooks, the
    # remember-me cookie's after_request and the `current_user` context processor, would read
    # the session on every response, and Flask then adds "Vary: Cookie" to static files, QR
    # images and public pages alike. There is no remember-me; templates ask current_staff().
    app.login_manager = login_manager


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def client_ip() -> str:
    # Behind nginx, TRUSTED_PROXIES makes ProxyFix set remote_addr to the real client (security.py);
    # without it every login would seem to come from the proxy and share one IP throttle.
    return (request.remote_addr or "unknown")[:64]


@dataclass(frozen=True)
class LoginResult:
    user: StaffUser | None
    error: str | None


def authenticate(email: str, password: str) -> LoginResult:
    """Check a login against the throttles and the stored hash, recording the attempt."""
    email = normalise_email(email)
    ip = client_ip()
    user = db.session.scalar(select(StaffUser).where(StaffUser.email == email))
    locked_message = _(
        "Đăng nhập tạm thời bị khóa vì nhập sai nhiều lần. Vui lòng thử lại sau %(minutes)s phút.",
        minutes=current_app.config["ADMIN_LOCK_MINUTES"],
    )
    if throttle.ip_blocked(ip) or throttle.account_locked(user, email):
        throttle.record_failure(None, email, ip)
        return LoginResult(None, locked_message)
    if user is None:
        passwords.burn_time(password)
        valid = False
    else:
        valid = passwords.verify_password(user.password_hash, password) and user.active
    if not valid:
        throttle.record_failure(user, email, ip)
        return LoginResult(None, _("Thư điện tử hoặc mật khẩu không đúng."))
    throttle.record_success(user, ip)
    return LoginResult(user, None)


def start_session(user: StaffUser) -> None:
    """Begin a fresh session for this user: nothing from the anonymous session survives."""
    session.clear()
    login_user(user)
    session[SESSION_VERSION] = user.session_version
    session[SESSION_STARTED] = int(now().timestamp())


def end_all_sessions(user: StaffUser) -> None:
    """Void every session of this user, on every device, and clear the current one."""
    user.session_version += 1
    db.session.commit()
    logout_user()
    session.clear()


def _session_expired() -> bool:
    started = session.get(SESSION_STARTED)
    if not isinstance(started, int):
        return True
    limit = dt.timedelta(hours=current_app.config["ADMIN_SESSION_HOURS"])
    return now() - dt.datetime.fromtimestamp(started, dt.UTC) > limit


@login_manager.user_loader
def load_staff(staff_id: str) -> StaffUser | None:
    """The account of the session, or None (and a cleared session) if stale or revoked."""
    known = staff_id.isascii() and staff_id.isdigit()
    user = db.session.get(StaffUser, int(staff_id)) if known else None
    valid = (
        user is not None
        and user.active
        and session.get(SESSION_VERSION) == user.session_version
        and not _session_expired()
    )
    if not valid:
        session.clear()
        return None
    return user


def current_staff() -> StaffUser | None:
    """Return the logged-in staff member, or None if the session is missing, stale or revoked."""
    user = current_user._get_current_object()  # None outside a request (the CLI)
    return user if user is not None and user.is_authenticated else None
