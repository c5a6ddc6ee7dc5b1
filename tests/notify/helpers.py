"""Helpers of the notification tests: staff accounts with roles, submissions, worker rounds."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from tthc.admin.accounts import passwords
from tthc.admin.models import StaffUser
from tthc.extensions import db
from tthc.feedback import service
from tthc.feedback.models import FeedbackCategory
from tthc.feedback.service import Submission
from tthc.notify import worker
from tthc.notify.mailer import from_config
from tthc.notify.models import OutboxMessage

XNC = "phong-quan-ly-xuat-nhap-canh"
PCCC = "phong-canh-sat-pccc-cnch"
XNC_OFFICER = "xnc@congan.example.vn"
PCCC_OFFICER = "pccc@congan.example.vn"
ADMIN = "quan-tri@congan.example.vn"
VIEWER = "xem@congan.example.vn"


def add_account(email: str, roles, units=(), active: bool = True) -> None:
    user = StaffUser(email=email, password_hash=passwords.hash_password("x" * 16), active=active)
    user.must_change_password = False
    user.set_roles(roles)
    user.set_units(units)
    db.session.add(user)
    db.session.commit()


def add_usual_accounts() -> None:
    add_account(XNC_OFFICER, ["officer"], [XNC])
    add_account(PCCC_OFFICER, ["officer"], [PCCC])
    add_account(ADMIN, ["admin"])
    add_account(VIEWER, ["viewer"])
    add_account("nghi@congan.example.vn", ["officer"], [XNC], active=False)


def submit(**overrides):
    data = dict(
        submission_id=str(uuid.uuid4()),
        category=FeedbackCategory.RULES,
        message="Thời hạn giải quyết hộ chiếu trên trang khác với thực tế.",
        name="Trần Thị Bình",
        phone="0912345678",
        email=None,
        notice_version="test",
    )
    data.update(overrides)
    feedback, created = service.submit(Submission(**data))
    assert created
    return feedback


def deliver(today: dt.date | None = None, now: dt.datetime | None = None):
    """One round of the worker, as `flask notify run` does it."""
    moment = now or dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    return worker.run_once(from_config(), today=today, now=moment)


def outbox_rows(kind: str | None = None) -> list[OutboxMessage]:
    db.session.expire_all()
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query))
