"""`flask feedback …`: the retention job."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from tthc.feedback import service

feedback_cli = AppGroup("feedback", help="Feedback (phản ánh, kiến nghị).")


@feedback_cli.command("purge")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=None,
    help="Days after closing (default: FEEDBACK_RETENTION_DAYS).",
)
def purge_command(days: int | None) -> None:
    """Remove personal data and photos of submissions closed more than N days ago."""
    days = current_app.config["FEEDBACK_RETENTION_DAYS"] if days is None else days
    count = service.purge(days)
    click.echo(f"Removed personal data of {count} submission(s) closed more than {days} days ago.")
