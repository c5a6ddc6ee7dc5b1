"""QR codes and printable posters: short links, scan counts, QR images, posters, batch export."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the short links, images and posters, and the `flask qr` commands."""
    from tthc.qr import cli, models, views  # noqa: F401 - models registers the qr_scans table

    app.register_blueprint(views.bp)
    app.cli.add_command(cli.qr_cli)
