"""The staff area (/quan-tri): accounts, feedback inbox, exports, scan counts, audit log."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the staff blueprint, its models and the `flask staff` commands."""
    from tthc.admin import (  # noqa: F401
        account_views,
        cli,
        editor_views,
        feedback_views,
        models,
        report_views,
        roles,
        views,
    )

    app.register_blueprint(views.bp)
    # Pages under /quan-tri from another blueprint get the same login and role check.
    app.before_request(roles.guard_other_staff_paths)
    # current_staff(), has_role(), can_open(), staff_nav() … in every template
    app.jinja_env.globals.update(roles.TEMPLATE_GLOBALS)
    # App-level, registered before the HTTP cache policy: after_request hooks run in reverse
    # order, so this one has the last word on the staff pages' headers.
    app.after_request(views.staff_headers)
    app.cli.add_command(cli.staff_cli)
