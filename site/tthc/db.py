"""Database engine set-up: SQLite (WAL, durable, immediate write transactions) or PostgreSQL."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from tthc.extensions import db

SQLITE_BUSY_TIMEOUT_MS = 10_000


def _sqlite_url(url: str) -> bool:
    return url.startswith("sqlite")


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling would open deferred transactions, which fail with
    # SQLITE_BUSY when a reader later tries to write; take control and BEGIN IMMEDIATE instead.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def database_url(configured: str) -> str:
    """Return the SQLAlchemy URL for a configured DATABASE_URL (psycopg 3 for PostgreSQL)."""
    url = configured
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def init_app(app: Flask) -> None:
    from tthc.migrations import import_all_models, migrate

    url = database_url(app.config["DATABASE_URL"])
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    options = {"pool_pre_ping": True}
    if _sqlite_url(url):
        options["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", options)
    db.init_app(app)
    migrate.init_app(app, db)  # `flask db …`; the release step migrates, not each worker
    import_all_models()
    if _sqlite_url(url):
        with app.app_context():
            _configure_sqlite(db.engine)
