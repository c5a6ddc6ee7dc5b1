"""The staff area (/quan-tri): accounts, feedback inbox, exports, scan counts, audit log."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the staff blueprint, its models and the `flask staff` commands."""
    from tthc.admin import cli, feedback_views, models, report_views, views  # noqa: F401

    app.register_blueprint(views.bp)
    # App-level, registered before the HTTP cache policy: after_request hooks run in reverse
    # order, so this one has the last word on the staff pages' headers.
    app.after_request(views.staff_headers)
    app.cli.add_command(cli.staff_cli)
