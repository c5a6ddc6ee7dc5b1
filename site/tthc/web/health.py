"""Health check for load balancers and monitoring: catalogue, search index and database state."""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, Flask, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from tthc.extensions import db

bp = Blueprint("health", __name__)


def database_state() -> dict[str, Any]:
    """Run a trivial query; report whether it worked and how long it took."""
    started = time.perf_counter()
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        current_app.logger.warning("health: database unreachable: %s", error.__class__.__name__)
        return {"ok": False, "backend": db.engine.dialect.name, "error": error.__class__.__name__}
    elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    return {"ok": True, "backend": db.engine.dialect.name, "latency_ms": elapsed_ms}


def index_state() -> dict[str, Any]:
    """Report the search index state; a broken index shows up here instead of crashing."""
    from tthc import search

    try:
        state = search.index_state()
    except Exception as error:
        current_app.logger.warning("health: index state failed: %r", error)
        return {"ok": False, "error": error.__class__.__name__}
    return {"ok": bool(state.get("ok", True)), **state}


def catalog_state() -> dict[str, Any]:
    from tthc.catalog import get_catalog

    catalog = get_catalog()
    return {
        "version": catalog.version,
        "procedures": len(catalog),
        "active": len(catalog.active),
    }


@bp.get("/healthz")
def healthz():
    database = database_state()
    index = index_state()
    body = {
        "status": "ok" if database["ok"] and index["ok"] is not False else "degraded",
        "catalog": catalog_state(),
        "index": index,
        "database": database,
    }
    if not database["ok"]:
        body["status"] = "unavailable"
    # Only the database makes us useless for writes; a stale index still serves pages.
    return jsonify(body), 200 if database["ok"] else 503


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
