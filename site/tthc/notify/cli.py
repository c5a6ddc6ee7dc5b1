"""`flask notify …`: the worker that sends the outbox, and its state."""

from __future__ import annotations

import signal
import time

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from tthc.extensions import db
from tthc.notify.mailer import MailConfigError, from_config
from tthc.notify.models import OutboxMessage

notify_cli = AppGroup("notify", help="E-mail notifications (outbox and worker).")


@notify_cli.command("run")
@click.option("--once", is_flag=True, help="One round, then exit (for cron or a test).")
@click.option(
    "--interval",
    type=click.FloatRange(min=1),
    default=None,
    help="Seconds between rounds (default: NOTIFY_INTERVAL_SECONDS).",
)
def run_command(once: bool, interval: float | None) -> None:
    """Send due e-mails and enqueue reminders, every INTERVAL seconds until stopped."""
    from flask import current_app

    from tthc.notify import worker  # the roles of the staff area: imported only to run

    try:
        client = from_config()
    except MailConfigError as error:
        raise click.ClickException(f"{error}: nothing can be sent.") from None
    interval = interval or current_app.config["NOTIFY_INTERVAL_SECONDS"]
    stopping = False

    def stop(_signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while True:
        queued, report = worker.run_once(client)
        if queued or report.sent or report.retried or report.failed:
            click.echo(
                f"queued {queued}, sent {len(report.sent)}, retry later {len(report.retried)}, "
                f"given up {len(report.failed)}"
            )
        db.session.remove()
        if once or stopping:
            return
        slept = 0.0
        while slept < interval and not stopping:
            time.sleep(min(1.0, interval - slept))
            slept += 1.0
        if stopping:
            return


@notify_cli.command("status")
def status_command() -> None:
    """Show how many messages are waiting, sent and given up."""
    pending = OutboxMessage.sent_at.is_(None) & OutboxMessage.failed_at.is_(None)
    counts = {
        "pending": db.session.scalar(select(func.count()).where(pending)),
        "sent": db.session.scalar(select(func.count()).where(OutboxMessage.sent_at.is_not(None))),
        "given up": db.session.scalar(
            select(func.count()).where(OutboxMessage.failed_at.is_not(None))
        ),
    }
    click.echo(", ".join(f"{name}: {count}" for name, count in counts.items()))
    oldest = db.session.scalar(select(func.min(OutboxMessage.created_at)).where(pending))
    if oldest is not None:
        click.echo(f"oldest waiting since {oldest:%Y-%m-%d %H:%M} UTC")
