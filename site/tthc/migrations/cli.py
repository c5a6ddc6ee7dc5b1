"""`flask db …`: upgrade, show and check the schema, and write new revisions."""

from __future__ import annotations

import click
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from flask.cli import AppGroup

from tthc.extensions import db
from tthc.migrations import (
    COMPARE_OPTIONS,
    alembic_config,
    current_heads,
    import_all_models,
    script_heads,
)

db_cli = AppGroup("db", help="Database schema (Alembic migrations).")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def upgrade_command(revision: str) -> None:
    """Upgrade the database to a revision (the latest by default)."""
    with db.engine.connect() as connection:
        command.upgrade(alembic_config(connection), revision)
        connection.commit()
    click.echo(f"Database at {revision}.")


@db_cli.command("current")
def current_command() -> None:
    """Show the revision the database is at."""
    with db.engine.connect() as connection:
        heads = current_heads(connection)
    click.echo(", ".join(sorted(heads)) or "(empty database)")
    click.echo("up to date" if heads == script_heads() else "needs `flask db upgrade`")


@db_cli.command("check")
def check_command() -> None:
    """Fail when the models differ from what the migrations create."""
    import_all_models()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=COMPARE_OPTIONS)
        diff = compare_metadata(context, db.metadata)
    if diff:
        for item in diff:
            click.echo(f"  {item}")
        raise click.ClickException("The models and the migrations differ: write a revision.")
    click.echo("Models and migrations match.")


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def revision_command(message: str) -> None:
    """Write a new revision from the difference between the models and the database."""
    with db.engine.connect() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True)
        connection.commit()
