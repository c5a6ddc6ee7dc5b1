"""The release step, `tthc-release`: what must be done once before any worker starts.

1. The database is brought to the latest Alembic revision (what `flask db upgrade` does), under
   the lock of tthc.migrations, so that two releases started together migrate once. It is done
   before the app is created, so the app never starts on a schema older than its models.
2. The app is created once: it reads the published revisions and builds the search index of the
   effective catalogue in INDEX_DIR (shared by the instances in deploy/env.example), so workers
   find it built.

deploy/ runs it before the instances (systemd tthc-release.service, the compose `release`
service), scripts/serve before gunicorn; the static export stays a step of its own.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from flask import Flask
from sqlalchemy import create_engine
from sqlalchemy.exc import SQLAlchemyError

from tthc.config import PROJECT_ROOT, configure
from tthc.migrations import current_heads, upgrade_if_needed


def _settings(config: dict[str, Any] | None) -> Flask:
    """A bare Flask object with the app's configuration (instance folder as create_app)."""
    holder = Flask(
        "tthc",
        instance_path=(config or {}).get("INSTANCE_PATH")
        or os.environ.get("INSTANCE_PATH", str(PROJECT_ROOT / "instance")),
    )
    configure(holder, config)
    return holder


def upgrade_database(config: dict[str, Any] | None = None) -> tuple[bool, set[str]]:
    """Migrate the configured database to the latest revision: (whether anything ran, heads)."""
    from tthc.db import _configure_sqlite, database_url

    settings = _settings(config)
    url = database_url(settings.config["DATABASE_URL"])
    engine = create_engine(url)
    if url.startswith("sqlite"):
        _configure_sqlite(engine)
    try:
        ran = upgrade_if_needed(settings, engine)
        with engine.connect() as connection:
            heads = current_heads(connection)
    finally:
        engine.dispose()
    return ran, heads


def release(config: dict[str, Any] | None = None) -> list[str]:
    """Run the release; return what it did, one line each."""
    from tthc import create_app
    from tthc.catalog import get_catalog
    from tthc.search import index_state

    ran, heads = upgrade_database(config)
    revision = ", ".join(sorted(heads))
    lines = [f"database {'migrated to' if ran else 'already at'} {revision}"]
    app = create_app(config)
    with app.app_context():
        catalog = get_catalog()
        state = index_state()
        lines.append(f"catalogue version {catalog.version}: {len(catalog)} procedures")
        lines.append(f"search index {state['build']} in {app.config['INDEX_DIR']}")
    return lines


def main() -> None:
    """Entry point of `tthc-release` (pyproject [project.scripts])."""
    try:
        for line in release():
            print(f"tthc-release: {line}", flush=True)
    except SQLAlchemyError as error:
        sys.exit(f"tthc-release: the database cannot be migrated: {error}")
