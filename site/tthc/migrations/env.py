"""Alembic environment: runs on the connection handed over by tthc.migrations (the release),
on the app's engine under Flask-Migrate (`flask db …`), or on DATABASE_URL (plain `alembic`)."""

from __future__ import annotations

import os

from alembic import context
from flask import current_app, has_app_context
from sqlalchemy import create_engine

from tthc.extensions import db
from tthc.migrations import COMPARE_OPTIONS, import_all_models

import_all_models()
target_metadata = db.metadata
config = context.config


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        **COMPARE_OPTIONS,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    if has_app_context() and "migrate" in current_app.extensions:  # flask db …
        with current_app.extensions["migrate"].db.engine.connect() as connection:
            _run(connection)
            connection.commit()
        return
    # Run by the plain `alembic` command: take the database from the environment.
    url = os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("Set DATABASE_URL, or use `flask db upgrade` or `tthc-release`.")
    engine = create_engine(url)
    with engine.begin() as connection:
        _run(connection)


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; use `flask db upgrade`.")
run_migrations_online()
