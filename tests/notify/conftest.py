"""Fixtures of the notification tests: a real SMTP server on loopback and an app sending to it."""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from notify.smtp_server import SmtpServer, free_port
from support import make_app
from tthc.extensions import db

MAIL_FROM = "khong-tra-loi@tthc.example.gov.vn"


@pytest.fixture(scope="session")
def notify_index(tmp_path_factory):
    return str(tmp_path_factory.mktemp("notify-index"))


@pytest.fixture
def smtp():
    """A running server on a free loopback port; stopped after the test."""
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(tmp_path, notify_index):
    """Build an app whose MAIL_URL points at a loopback port (a server may or may not be there)."""

    def build(port: int | None = None, **overrides):
        config = {
            "INDEX_DIR": notify_index,
            "MAIL_URL": f"smtp://127.0.0.1:{port or free_port()}?timeout=5",
            "MAIL_FROM": MAIL_FROM,
            "WTF_CSRF_ENABLED": False,
            "FEEDBACK_MIN_FILL_SECONDS": 0,
        }
        config.update(overrides)
        return make_app(tmp_path, **config)

    return build


def clear(model) -> None:
    db.session.execute(delete(model))
    db.session.commit()
