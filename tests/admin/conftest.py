"""Fixtures of the staff area: an app with its own database, staff accounts, logged-in clients."""

from __future__ import annotations

import pytest
from admin_helpers import add_staff, login
from sqlalchemy import delete
from tests.conftest import make_app

from tthc.admin.models import AuditLog, LoginAttempt, StaffRole, StaffUnit, StaffUser
from tthc.extensions import db, limiter
from tthc.feedback.models import Feedback, PageVote, UnitRating
from tthc.qr.models import QrScan


@pytest.fixture(scope="session")
def admin_app(tmp_path_factory):
    """One app for the staff tests; every test starts from empty tables."""
    app = make_app(tmp_path_factory.mktemp("admin"))
    with app.app_context():
        db.create_all()  # no-op once the migrations have created everything
    return app


@pytest.fixture(autouse=True)
def clean_tables(request):
    if "admin_app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("admin_app")
    # Flask-Limiter is one object for every app a test session makes; a test elsewhere that
    # enabled it must not leave this app's login form limited.
    limiter.enabled = app.config["RATELIMIT_ENABLED"]
    with app.app_context():
        tables = (AuditLog, LoginAttempt, StaffRole, StaffUnit, StaffUser, Feedback, PageVote)
        for model in (*tables, UnitRating, QrScan):
            db.session.execute(delete(model))
        db.session.commit()
    yield


@pytest.fixture
def app_ctx(admin_app):
    with admin_app.app_context():
        yield admin_app


@pytest.fixture
def staff_client(admin_app):
    """A client logged in as a staff member who has already set a password."""
    add_staff(admin_app)
    client = admin_app.test_client()
    response = login(client)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client
