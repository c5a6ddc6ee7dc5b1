"""How gunicorn runs the app (deploy/gunicorn.conf.py): warm-up before fork, the worker class.

- warm_master(app): in the master, after the preloaded app exists and before any worker is
  forked: every template compiled, the catalogue loaded, the postings of the catalogue's words
  decoded, and one page of each kind rendered in each language, so that workers inherit all of
  it copy-on-write and a new worker's first request costs what a warm one does (also after
  every max_requests recycle).
- warm_worker(app, pool, threads): in each worker, before it accepts connections: what cannot be
  shared across a fork (the search index reader, database connections) is opened there, and
  every thread of the worker's pool is started and has answered a request (a thread started by
  a citizen's request, with its stack and first pass through the code, made a new worker's
  first answer several times slower than its next).
- ThreadWorker: gunicorn's gthread worker (a slow client holds one thread, not a whole worker)
  whose own error responses (400, 414, 431: refused before the app sees the request) carry the
  same security headers as the app's, and which, before it accepts connections, answers a few
  requests through its own request path (parser, WSGI environ, response writer) in every
  thread, over a socket pair: the app's warm-up (test client) never runs gunicorn's code.
"""

from __future__ import annotations

import contextlib
import gc
import html
import logging
import socket
import textwrap
import threading
from concurrent.futures import Executor

from flask import Flask
from gunicorn import util
from gunicorn.workers.gthread import TConn
from gunicorn.workers.gthread import ThreadWorker as _GthreadWorker

from tthc.web.security import PERMISSIONS_POLICY

log = logging.getLogger(__name__)

# A page of each kind, rendered once in each language in the master (GETs only: nothing is
# written, no scan or vote is counted). The catalogue's first active procedure stands for all.
WARM_PATHS = ("/", "/linh-vuc", "/phan-anh", "/tim-kiem?q=dang+ky+tam+tru", "/healthz/ping")
WARM_API = "/api/v1/search?q=can+cuoc&suggest=1"
# Searches run past the page memo in each worker: the index reader's first searches touch its
# postings and the engine's code (copied from the master, copy-on-write), not a citizen's.
WARM_QUERIES = ("dang ky thuong tru", "can cuoc cong dan", "ho chieu")

# gunicorn's own error pages have no script, style or image: nothing at all is allowed.
ERROR_HEADERS = (
    ("Content-Security-Policy", "default-src 'none'; base-uri 'none'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cache-Control", "no-store"),
)


def warm_paths(app: Flask) -> list[str]:
    from tthc.catalog import get_catalog

    with app.app_context():
        catalog = get_catalog()
        active = list(catalog.active)
    paths = list(WARM_PATHS)
    if active:
        paths.insert(1, f"/thu-tuc/{active[0].code}")
    return paths


def procedure_pages(app: Flask) -> list[str]:
    """Every procedure page, as many as half the page memo holds (the other kinds of pages,
    in every language, need the rest)."""
    from tthc.catalog import get_catalog

    room = app.config.get("HTTP_MEMO_ENTRIES", 0) // 2
    with app.app_context():
        procedures = list(get_catalog().active)[:room]
    return [f"/thu-tuc/{procedure.code}" for procedure in procedures]


def compile_templates(app: Flask) -> int:
    """Compile every template into the Jinja cache; return how many."""
    env = app.jinja_env
    names = env.list_templates(filter_func=lambda name: name.endswith(".html"))
    for name in names:
        env.get_template(name)
    return len(names)


def warm_master(app: Flask) -> dict[str, int]:
    """Make the preloaded app ready before fork; return what was done (for the log)."""
    templates = compile_templates(app)
    search = app.extensions.get("search")
    words = search.warm() if search is not None else 0
    from tthc.i18n import LANGUAGES

    client = app.test_client(use_cookies=False)  # a session cookie would bypass the memo
    statuses = {}
    for language in LANGUAGES:
        for path in [*warm_paths(app), WARM_API]:
            response = client.get(path, headers={"Accept-Language": language})
            statuses[f"{language} {path}"] = response.status_code
            response.close()
    # Each procedure page once in Vietnamese: the page memo that every worker inherits.
    for path in procedure_pages(app):
        response = client.get(path, headers={"Accept-Language": "vi"})
        statuses[f"vi {path}"] = response.status_code
        response.close()
    from tthc.search import hit_facts

    facts = hit_facts.warm(app) if hit_facts.EXTENSION in app.extensions else 0
    failed = {key: status for key, status in statuses.items() if status >= 500}
    if failed:
        log.warning("warm-up: some pages failed before fork: %s", failed)
    # Connections the warm-up opened must not be inherited by the workers.
    from tthc.extensions import db

    with app.app_context():
        db.engine.dispose()
    # What the master built stays put: the collector need not walk (and so copy) it in every
    # worker (gunicorn's advice for preloaded apps).
    gc.collect()
    gc.freeze()
    return {
        "templates": templates,
        "pages": len(statuses),
        "failed": len(failed),
        "search_words_warm": words,
        "search_hit_facts": facts,
    }


