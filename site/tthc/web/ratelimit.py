"""Rate-limit counters that every gunicorn worker shares: a small SQLite file by default.

An in-memory limit is per worker, so with N workers it lets N times too many requests through.
RATELIMIT_STORAGE_URI (e.g. redis://host:6379) replaces this default where a server exists.
"""

from __future__ import annotations

import os
import random
import sqlite3
import threading
import time
from pathlib import Path

from flask import Flask
from limits.storage import Storage

from tthc.extensions import limiter

SCHEME = "tthc+sqlite"
PRUNE_PROBABILITY = 0.01


class SQLiteStorage(Storage):
    """Fixed-window counters in a SQLite file, safe across processes and threads."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = uri.removeprefix(f"{SCHEME}://")
        self._local = threading.local()
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        with self._transaction() as connection:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS counters ("
                " key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at REAL NOT NULL)"
            )

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        # One connection per thread and per process: gunicorn forks after loading the app.
        owner = (os.getpid(), threading.get_ident())
        if getattr(self._local, "owner", None) != owner:
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA busy_timeout=10000")
            self._local.connection, self._local.owner = connection, owner
        return self._local.connection

    def _transaction(self):
        storage = self

        class _Transaction:
            def __enter__(self):
                self.connection = storage._connection()
                self.connection.execute("BEGIN IMMEDIATE")
                return self.connection

            def __exit__(self, kind, _value, _traceback):
                self.connection.execute("ROLLBACK" if kind else "COMMIT")

        return _Transaction()

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with self._transaction() as connection:
            row = connection.execute(
                "SELECT count, expires_at FROM counters WHERE key = ?", (key,)
            ).fetchone()
            if row is None or row[1] <= now:
                count, expires_at = amount, now + expiry
            else:
                count, expires_at = row[0] + amount, row[1]
            connection.execute(
                "INSERT OR REPLACE INTO counters (key, count, expires_at) VALUES (?, ?, ?)",
                (key, count, expires_at),
            )
            if random.random() < PRUNE_PROBABILITY:  # noqa: S311  # nosec B311  # housekeeping, not security
                connection.execute("DELETE FROM counters WHERE expires_at <= ?", (now,))
        return count

    def _row(self, key: str) -> tuple[int, float] | None:
        row = self._connection().execute(
            "SELECT count, expires_at FROM counters WHERE key = ? AND expires_at > ?",
            (key, time.time()),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def get(self, key: str) -> int:
        row = self._row(key)
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row[1] if row else time.time()

    def check(self) -> bool:
        try:
            self._connection().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        with self._transaction() as connection:
            return connection.execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        with self._transaction() as connection:
            connection.execute("DELETE FROM counters WHERE key = ?", (key,))


def default_storage_uri(app: Flask) -> str:
    return f"{SCHEME}://{Path(app.instance_path) / 'ratelimit.sqlite'}"


def init_app(app: Flask) -> None:
    """Bind the limiter with storage shared by all workers (once, whoever calls first)."""
    if app.config.get("RATELIMIT_STORAGE_URI") in (None, ""):
        app.config["RATELIMIT_STORAGE_URI"] = default_storage_uri(app)
    # A broken counter store must not stop a citizen from sending feedback.
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    if limiter not in app.extensions.get("limiter", set()):
        limiter.init_app(app)
