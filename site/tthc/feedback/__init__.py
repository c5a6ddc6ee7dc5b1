"""Feedback: phản ánh, kiến nghị with tracking codes, page votes and unit ratings.

Its settings (FEEDBACK_*, RATELIMIT_STORAGE_URI, UPLOAD_DIR) are in tthc/config.py. The staff
area works through tthc.feedback.service.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the citizen pages, the shared rate limiter and the retention command."""
    from tthc.feedback import antiabuse, cli, views, vote_views  # noqa: F401  (routes)
    from tthc.web import ratelimit

    ratelimit.init_app(app)
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.feedback_cli)
    # feedback/_useful.html is included in pages rendered by other features.
    app.jinja_env.globals["feedback_vote_token"] = antiabuse.vote_token
    if not app.testing:
        _compile_templates(app)


def _compile_templates(app: Flask) -> None:
    # gunicorn preloads the app: templates compiled here are shared by every forked worker, so
    # a restarted worker answers its first citizen as fast as the others.
    for name in (
        "base.html",
        "feedback/_fields.html",
        "feedback/form.html",
        "feedback/status.html",
        "feedback/not_found.html",
        "feedback/unavailable.html",
    ):
        app.jinja_env.get_template(name)
