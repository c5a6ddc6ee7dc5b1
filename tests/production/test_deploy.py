"""The deployment files: gunicorn settings, the compose stack and the systemd units."""

from __future__ import annotations

import gc
import multiprocessing
import runpy

import yaml

from production.helpers import FIXTURE_CATALOG
from production.servers import ROOT
from support import make_app
from tthc.extensions import db

DEPLOY = ROOT / "deploy"


def gunicorn_settings(monkeypatch, **env):
    for name in (
        "BIND",
        "WEB_CONCURRENCY",
        "GUNICORN_THREADS",
        "GUNICORN_CONTROL_SOCKET",
        "TRUSTED_PROXIES",
        "FORWARDED_ALLOW_IPS",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def test_gunicorn_defaults_follow_the_machine(monkeypatch):
    settings = gunicorn_settings(monkeypatch)
    assert settings["workers"] == multiprocessing.cpu_count() + 1
    assert settings["preload_app"] is True
    # Threads: a slow client holds one thread, not a whole worker.
    assert settings["worker_class"] == "tthc.serving.ThreadWorker"
    assert settings["threads"] >= 4
    # Only the app (ProxyFix with TRUSTED_PROXIES) may believe X-Forwarded-Proto.
    assert settings["secure_scheme_headers"] == {}
    assert settings["forwarded_allow_ips"] == ""
    assert settings["timeout"] >= 10 and settings["graceful_timeout"] > 0
    assert settings["accesslog"] == "-"
    assert settings["bind"] == ["127.0.0.1:8000"]
    assert settings["control_socket_disable"] is True  # two instances must not share one


def test_gunicorn_settings_from_the_environment(monkeypatch):
    settings = gunicorn_settings(
        monkeypatch, BIND="127.0.0.1:8001", WEB_CONCURRENCY="5", GUNICORN_THREADS="4"
    )
    assert settings["bind"] == ["127.0.0.1:8001"]
    assert settings["workers"] == 5
    assert settings["threads"] == 4
    behind_nginx = gunicorn_settings(monkeypatch, TRUSTED_PROXIES="1")
    assert behind_nginx["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert behind_nginx["secure_scheme_headers"] == {}


class FakeServer:
    def __init__(self, app):
        self.app = type("Loaded", (), {"callable": app})()


def test_post_fork_drops_the_connections_inherited_from_the_master(monkeypatch, tmp_path):
    settings = gunicorn_settings(monkeypatch)
    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURE_CATALOG))
    with app.app_context():
        db.session.execute(db.text("SELECT 1"))
        db.session.remove()
        pool_before = db.engine.pool
        assert pool_before.checkedin() == 1
    settings["post_fork"](FakeServer(app), worker=None)
    with app.app_context():
        assert db.engine.pool is not pool_before
        assert db.engine.pool.checkedin() == 0


