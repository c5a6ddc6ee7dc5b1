"""Notifications: e-mails through an outbox table, sent by the `flask notify run` worker.

Settings (tthc/config.py): MAIL_URL (see tthc.notify.mailer), MAIL_FROM, NOTIFY_*.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the `flask notify` commands (the models are imported by tthc.migrations)."""
    from tthc.notify import cli

    app.cli.add_command(cli.notify_cli)
