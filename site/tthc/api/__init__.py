"""Open data: the JSON API under /api/v1, JSON-LD on procedure pages, sitemap, feeds, OpenSearch."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the API, the discovery documents and the feeds, and the head-link helpers."""
    from tthc.api import discovery, feeds, jsonld, search, views  # noqa: F401  # routes on views.bp
    from tthc.web import ratelimit

    ratelimit.init_app(app)
    app.register_blueprint(views.bp)
    app.jinja_env.globals.update(
        page_links=discovery.page_links, procedure_json_ld=jsonld.procedure_json_ld
    )