def test_compose_runs_nginx_two_instances_and_postgresql():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"nginx", "app1", "app2", "db", "release"} <= set(services)
    assert services["db"]["image"].startswith("postgres:")
    assert services["nginx"]["image"].startswith("nginx:")
    for name in ("app1", "app2"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgresql://")
        assert env["TTHC_ENV"] == "production"
        assert services[name]["depends_on"]["release"]["condition"] == (
            "service_completed_successfully"
        )
    release = " ".join(services["release"]["command"])
    assert release.index("tthc-release") < release.index("export-static")
    nginx_conf = (DEPLOY / "nginx-compose.conf").read_text()
    assert "server app1:8000" in nginx_conf and "server app2:8000" in nginx_conf
    assert "include /srv/tthc-export/current/nginx/tthc-site.conf;" in nginx_conf


def test_systemd_units_run_gunicorn_with_the_config_after_the_release():
    unit = (DEPLOY / "systemd" / "tthc@.service").read_text()
    assert "--config deploy/gunicorn.conf.py" in unit
    assert "Environment=BIND=127.0.0.1:%i" in unit
    assert "Requires=tthc-release.service" in unit
    release = (DEPLOY / "systemd" / "tthc-release.service").read_text()
    assert "ExecStart=/srv/tthc/app/.venv/bin/tthc-release" in release
    assert release.index("tthc-release\n") < release.index("flask export-static")
    assert "Type=oneshot" in release
    host = (DEPLOY / "nginx.conf").read_text()
    assert "server 127.0.0.1:8001" in host and "server 127.0.0.1:8002" in host


def test_the_export_is_refreshed_daily_when_fees_may_change():
    timer = (DEPLOY / "systemd" / "tthc-export.timer").read_text()
    assert "OnCalendar=*-*-* 00:05:00 Asia/Ho_Chi_Minh" in timer
    service = (DEPLOY / "systemd" / "tthc-export.service").read_text()
    assert "flask export-static /srv/tthc/export" in service
    assert "nginx -s reload" in service


def test_the_notification_worker_runs_under_systemd_and_compose():
    unit = (DEPLOY / "systemd" / "tthc-notify.service").read_text()
    assert "ExecStart=/srv/tthc/app/.venv/bin/flask notify run" in unit
    assert "EnvironmentFile=/etc/tthc/env" in unit and "Restart=on-failure" in unit
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    worker = compose["services"]["notify"]
    assert worker["command"] == ["flask", "notify", "run"]
    assert {"MAIL_URL", "MAIL_FROM", "DATABASE_URL"} <= set(worker["environment"])
    assert worker["depends_on"]["release"]["condition"] == "service_completed_successfully"


def test_the_master_is_warm_before_it_forks(monkeypatch, tmp_path):
    """Every template compiled and each kind of page rendered once, in the master."""
    settings = gunicorn_settings(monkeypatch)
    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURE_CATALOG), HTTP_MEMO_ENTRIES=50)
    assert not app.jinja_env.cache
    log = type("Log", (), {"info": lambda *args: None})()
    server = FakeServer(app)
    server.log = log
    settings["when_ready"](server)
    gc.unfreeze()  # when_ready froze what the master built; this process goes on testing
    templates = app.jinja_env.list_templates(filter_func=lambda name: name.endswith(".html"))
    cached = {key[1] for key in app.jinja_env.cache}
    assert set(templates) <= cached
    # Pages rendered in the master are inherited by every worker: each procedure page too.
    from tthc.catalog import get_catalog

    with app.app_context():
        active = len(get_catalog().active)
    assert len(app.extensions["http_memo"]) >= active + 3
    # No database connection is handed down to the workers.
    with app.app_context():
        assert db.engine.pool.checkedin() == 0


def test_each_worker_opens_its_index_reader_before_accepting(monkeypatch, tmp_path):
    settings = gunicorn_settings(monkeypatch)
    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURE_CATALOG))
    service = app.extensions["search"]
    service._reader = None
    worker = type("Worker", (), {"app": FakeServer(app).app})()
    settings["post_worker_init"](worker)
    assert service._reader is not None


def test_the_master_loads_every_language_before_it_forks(monkeypatch, tmp_path):
    """Message catalogues and Babel's locale data of vi, en and km are in the master's memory
    before the first fork: no worker reads a .mo or a locale file for a citizen's request."""
    from babel import localedata

    from tthc.i18n import LANGUAGES

    settings = gunicorn_settings(monkeypatch)
    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURE_CATALOG), HTTP_MEMO_ENTRIES=50)
    server = FakeServer(app)
    server.log = type("Log", (), {"info": lambda *args: None})()
    settings["when_ready"](server)
    gc.unfreeze()
    catalogues = {key[0] for key in app.extensions["babel"].instance.domain_instance.cache}
    assert set(LANGUAGES) <= catalogues
    assert set(LANGUAGES) <= set(localedata._cache)


