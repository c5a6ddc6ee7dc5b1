"""The procedure catalogue: records loaded from YAML, pages, and editor commands."""

from __future__ import annotations

from flask import Flask, current_app

from tthc.catalog.catalog import Catalog
from tthc.catalog.loader import CatalogError, load_catalog

__all__ = ["Catalog", "CatalogError", "get_catalog", "init_app", "load_catalog"]


def get_catalog() -> Catalog:
    """Return the catalogue loaded for the current app."""
    return current_app.extensions["catalog"]


def init_app(app: Flask) -> None:
    """Load and validate the catalogue; an invalid catalogue stops the start with its errors."""
    from tthc.catalog import cli, guide_views, views  # noqa: F401 - guide_views adds routes

    catalog = load_catalog(app.config["PROCEDURES_DIR"])
    app.extensions["catalog"] = catalog
    if app.config["SITE_URL"] is None:
        app.config["SITE_URL"] = str(catalog.agency.site_url).rstrip("/")
    app.config["SITE_URL"] = app.config["SITE_URL"].rstrip("/")
    app.jinja_env.globals["agency"] = catalog.agency
    app.jinja_env.globals["catalog_version"] = catalog.version
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.catalog_cli)
