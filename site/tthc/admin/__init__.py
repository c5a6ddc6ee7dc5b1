"""Feature package 'admin' (being built: see issues)."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Bind this feature to the app."""
