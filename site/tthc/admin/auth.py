"""Staff sessions: log in, check on every request, log out everywhere."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app, g, request, session
from sqlalchemy import select

from tthc.admin import passwords, throttle
from tthc.admin.models import StaffUser
from tthc.clock import now
from tthc.extensions import db
from tthc.i18n import _

SESSION_STAFF_ID = "staff_id"
SESSION_VERSION = "staff_version"
SESSION_STARTED = "staff_since"


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
    session[SESSION_STAFF_ID] = user.id
    session[SESSION_VERSION] = user.session_version
    session[SESSION_STARTED] = int(now().timestamp())
    g.staff = user


def end_all_sessions(user: StaffUser) -> None:
    """Void every session of this user, on every device, and clear the current one."""
    user.session_version += 1
    db.session.commit()
    session.clear()
    g.staff = None


def _session_expired() -> bool:
    started = session.get(SESSION_STARTED)
    if not isinstance(started, int):
        return True
    limit = dt.timedelta(hours=current_app.config["ADMIN_SESSION_HOURS"])
    return now() - dt.datetime.fromtimestamp(started, dt.UTC) > limit


def current_staff() -> StaffUser | None:
    """Return the logged-in staff member, or None if the session is missing, stale or revoked."""
    if "staff" in g:
        return g.staff
    g.staff = None
    staff_id = session.get(SESSION_STAFF_ID)
    if not isinstance(staff_id, int):
        return None
    user = db.session.get(StaffUser, staff_id)
    valid = (
        user is not None
        and user.active
        and session.get(SESSION_VERSION) == user.session_version
        and not _session_expired()
    )
    if not valid:
        session.clear()
        return None
    g.staff = user
    return user