def warm_worker(app: Flask, pool: Executor | None = None, threads: int = 0) -> dict[str, int]:
    """Open in this process what a fork cannot share (index files, a database connection),
    and start every thread of the request pool, before the first connection; the index reader
    keeps what the master decoded. Return what was done (for tests and the log)."""
    from tthc import search as search_module
    from tthc.extensions import db

    store = app.extensions.get("catalog_store")
    if store is not None:
        store.after_fork()  # the master's background check may have been running at the fork
    searches = 0
    with app.app_context():
        search = app.extensions.get("search")
        if search is not None:
            search.reader  # noqa: B018 - opens this process's index reader
            for query in WARM_QUERIES:
                search_module.search(query)
                searches += 1
        with db.engine.connect():
            pass
    # One request of each kind, answered from what the master prepared: the memory they
    # touch is copied (copy-on-write) now, not during a citizen's first request.
    paths = [*warm_paths(app), WARM_API]
    client = app.test_client(use_cookies=False)
    for path in paths:
        client.get(path).close()
    started = warm_threads(app, pool, threads, paths) if pool is not None and threads else 0
    return {"searches": searches, "pages": len(paths), "threads": started}


def warm_threads(app: Flask, pool: Executor, threads: int, paths: list[str]) -> int:
    """Start each of the pool's threads (all held at a barrier, so the pool must start as many
    as it has) and have each answer the warm-up pages; return how many distinct threads did."""
    barrier = threading.Barrier(threads)

    def answer() -> int:
        # A thread slow to start breaks the barrier: it still warms itself, just not in step.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=10)
        client = app.test_client(use_cookies=False)
        for path in paths:
            client.get(path).close()
        return threading.get_ident()

    jobs = [pool.submit(answer) for _ in range(threads)]
    return len({job.result(timeout=60) for job in jobs})


def write_error(sock, status_int, reason, mesg):
    """gunicorn.util.write_error with the security headers."""
    body = textwrap.dedent("""\
    <html>
      <head>
        <title>%(reason)s</title>
      </head>
      <body>
        <h1><p>%(reason)s</p></h1>
        %(mesg)s
      </body>
    </html>
    """) % {"reason": html.escape(reason), "mesg": html.escape(mesg)}
    headers = "".join(f"{name}: {value}\r\n" for name, value in ERROR_HEADERS)
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body.encode('utf-8'))}\r\n"
        f"{headers}\r\n"
    )
    util.write_nonblock(sock, head.encode("latin1") + body.encode("utf-8"))


# What each thread of a new worker answers through gunicorn's own code before the first
# connection, when the app is not ours (ours: warm_paths, a page of each kind).
WARM_REQUESTS = ("/healthz/ping",)
WARM_USER_AGENT = "tthc-warm-up"


def answer_over_socketpair(worker: _GthreadWorker, path: str) -> bytes:
    """Have the worker answer one GET through its own request handling, on a socket pair;
    return the status line."""
    ours, theirs = socket.socketpair()
    try:
        theirs.settimeout(10)
        theirs.sendall(
            f"GET {path} HTTP/1.1\r\nHost: localhost\r\nUser-Agent: {WARM_USER_AGENT}\r\n"
            "Connection: close\r\n\r\n".encode("ascii")
        )
        theirs.shutdown(socket.SHUT_WR)
        worker.handle(TConn(worker.cfg, ours, ("127.0.0.1", 0), ("127.0.0.1", 0)))
        ours.close()  # as finish_request does for a closed connection: the answer is complete
        answer = b""
        while chunk := theirs.recv(65536):
            answer += chunk
        return answer.split(b"\r\n", 1)[0]
    finally:
        ours.close()
        theirs.close()


class ThreadWorker(_GthreadWorker):
    """gthread, whose own error responses carry the security headers, and which stops
    accepting connections while all its threads are busy: gthread would queue a new
    connection behind slow clients (a body trickled a byte at a time holds a thread until it
    ends) instead of leaving it to a worker with a free thread."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._busy = 0

    def init_process(self):
        # gunicorn's workers call util.write_error for the requests they refuse themselves.
        util.write_error = write_error
        super().init_process()

    def run(self):
        try:
            answered = self.warm_threads()
        except Exception:  # noqa: BLE001 - a warm-up must never keep a worker from serving
            log.exception("warm-up through the request path failed; serving cold")
        else:
            log.debug("worker %s answered %s warm-up requests", self.pid, answered)
        super().run()

    def warm_threads(self) -> int:
        """Answer the warm-up pages in every thread of the pool (all started: each waits for
        the others at a barrier); return how many answers were 200."""
        threads = self.cfg.threads
        barrier = threading.Barrier(threads)
        paths = warm_paths(self.wsgi) if isinstance(self.wsgi, Flask) else list(WARM_REQUESTS)

        def answer_all() -> int:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=10)
            statuses = [answer_over_socketpair(self, path) for path in paths]
            return sum(status.endswith(b" 200 OK") for status in statuses)

        # The warm-up is no visitor: kept out of the access log (nothing else is being served
        # yet, so the logger can be swapped for the while).
        self.log.access = lambda *args, **kwargs: None
        try:
            jobs = [self.tpool.submit(answer_all) for _ in range(threads)]
            return sum(job.result(timeout=60) for job in jobs)
        finally:
            del self.log.access

    def set_accept_enabled(self, enabled):
        super().set_accept_enabled(enabled and self._busy < self.cfg.threads)

    def enqueue_req(self, conn):
        self._busy += 1
        if self._busy >= self.cfg.threads:
            super().set_accept_enabled(False)
        super().enqueue_req(conn)

    def finish_request(self, conn, fs):
        self._busy -= 1
        super().finish_request(conn, fs)
