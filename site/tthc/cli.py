"""Entry point for the `tthc` command: the Flask CLI bound to create_app."""

from flask.cli import FlaskGroup

from tthc import create_app


def main() -> None:
    FlaskGroup(create_app=lambda: create_app()).main(prog_name="tthc")
