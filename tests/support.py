"""Helpers shared by the tests: a configured app factory, the fixed day, and parsed pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bs4 import BeautifulSoup

from tthc import create_app

ROOT = Path(__file__).resolve().parents[1]
PROCEDURES = ROOT / "procedures"
# A fixed day inside the 50 % căn cước fee reduction (01/7/2025 - 31/12/2026).
FIXED_TODAY = dt.date(2026, 11, 28)


# Every app make_app created, so tests can close their connections (see conftest.py).
created_apps: list = []


def make_app(tmp_path: Path, **overrides):
    """Create an app on a database migrated first, as the release step does before workers
    start (``DB_UPGRADE_ON_START=False``: leave the database as it is)."""
    migrated = overrides.pop("DB_UPGRADE_ON_START", True)
    config = {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret-key-that-is-long-enough-000",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'test.db'}",
        "INDEX_DIR": str(tmp_path / "index"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "PROCEDURES_DIR": str(PROCEDURES),
        "SITE_URL": "https://tthc.example.gov.vn",
        "TODAY": FIXED_TODAY,
        "RATELIMIT_ENABLED": False,
    }
    config.update(overrides)
    if migrated:
        from tthc.migrations.release import upgrade_database

        upgrade_database(config)
    app = create_app(config)
    created_apps.append(app)
    return app


def dispose_engines(apps) -> None:
    """Close the database connections of apps a test made (an open one warns when collected)."""
    from tthc.extensions import db

    for app in apps:
        with app.app_context():
            db.engine.dispose()


def publish_fee_revision(app, code: str, amount: int, applies_from=None, number: int = 1):
    """Publish, straight into the database, a revision of ``code`` whose first fee of its first
    channel is ``amount`` (reviewed, as the editor's workflow leaves it)."""
    from tthc.catalog.export_yaml import document_of
    from tthc.catalog.revisions import CatalogRevision, to_json
    from tthc.catalog.store import catalog_store
    from tthc.extensions import db

    with app.app_context():
        document = document_of(catalog_store().baseline.get(code))
        document["channels"][0]["fees"][0]["amount"] = amount
        db.session.add(
            CatalogRevision(
                code=code,
                number=number,
                document=to_json(document),
                reason="kiểm thử",
                applies_from=applies_from,
                author_email="a@example.vn",
                reviewer_email="b@example.vn",
            )
        )
        db.session.commit()


class Page:
    """A fetched page: status, headers and the parsed HTML."""

    def __init__(self, response):
        self.response = response
        self.status = response.status_code
        self.html = BeautifulSoup(response.get_data(as_text=True), "html.parser")

    def select_one(self, selector):
        return self.html.select_one(selector)

    def select(self, selector):
        return self.html.select(selector)

    def text(self, selector="body") -> str:
        node = self.html.select_one(selector)
        return " ".join(node.get_text(" ").split()) if node else ""
