"""The procedure catalogue: records loaded from YAML, pages, and editor commands."""

from __future__ import annotations

from flask import Flask, current_app

from tthc.catalog.catalog import Catalog
from tthc.catalog.loader import CatalogError, load_catalog

__all__ = ["Catalog", "CatalogError", "get_catalog", "init_app", "load_catalog"]


def get_catalog() -> Catalog:
    """Return the catalogue in force for the current app: the one accessor every view uses.

    The bundled baseline overlaid with the published revisions (tthc/catalog/store.py); it
    never queries the database on the request's path.
    """
    return current_app.extensions["catalog_store"].current()


def init_app(app: Flask) -> None:
    """Load and validate the catalogue; an invalid catalogue stops the start with its errors."""
    from tthc.catalog import cli, guide_views, revisions, views  # noqa: F401 - routes, tables
    from tthc.catalog.store import CatalogStore

    catalog = load_catalog(app.config["PROCEDURES_DIR"])
    # Seconds between two looks at the database's revision number; None: only on publish here.
    app.config.setdefault("CATALOG_RELOAD_SECONDS", None if app.testing else 10)
    app.extensions["catalog_store"] = CatalogStore(app, catalog)
    app.extensions["catalog"] = catalog  # the bundled baseline, as loaded from YAML
    if app.config["SITE_URL"] is None:
        app.config["SITE_URL"] = str(catalog.agency.site_url).rstrip("/")
    app.config["SITE_URL"] = app.config["SITE_URL"].rstrip("/")
    app.jinja_env.globals["agency"] = catalog.agency
    app.jinja_env.globals["catalog_version"] = catalog.version
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.catalog_cli)
