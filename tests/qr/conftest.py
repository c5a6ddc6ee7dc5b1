"""Apps for the QR tests: the bundled catalogue and a fixture catalogue with withdrawn codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import make_app
from tthc.extensions import db

FIXTURE_PROCEDURES = Path(__file__).parent / "fixtures" / "procedures"
SITE_URL = "https://tthc.example.gov.vn"


def _with_tables(app):
    # The qr_scans table comes from the migrations; until they run here, create it directly.
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture(scope="session")
def bundled_app(tmp_path_factory):
    """The bundled catalogue, with its own database (the short links write scan counts)."""
    return _with_tables(make_app(tmp_path_factory.mktemp("qr-bundled")))


@pytest.fixture(scope="session")
def fixture_app(tmp_path_factory):
    """A five-procedure catalogue with a replaced and an abolished procedure and a hotline."""
    tmp = tmp_path_factory.mktemp("qr-fixture")
    return _with_tables(make_app(tmp, PROCEDURES_DIR=str(FIXTURE_PROCEDURES)))


@pytest.fixture
def bundled(bundled_app):
    return bundled_app.test_client()


@pytest.fixture
def fixture_client(fixture_app):
    return fixture_app.test_client()
