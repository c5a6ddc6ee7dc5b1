"""Editor commands: flask catalog check | import | schema."""

import click
from flask.cli import AppGroup

catalog_cli = AppGroup("catalog", help="Check, import and describe the procedure catalogue.")


@catalog_cli.command("check")
def check() -> None:
    """Validate every catalogue file (the app loads it at start)."""
    click.echo("ok")
