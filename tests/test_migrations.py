"""One Alembic revision chain that creates exactly what the models describe, run safely by the
release step (Flask-Migrate's `flask db` on the same revisions)."""

import multiprocessing
from types import SimpleNamespace

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, inspect

from tthc.extensions import db
from tthc.migrations import (
    COMPARE_OPTIONS,
    current_heads,
    import_all_models,
    script_heads,
    upgrade_if_needed,
)


@pytest.fixture
def new_app(tmp_path, tmp_path_factory):
    from support import make_app

    index = tmp_path_factory.getbasetemp() / "migration-tests-index"

    def build(**overrides):
        return make_app(tmp_path, **{"INDEX_DIR": str(index), **overrides})

    return build


def differences(engine, metadata) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=COMPARE_OPTIONS)
        return compare_metadata(context, metadata)


def test_single_revision_chain():
    assert len(script_heads()) == 1


def flask_db(app, *args: str) -> int:
    """Run `flask db …` (Flask-Migrate); its exit code (Alembic prints outside click's output)."""
    return app.test_cli_runner().invoke(args=["db", *args]).exit_code


def database_heads(app) -> set[str]:
    with app.app_context(), db.engine.connect() as connection:
        return current_heads(connection)


def test_migrations_match_the_models(new_app):
    app = new_app()  # migrated first, as by the release step
    import_all_models()
    with app.app_context():
        assert differences(db.engine, db.metadata) == []
        tables = set(inspect(db.engine).get_table_names())
    assert {"feedback", "page_votes", "unit_ratings", "alembic_version"} <= tables
    assert flask_db(app, "check") == 0
    assert flask_db(app, "current") == 0
    assert database_heads(app) == script_heads()


def test_the_check_would_notice_a_table_without_migration(new_app):
    app = new_app()
    extra = MetaData()
    for table in db.metadata.tables.values():
        table.to_metadata(extra)
    Table("not_migrated", extra, Column("id", Integer, primary_key=True))
    with app.app_context():
        assert [d[0] for d in differences(db.engine, extra)] == ["add_table"]


def test_flask_db_upgrade_creates_the_schema(new_app):
    app = new_app(DB_UPGRADE_ON_START=False)
    with app.app_context():
        assert "feedback" not in inspect(db.engine).get_table_names()
    assert database_heads(app) == set()
    assert flask_db(app, "check") == 1  # "Target database is not up to date."
    assert flask_db(app, "upgrade") == 0
    assert database_heads(app) == script_heads()
    assert flask_db(app, "check") == 0
    with app.app_context():
        assert "feedback" in inspect(db.engine).get_table_names()
        assert differences(db.engine, db.metadata) == []


def test_the_app_never_migrates_at_start(new_app):
    app = new_app(DB_UPGRADE_ON_START=False)
    again = new_app(DB_UPGRADE_ON_START=False)  # a second worker starting: still nothing
    for started in (app, again):
        with started.app_context():
            assert inspect(db.engine).get_table_names() == []


def test_the_release_migrates_then_builds_the_index_once(tmp_path, tmp_path_factory):
    from support import make_app
    from tthc.migrations.release import release

    index = tmp_path_factory.getbasetemp() / "migration-tests-index"
    config = {
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret-key-that-is-long-enough-000",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'release.db'}",
        "INDEX_DIR": str(index),
    }
    first = release(config)
    head = next(iter(script_heads()))
    assert first[0] == f"database migrated to {head}"
    assert first[1].startswith("catalogue version ") and first[1].endswith(": 169 procedures")
    assert first[2].startswith("search index ") and str(index) in first[2]
    assert release(config)[0] == f"database already at {head}"
    # The instances then start on the migrated database and the index already built.
    app = make_app(tmp_path, DB_UPGRADE_ON_START=False, **config)
    import_all_models()
    with app.app_context():
        assert differences(db.engine, db.metadata) == []
        assert first[2] == f"search index {app.extensions['search'].build.name} in {index}"


def test_the_release_step_is_a_console_script():
    import tomllib

    from support import ROOT

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["tthc-release"] == "tthc.migrations.release:main"
    serve = (ROOT / "scripts" / "serve").read_text()
    assert serve.index("tthc-release") < serve.index("exec .venv/bin/gunicorn")


def test_no_upgrade_when_the_database_is_current(new_app):
    app = new_app()
    with app.app_context():
        assert upgrade_if_needed(app, db.engine) is False


def _start_worker(url: str, instance: str, queue) -> None:
    from tthc.db import _configure_sqlite, database_url

    engine = create_engine(database_url(url))
    if url.startswith("sqlite"):
        _configure_sqlite(engine)
    try:
        ran = upgrade_if_needed(SimpleNamespace(instance_path=instance), engine)
        queue.put(("ok", ran))
    except Exception as error:  # noqa: BLE001 - sent back to the test
        queue.put(("error", repr(error)))
    finally:
        engine.dispose()


def start_workers_at_once(url: str, instance: str, count: int = 6) -> list:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [
        context.Process(target=_start_worker, args=(url, instance, queue)) for _ in range(count)
    ]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(30)
    return results


def test_workers_starting_together_migrate_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    results = start_workers_at_once(url, str(tmp_path))
    assert all(status == "ok" for status, _ in results), results
    assert sum(1 for _, ran in results if ran) == 1
    import_all_models()
    assert differences(create_engine(url), db.metadata) == []


@pytest.mark.postgres
def test_postgres_migrations_match_and_start_is_locked(tmp_path):
    from feedback.helpers import fresh_postgres_database

    with fresh_postgres_database() as url:
        results = start_workers_at_once(url, str(tmp_path))
        assert all(status == "ok" for status, _ in results), results
        assert sum(1 for _, ran in results if ran) == 1
        import_all_models()
        from tthc.db import database_url

        engine = create_engine(database_url(url))
        try:
            assert differences(engine, db.metadata) == []
        finally:
            engine.dispose()
