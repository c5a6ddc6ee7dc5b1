"""The database layer: durable SQLite settings, and writers that never trip over each other."""

import sqlite3
import threading
import uuid

import pytest
from sqlalchemy import func, select, text

from tthc.extensions import db
from tthc.feedback import service
from tthc.feedback.models import Feedback, FeedbackCategory
from tthc.feedback.service import Submission


@pytest.fixture
def app(new_app):
    return new_app()


@pytest.fixture
def new_app(tmp_path, tmp_path_factory):
    from support import make_app

    index = tmp_path_factory.getbasetemp() / "db-tests-index"

    def build(**overrides):
        return make_app(tmp_path, **{"INDEX_DIR": str(index), **overrides})

    return build


def test_sqlite_is_durable_and_waits_for_locks(app):
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_transactions_begin_immediate(app):
    # A second writer must wait at BEGIN rather than fail later when it tries to write.
    with app.app_context(), db.engine.connect() as first:
        first.execute(text("SELECT 1"))  # a read only, yet the write lock is already taken
        path = db.engine.url.database
        other = sqlite3.connect(path, timeout=0.1, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            first.rollback()
            other.execute("BEGIN IMMEDIATE")  # free again once the first one ends
            other.execute("ROLLBACK")
        finally:
            other.close()


def _submission(worker: int, index: int) -> Submission:
    return Submission(
        submission_id=str(uuid.uuid4()),
        category=FeedbackCategory.PROPOSAL,
        message=f"worker {worker} message {index}",
        name="Người gửi",
        phone="0912345678",
        email=None,
        notice_version="test",
    )


def _submit_concurrently(app, workers: int, per_worker: int) -> list[BaseException]:
    """Submit from several threads at once; return what went wrong."""
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            with app.app_context():
                for index in range(per_worker):
                    service.submit(_submission(worker, index))
        except BaseException as error:  # noqa: BLE001 - returned to the test
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_concurrent_read_then_write_transactions_all_succeed(app):
    # submit() reads (is this a retry?) then writes: with deferred transactions some of these
    # would fail with "database is locked"; with BEGIN IMMEDIATE they queue up.
    workers, per_worker = 8, 25
    assert _submit_concurrently(app, workers, per_worker) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Feedback)) == workers * per_worker
        codes = db.session.scalars(select(Feedback.tracking_code)).all()
        assert len(set(codes)) == len(codes)
        integrity = db.session.execute(text("PRAGMA integrity_check")).scalar()
        assert integrity == "ok"


def test_postgres_url_forms_are_accepted():
    from tthc.db import database_url

    assert database_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert database_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert database_url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"
    assert database_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"


@pytest.mark.postgres
def test_postgres_concurrent_submissions(new_app):
    from feedback.helpers import fresh_postgres_database

    with fresh_postgres_database() as url:
        app = new_app(DATABASE_URL=url)
        assert _submit_concurrently(app, 6, 20) == []
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Feedback)) == 120
            db.session.remove()
            db.engine.dispose()
