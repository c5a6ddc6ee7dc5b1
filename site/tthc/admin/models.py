"""Staff accounts, their login attempts and the audit log of what staff viewed or exported."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tthc.clock import now
from tthc.extensions import db


class StaffUser(db.Model):
    """A person who answers feedback in the staff area; created only by `flask staff create`."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # identity: stored lower-cased so look-ups do not depend on how it was typed
    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    # credentials: a werkzeug scrypt hash, never the password itself
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=True, server_default=true()
    )
    active: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=True, server_default=true()
    )
    # throttling of this account
    failed_logins: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default="0"
    )
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # bumped on logout and password change: every session signed with an older value is void
    session_version: Mapped[int] = mapped_column(
        Integer, nullable=False, default=1, server_default="1"
    )
    # history
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=now
    )
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    # what the account may do (tthc.admin.roles) and, for officers, which units' feedback
    role_rows: Mapped[list[StaffRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="StaffRole.role"
    )
    unit_rows: Mapped[list[StaffUnit]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="StaffUnit.unit_slug"
    )

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(row.role for row in self.role_rows)

    @property
    def unit_slugs(self) -> frozenset[str]:
        return frozenset(row.unit_slug for row in self.unit_rows)

    # What Flask-Login asks of a user (tthc.admin.accounts.auth); not UserMixin, whose __eq__
    # would compare ORM objects by id.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return str(self.id)

    def set_roles(self, roles) -> None:
        """Replace the account's roles (names are checked by the caller: tthc.admin.roles)."""
        wanted = set(roles)
        self.role_rows = [row for row in self.role_rows if row.role in wanted] + [
            StaffRole(role=role) for role in sorted(wanted - self.roles)
        ]

    def set_units(self, slugs) -> None:
        """Replace the units an officer answers for."""
        wanted = set(slugs)
        self.unit_rows = [row for row in self.unit_rows if row.unit_slug in wanted] + [
            StaffUnit(unit_slug=slug) for slug in sorted(wanted - self.unit_slugs)
        ]

    def __repr__(self) -> str:
        return f"<StaffUser {self.id} {self.email}>"


class StaffRole(db.Model):
    """One role of one account; an account may hold several."""

    __tablename__ = "staff_roles"

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True
    )
    # one of tthc.admin.roles.ROLES
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class StaffUnit(db.Model):
    """A unit (slug of procedures/units.yaml) whose feedback an officer sees and answers."""

    __tablename__ = "staff_units"
    __table_args__ = (Index("ix_staff_units_unit_slug", "unit_slug"),)

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True
    )
    unit_slug: Mapped[str] = mapped_column(String(100), primary_key=True)


class LoginAttempt(db.Model):
    """One failed or successful login, kept to throttle by IP address across all workers."""

    __tablename__ = "staff_login_attempts"
    __table_args__ = (Index("ix_staff_login_attempts_ip_at", "ip", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=now)
    ip: Mapped[str] = mapped_column(String(64), nullable=False)
    # the address as typed (lower-cased), so attacks on one account can be seen in the log
    email: Mapped[str] = mapped_column(String(254), nullable=False, default="")
    succeeded: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class AuditLog(db.Model):
    """Who did what to which record, and when; never holds a password or a citizen's text."""

    __tablename__ = "staff_audit_log"
    __table_args__ = (Index("ix_staff_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=now)
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL"), index=True
    )
    # copied so the entry still says who it was if the account is ever removed
    staff_email: Mapped[str] = mapped_column(String(254), nullable=False, default="")
    # e.g. "login", "feedback.view", "feedback.export", "feedback.answer", "photo.download"
    action: Mapped[str] = mapped_column(String(64), nullable=False)
    # e.g. a tracking code, or "" for actions on many records
    target: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    # short human-readable detail: the filters of an export, the new status
    details: Mapped[str] = mapped_column(Text, nullable=False, default="")
    ip: Mapped[str] = mapped_column(String(64), nullable=False, default="")

    def __repr__(self) -> str:
        return f"<AuditLog {self.at:%Y-%m-%d %H:%M} {self.staff_email} {self.action} {self.target}>"
