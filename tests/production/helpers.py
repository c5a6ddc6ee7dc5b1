"""Helpers shared by the production tests."""

from __future__ import annotations

from pathlib import Path

from flask import render_template_string

FIXTURE_CATALOG = Path(__file__).parent / "fixtures" / "procedures"
NONCE_PAGE = '<!doctype html><p>x</p><script nonce="{{ csp_nonce() }}">var a = 1;</script>' + (
    "<p>padding so the page is worth compressing</p>" * 20
)


def add_nonce_page(app) -> None:
    """Add a public page with an inline script, as a feature might."""
    app.add_url_rule(
        "/_test/nonce",
        endpoint="catalog.test_nonce_page",  # a catalogue endpoint: public and cacheable
        view_func=lambda: render_template_string(NONCE_PAGE),
    )
