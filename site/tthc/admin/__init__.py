"""The staff area (/quan-tri), one subpackage per job, all on one blueprint (blueprint.py):

- accounts/: who the staff are and how they sign in (Flask-Login, throttles, passwords), their
  roles and units, the audit log page, the `flask staff` commands.
- feedback/: the inbox of phản ánh, kiến nghị, a submission's page and what staff do with it,
  the CSV export. It reads and writes feedback only through tthc.feedback.service.
- catalog/: drafts of procedures (the editor), the national-portal import, posters to print.
- reports/: counts without personal data: QR scans, ratings, the yearly report.

Shared by them, at this level: models.py (accounts, login attempts, audit log), roles.py (who may
open which route), audit.py (writing the log), forms.py (the CSRF-only form), helpers.py
(template helpers), exports.py (spreadsheet-safe CSV).

Imports go one way: models <- accounts.auth (who is logged in) <- audit <- roles <- blueprint <-
the views. feedback/, catalog/ and reports/ use those shared modules, never each other.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the staff blueprint, its models, Flask-Login and the `flask staff` commands."""
    from tthc.admin import models, roles  # noqa: F401
    from tthc.admin.accounts import account_views, auth, cli, views  # noqa: F401
    from tthc.admin.blueprint import bp
    from tthc.admin.catalog import editor_views, poster_views  # noqa: F401
    from tthc.admin.feedback import handling  # noqa: F401
    from tthc.admin.feedback import views as feedback_views  # noqa: F401
    from tthc.admin.reports import views as report_views  # noqa: F401
    from tthc.admin.reports import yearly_views  # noqa: F401

    auth.init_app(app)
    app.register_blueprint(bp)
    # Pages under /quan-tri from another blueprint get the same login and role check.
    app.before_request(roles.guard_other_staff_paths)
    # current_staff(), has_role(), can_open(), staff_nav() … in every template
    app.jinja_env.globals.update(roles.TEMPLATE_GLOBALS)
    app.cli.add_command(cli.staff_cli)
