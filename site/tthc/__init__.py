"""TTHC: the public catalogue of a provincial police force's administrative procedures."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from tthc.config import PROJECT_ROOT, configure


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the application: configuration first, then each feature in dependency order."""
    from tthc import (
        admin,
        api,
        catalog,
        db,
        export,
        feedback,
        figures,
        formatting,
        i18n,
        notify,
        official,
        qr,
        search,
    )
    from tthc.web import assets, errors, form_errors, health, http_cache, security

    app = Flask(
        __name__,
        instance_path=(config or {}).get("INSTANCE_PATH")
        or os.environ.get("INSTANCE_PATH", str(PROJECT_ROOT / "instance")),
        static_folder=None,
    )
    configure(app, config)
    assets.init_app(app)
    i18n.init_app(app)
    formatting.init_app(app)
    official.init_app(app)
    catalog.init_app(app)
    db.init_app(app)
    search.init_app(app)
    qr.init_app(app)
    feedback.init_app(app)
    figures.init_app(app)
    admin.init_app(app)
    notify.init_app(app)
    api.init_app(app)
    errors.init_app(app)
    form_errors.init_app(app)
    security.init_app(app)
    http_cache.init_app(app)
    health.init_app(app)
    export.init_app(app, factory=create_app)  # the export's private copy of the app
    return app
