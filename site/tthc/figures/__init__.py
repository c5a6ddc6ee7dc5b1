"""Public figures (/so-lieu): feedback handled, opinions and QR scans, with no personal data."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tthc.figures import views

    app.register_blueprint(views.bp)
