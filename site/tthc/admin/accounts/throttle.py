"""Login throttling per account and per IP address, kept in the database so all workers agree."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import delete, func, select, update

from tthc.admin.models import LoginAttempt, StaffUser
from tthc.clock import now
from tthc.extensions import db

ATTEMPTS_KEPT = dt.timedelta(days=30)


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives naive datetimes back; every time here is stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def _lock_window() -> dt.timedelta:
    return dt.timedelta(minutes=current_app.config["ADMIN_LOCK_MINUTES"])


def _recent_failures(*condition) -> int:
    since = now() - _lock_window()
    query = select(func.count(LoginAttempt.id)).where(
        LoginAttempt.succeeded.is_(False), LoginAttempt.at >= since, *condition
    )
    return db.session.scalar(query) or 0


def ip_blocked(ip: str) -> bool:
    """Too many failed logins from this address within the lock window."""
    return _recent_failures(LoginAttempt.ip == ip) >= current_app.config["ADMIN_IP_MAX_FAILURES"]


def account_locked(user: StaffUser | None, email: str) -> bool:
    """The account is locked; an unknown email locks the same way, so neither reveals itself."""
    if user is not None:
        locked_until = aware(user.locked_until)
        return locked_until is not None and locked_until > now()
    failures = _recent_failures(LoginAttempt.email == email)
    return failures >= current_app.config["ADMIN_ACCOUNT_MAX_FAILURES"]


def record_failure(user: StaffUser | None, email: str, ip: str) -> None:
    """Count a failed login; the fifth failure in a row locks the account for the lock window."""
    db.session.add(LoginAttempt(ip=ip, email=email, succeeded=False))
    if user is not None:
        db.session.execute(
            update(StaffUser)
            .where(StaffUser.id == user.id)
            .values(failed_logins=StaffUser.failed_logins + 1)
        )
        db.session.refresh(user)
        if user.failed_logins >= current_app.config["ADMIN_ACCOUNT_MAX_FAILURES"]:
            user.locked_until = now() + _lock_window()
            user.failed_logins = 0
    db.session.commit()


def record_success(user: StaffUser, ip: str) -> None:
    """Reset the account's failure count and forget attempts older than a month."""
    db.session.add(LoginAttempt(ip=ip, email=user.email, succeeded=True))
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now()
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < now() - ATTEMPTS_KEPT))
    db.session.commit()
