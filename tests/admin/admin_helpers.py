"""Helpers of the staff tests: accounts, submissions, and posting forms with their CSRF token."""

from __future__ import annotations

import datetime as dt
import uuid

from bs4 import BeautifulSoup

from tthc.admin.accounts import passwords
from tthc.admin.models import StaffUser
from tthc.clock import now
from tthc.extensions import db
from tthc.feedback import tracking
from tthc.feedback.models import Feedback, FeedbackCategory, FeedbackStatus

STAFF_EMAIL = "can.bo@congan.example.vn"
STAFF_PASSWORD = "mot cau mat khau du dai 2026"
LOGIN = "/quan-tri/dang-nhap"
INBOX = "/quan-tri/phan-anh"


def add_staff(
    app, email=STAFF_EMAIL, password=STAFF_PASSWORD, must_change=False,
    roles=("admin",), units=(), **fields,
):
    with app.app_context():
        user = StaffUser(email=email, password_hash=passwords.hash_password(password), **fields)
        user.must_change_password = must_change
        user.set_roles(roles)
        user.set_units(units)
        db.session.add(user)
        db.session.commit()
        return user.id


def add_feedback(app, **fields) -> str:
    """Store a submission directly and return its tracking code."""
    values = {
        "tracking_code": tracking.new_code(),
        "submission_id": str(uuid.uuid4()),
        "category": FeedbackCategory.RULES.value,
        "message": "Hồ sơ của tôi nộp đã lâu chưa có kết quả.",
        "name": "Nguyễn Văn A",
        "phone": "0912345678",
        "email": None,
        "notice_version": "2026-01",
        "consented_at": now(),
        "answer_may_be_published": True,
        "status": FeedbackStatus.RECEIVED.value,
        "received_at": now(),
        "due_on": dt.date(2026, 12, 18),
    }
    values.update(fields)
    with app.app_context():
        db.session.add(Feedback(**values))
        db.session.commit()
    return values["tracking_code"]


def csrf_token(client, url: str) -> str:
    page = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
    field = page.select_one("input[name=csrf_token]")
    assert field is not None, f"no CSRF token on {url}"
    return field["value"]


def login(client, email=STAFF_EMAIL, password=STAFF_PASSWORD, **kwargs):
    token = csrf_token(client, LOGIN)
    return client.post(
        LOGIN, data={"email": email, "password": password, "csrf_token": token}, **kwargs
    )


def post_form(client, page_url: str, action: str, data: dict | None = None, **kwargs):
    """Post a form the way a browser does: with the CSRF token of the page that shows it."""
    form = {"csrf_token": csrf_token(client, page_url), **(data or {})}
    return client.post(action, data=form, **kwargs)


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")
