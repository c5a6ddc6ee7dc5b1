"""The staff area (/quan-tri): accounts, feedback inbox, exports, scan counts, audit log."""

from __future__ import annotations

from flask import Flask

DEFAULTS = {
    "ADMIN_ACCOUNT_MAX_FAILURES": 5,  # failed logins in a row that lock an account
    "ADMIN_IP_MAX_FAILURES": 20,  # failed logins from one address within the lock window
    "ADMIN_LOCK_MINUTES": 15,
    "ADMIN_LOGIN_RATE": "10 per minute",  # Flask-Limiter, on the login form's POST
    "ADMIN_SESSION_HOURS": 10,  # a working day; then log in again
}


def init_app(app: Flask) -> None:
    """Register the staff blueprint, its models and the `flask staff` commands."""
    from tthc.admin import cli, feedback_views, models, report_views, views  # noqa: F401

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.register_blueprint(views.bp)
    # App-level, registered before the HTTP cache policy: after_request hooks run in reverse
    # order, so this one has the last word on the staff pages' headers.
    app.after_request(views.staff_headers)
    app.cli.add_command(cli.staff_cli)