def test_each_worker_starts_and_warms_every_thread_before_accepting(monkeypatch, tmp_path):
    """gthread starts a pool thread per request until it has them all: each one is started
    by the warm-up, and has answered the warm-up pages, before the first connection."""
    from concurrent.futures import ThreadPoolExecutor

    settings = gunicorn_settings(monkeypatch)
    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURE_CATALOG))
    pool = ThreadPoolExecutor(max_workers=4)
    worker = type(
        "Worker",
        (),
        {"app": FakeServer(app).app, "tpool": pool, "cfg": type("Cfg", (), {"threads": 4})()},
    )()
    try:
        settings["post_worker_init"](worker)
        assert len(pool._threads) == 4
        assert all(thread.is_alive() for thread in pool._threads)
        # Each thread answered the pages itself: the search reader is open, and the
        # pages it served are the ones the master prepared (all answered 200).
        from tthc.serving import warm_paths, warm_threads

        assert warm_threads(app, pool, 4, warm_paths(app)) == 4
        assert len(pool._threads) == 4  # the same threads: none started for a request
    finally:
        pool.shutdown()


def test_a_new_worker_keeps_the_postings_the_master_decoded(tmp_path):
    from tthc import search

    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURE_CATALOG))
    service = app.extensions["search"]
    assert service.warm() > 0
    master = service.reader
    with app.app_context():
        expected = [hit.entry.code for hit in search.search("dang ky thuong tru").hits]
    master.pid = -1  # as if this process were a worker forked from the master
    worker = service.reader
    assert worker is not master and worker.index is not master.index
    assert worker.tables is master.tables  # the mapped postings, shared
    assert worker.cached_postings == master.cached_postings
    with app.app_context():
        assert [hit.entry.code for hit in search.search("dang ky thuong tru").hits] == expected


def test_a_worker_with_every_thread_busy_stops_accepting(monkeypatch):
    """Its new connections would wait behind slow clients; another worker takes them."""
    from gunicorn.workers.gthread import ThreadWorker as Gthread

    from tthc.serving import ThreadWorker

    accepting = []
    monkeypatch.setattr(Gthread, "set_accept_enabled", lambda self, on: accepting.append(on))
    monkeypatch.setattr(Gthread, "enqueue_req", lambda self, conn: None)
    monkeypatch.setattr(Gthread, "finish_request", lambda self, conn, future: None)
    worker = ThreadWorker.__new__(ThreadWorker)
    worker.cfg = type("Config", (), {"threads": 2})()
    worker._busy = 0
    worker.enqueue_req("first")
    assert accepting == []
    worker.enqueue_req("second")  # both threads busy
    assert accepting == [False]
    worker.set_accept_enabled(True)  # gunicorn's loop asks again: still no
    assert accepting[-1] is False
    worker.finish_request("first", None)
    worker.set_accept_enabled(True)
    assert accepting[-1] is True


def test_a_worker_answers_through_its_own_request_path_in_every_thread(tmp_path):
    """Before its first connection, each thread of a new worker has answered the warm-up pages
    through gunicorn's parser and response writer (the app's warm-up never runs them)."""
    from gunicorn.config import Config

    from tthc.serving import ThreadWorker, warm_paths

    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURE_CATALOG))
    cfg = Config()
    cfg.set("threads", 3)
    cfg.set("accesslog", None)
    logged = []
    log = type("Log", (), {"access": lambda *a: logged.append(a[-1]), "debug": lambda *a: None})()
    worker = ThreadWorker(0, 0, [], None, 30, cfg, log)
    worker.wsgi = app
    worker.tpool = worker.get_thread_pool()
    try:
        answered = worker.warm_threads()
        assert answered == 3 * len(warm_paths(app))  # every page, in every thread, 200
        assert len(worker.tpool._threads) == 3
        assert logged == []  # the warm-up is not in the access log
        worker.log.access("a visitor")
        assert logged == ["a visitor"]  # and the log is back for visitors
    finally:
        worker.tpool.shutdown()
        worker.tmp.close()
