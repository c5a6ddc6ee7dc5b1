"""Gunicorn settings for scripts/serve, the systemd unit and the containers.

Environment variables override the defaults: BIND, WEB_CONCURRENCY, GUNICORN_THREADS,
GUNICORN_TIMEOUT, ACCESS_LOG, ERROR_LOG, LOG_LEVEL, FORWARDED_ALLOW_IPS.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


bind = os.environ.get("BIND", "127.0.0.1:8000").split(",")
# Pages are CPU-bound Python, so workers follow the cores; one spare covers requests blocked
# on the database (feedback) without oversubscribing a small machine.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1)
# Threads, so that a slow client (a phone on a bad line, or one trickling a body on purpose)
# holds one thread and not a whole worker: without nginx in front, four such connections
# stalled every sync worker until the timeout. The GIL keeps CPU work one at a time per
# worker; the threads are for waiting. tthc.serving.ThreadWorker is gunicorn's gthread worker
# whose own error responses (400, 414, 431) carry the security headers.
threads = max(1, _int("GUNICORN_THREADS", 8))
worker_class = "tthc.serving.ThreadWorker"
# Load the app (catalogue, templates, search index) once in the master; workers share it
# copy-on-write and start in milliseconds.
preload_app = True
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then (rarely: a fresh worker starts with cold page caches), with
# jitter so they never all restart at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 100_000)
max_requests_jitter = max_requests // 10
# nginx buffers slow clients; only it may tell us the client's address and scheme, and only
# the app decides whether to believe it (ProxyFix, as many hops as TRUSTED_PROXIES says).
# gunicorn itself would otherwise turn X-Forwarded-Proto: https from any local client into
# wsgi.url_scheme https, whatever TRUSTED_PROXIES says.
secure_scheme_headers = {}
_trusted_proxies = _int("TRUSTED_PROXIES", 0)
forwarded_allow_ips = os.environ.get(
    "FORWARDED_ALLOW_IPS", "127.0.0.1,::1" if _trusted_proxies > 0 else ""
)
proxy_allow_ips = forwarded_allow_ips or "127.0.0.1"
limit_request_line = 4094
limit_request_fields = 100
accesslog = os.environ.get("ACCESS_LOG", "-") or None
errorlog = os.environ.get("ERROR_LOG", "-")
loglevel = os.environ.get("LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'
# Several instances run side by side (deploy/compose.yaml, the scale-out test): each needs its
# own control socket, or none.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True
# The worker heartbeat file in memory, not on a disk that may stall (gunicorn's FAQ).
SHM = "/dev/shm"  # noqa: S108 - gunicorn's own heartbeat, not data; private per worker
worker_tmp_dir = SHM if os.path.isdir(SHM) else None


def post_fork(server, worker):
    """Drop database connections inherited from the master: sockets must never be shared."""
    app = getattr(server.app, "callable", None)
    if app is None:
        return
    from tthc.extensions import db

    with app.app_context():
        db.engine.dispose(close=False)


def when_ready(server):
    """In the master, before the first fork: templates compiled, one page of each kind rendered
    in each language, so every worker (and every recycled one) starts warm (tthc.serving)."""
    app = getattr(server.app, "callable", None)
    if app is None:
        return
    from tthc.serving import warm_master

    server.log.info("warm-up before fork: %s", warm_master(app))


def post_worker_init(worker):
    """In each worker, before it accepts connections: open what a fork cannot share, and start
    every thread of its pool (gthread starts them one per request otherwise)."""
    app = getattr(worker.app, "callable", None)
    if app is None:
        return
    from tthc.serving import warm_worker

    pool = getattr(worker, "tpool", None)
    done = warm_worker(app, pool, worker.cfg.threads if pool is not None else 0)
    if getattr(worker, "log", None) is not None:
        worker.log.debug("warm-up in worker %s: %s", worker.pid, done)
