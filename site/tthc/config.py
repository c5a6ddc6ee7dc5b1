"""Configuration: defaults plus environment overrides, all in one place."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parents[2]

ENVIRONMENT_KEYS = {
    # name in the environment: (config key, converter)
    "TTHC_ENV": ("ENV_NAME", str),
    "SECRET_KEY": ("SECRET_KEY", str),
    "DATABASE_URL": ("DATABASE_URL", str),
    "SITE_URL": ("SITE_URL", str),
    "PROCEDURES_DIR": ("PROCEDURES_DIR", str),
    "STATIC_DIR": ("STATIC_DIR", str),
    "INDEX_DIR": ("INDEX_DIR", str),
    "UPLOAD_DIR": ("UPLOAD_DIR", str),
    "RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
    "FEEDBACK_RETENTION_DAYS": ("FEEDBACK_RETENTION_DAYS", int),
    "PREFERRED_URL_SCHEME": ("PREFERRED_URL_SCHEME", str),
    "TRUSTED_PROXIES": ("TRUSTED_PROXIES", int),
    "FEEDBACK_SUBMIT_LIMIT": ("FEEDBACK_SUBMIT_LIMIT", str),
    "FEEDBACK_LOOKUP_LIMIT": ("FEEDBACK_LOOKUP_LIMIT", str),
    "API_RATE_LIMIT": ("API_RATE_LIMIT", str),
    # how often an instance looks for newly published revisions (tthc/catalog/store.py)
    "CATALOG_RELOAD_SECONDS": ("CATALOG_RELOAD_SECONDS", float),
    "MAIL_URL": ("MAIL_URL", str),
    "MAIL_FROM": ("MAIL_FROM", str),
}

DEFAULTS: dict[str, Any] = {
    "ENV_NAME": "development",
    "DATABASE_URL": None,  # None: a SQLite file in the instance folder
    "SITE_URL": None,  # None: the site_url of procedures/agency.yaml
    "PROCEDURES_DIR": str(PROJECT_ROOT / "procedures"),
    "STATIC_DIR": str(PROJECT_ROOT / "static"),
    "INDEX_DIR": None,  # None: <instance>/search-index
    "UPLOAD_DIR": None,  # None: <instance>/uploads, outside any static folder
    "RATELIMIT_STORAGE_URI": None,  # None: shared storage chosen by the feedback feature
    "FEEDBACK_RETENTION_DAYS": 365,
    # Behind nginx: how many proxies' X-Forwarded-* headers to believe (deploy/ sets 1).
    "TRUSTED_PROXIES": 0,
    "FEATURED_PROCEDURES": None,  # None: the default list in tthc/catalog/featured.py
    # Loose enough for many citizens behind one carrier NAT address.
    "FEEDBACK_SUBMIT_LIMIT": "10 per hour;40 per day",
    "FEEDBACK_LOOKUP_LIMIT": "30 per minute;300 per hour",
    "FEEDBACK_VOTE_LIMIT": "30 per hour",
    "FEEDBACK_MIN_FILL_SECONDS": 3,
    "QR_POSTER_RATE_LIMIT": "30 per minute",
    # Per address on /api/v1: a whole-catalogue sync (about 200 requests) fits in one minute.
    "API_RATE_LIMIT": "600 per minute;20000 per hour",
    # Zero-result searches one address may add to the list editors read (flask search
    # zero-results): enough for a person trying words, too few for one client to flood it.
    "SEARCH_ZERO_RESULT_LIMIT": "20 per hour",
    "ADMIN_ACCOUNT_MAX_FAILURES": 5,  # failed logins in a row that lock an account
    "ADMIN_IP_MAX_FAILURES": 20,  # failed logins from one address within the lock window
    "ADMIN_LOCK_MINUTES": 15,
    "ADMIN_LOGIN_RATE": "10 per minute",  # Flask-Limiter, on the login form's POST
    "ADMIN_SESSION_HOURS": 10,  # a working day; then log in again
    "TODAY": None,  # a fixed date for tests; None means today in Vietnam
    # E-mail (tthc.notify): smtp://[user:password@]host[:port][?starttls=1] or smtps://…;
    # None: messages wait in the outbox and `flask notify run` refuses to start.
    "MAIL_URL": None,
    "MAIL_FROM": None,  # the sender address, e.g. a no-reply mailbox of the agency
    "NOTIFY_INTERVAL_SECONDS": 30,  # between rounds of the worker
    "NOTIFY_BACKOFF_SECONDS": 60,  # first retry after a failure; doubles each time
    "NOTIFY_BACKOFF_MAX_SECONDS": 6 * 3600,
    "NOTIFY_MAX_ATTEMPTS": 30,  # then the message is given up (about a week of retries)
    "NOTIFY_LEASE_SECONDS": 300,  # a worker that died mid-send frees its message after this
    "NOTIFY_REMINDER_WORKING_DAYS": 3,  # reminder this many working days before the due date
    "TIMEZONE": "Asia/Ho_Chi_Minh",
    "MAX_CONTENT_LENGTH": 6 * 1024 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    "JSON_AS_ASCII": False,
}

MIN_SECRET_LENGTH = 32


class UnsafeConfiguration(RuntimeError):
    """The configuration is not safe to run in production."""


def configure(app: Flask, overrides: dict[str, Any] | None) -> None:
    """Apply defaults, then the environment, then explicit overrides (tests)."""
    app.config.update(DEFAULTS)
    for env_name, (key, convert) in ENVIRONMENT_KEYS.items():
        if env_name in os.environ:
            app.config[key] = convert(os.environ[env_name])
    app.config.update(overrides or {})

    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config["INDEX_DIR"] = app.config["INDEX_DIR"] or str(instance / "search-index")
    app.config["UPLOAD_DIR"] = app.config["UPLOAD_DIR"] or str(instance / "uploads")
    app.config["DATABASE_URL"] = app.config["DATABASE_URL"] or f"sqlite:///{instance / 'tthc.db'}"
    production = app.config["ENV_NAME"] == "production"
    app.config["SESSION_COOKIE_SECURE"] = production
    if production:
        app.config["PREFERRED_URL_SCHEME"] = app.config.get("PREFERRED_URL_SCHEME") or "https"
    app.config["SECRET_KEY"] = _secret_key(app, production)


def _secret_key(app: Flask, production: bool) -> str:
    key = app.config.get("SECRET_KEY")
    if key:
        if production and len(key) < MIN_SECRET_LENGTH:
            raise UnsafeConfiguration(f"SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters")
        return key
    if production:
        raise UnsafeConfiguration("SECRET_KEY must be set in production")
    # Outside production keep one generated key in the instance folder, so every worker
    # (and every restart) signs sessions and CSRF tokens with the same key.
    path = Path(app.instance_path) / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        key = secrets.token_urlsafe(48)
        handle.write(key)
    return key
