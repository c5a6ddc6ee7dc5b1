"""Alembic migrations of every feature's tables, under Flask-Migrate (`flask db …`).

The release step (`tthc-release`, tthc/migrations/release.py) upgrades the database before any
worker starts, under a lock so that two releases at once migrate once; `scripts/serve` runs it
before gunicorn. The app itself never migrates at start.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import Migrate
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

HERE = Path(__file__).resolve().parent
# Any constant works: it only has to be the same in every worker.
PG_ADVISORY_KEY = 0x7474_6863  # "tthc"


def import_all_models() -> None:
    """Import every module that defines tables so that the shared metadata knows all of them."""
    # Every feature is always installed: a missing module is a bug, not a feature left out.
    import tthc.admin.models
    import tthc.catalog.revisions
    import tthc.feedback.models
    import tthc.notify.models
    import tthc.qr.models  # noqa: F401  (for its tables, like the four above)


def _plain_default(value: str | None) -> str:
    return (value or "").strip().strip("()").strip("'\"").lower()


def same_server_default(
    _context, _inspected_column, _metadata_column, inspected, _metadata, rendered
) -> bool | None:
    """Tell Alembic two defaults are equal when they differ only in quoting ('' versus "")."""
    if _plain_default(inspected) == _plain_default(rendered):
        return False
    return None  # let Alembic decide


COMPARE_OPTIONS = {"compare_type": True, "compare_server_default": same_server_default}

# `flask db upgrade|current|check|migrate|downgrade|history|stamp` on these revisions (env.py).
migrate = Migrate(directory=str(HERE))


@migrate.configure
def _settings(config: Config) -> Config:
    config.set_main_option("path_separator", "os")
    return config


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


def current_heads(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


def script_heads() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def upgrade(connection: Connection, revision: str = "head") -> None:
    command.upgrade(alembic_config(connection), revision)


@contextmanager
def _advisory_lock(connection: Connection) -> Iterator[None]:
    """Let one PostgreSQL client migrate while the others wait."""
    connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PG_ADVISORY_KEY})
    connection.commit()
    try:
        yield
    finally:
        connection.rollback()
        connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": PG_ADVISORY_KEY})
        connection.commit()


@contextmanager
def _file_lock(app: Flask) -> Iterator[None]:
    lock_path = Path(app.instance_path) / "db-upgrade.lock"
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _upgrade_on(connection: Connection, wanted: set[str]) -> bool:
    # Another process may have finished while this one waited for the lock.
    heads = current_heads(connection)
    connection.rollback()
    if heads == wanted:
        return False
    upgrade(connection)
    connection.commit()
    return True


def upgrade_if_needed(app: Flask, engine: Engine) -> bool:
    """Bring the database to the latest revision; return whether anything was run."""
    wanted = script_heads()
    if engine.dialect.name != "postgresql":
        # SQLite: the lock is taken before the first connection. Connections opened while
        # another process creates the file, switches it to WAL or migrates can be refused
        # with "database is locked" before any busy timeout applies (seen on a loaded CI).
        with _file_lock(app), engine.connect() as connection:
            return _upgrade_on(connection, wanted)
    with engine.connect() as connection:
        if current_heads(connection) == wanted:
            return False
        connection.rollback()
        with _advisory_lock(connection):
            return _upgrade_on(connection, wanted)
