"""/healthz: catalogue version, index state and database reachability."""

from __future__ import annotations

from sqlalchemy import create_engine

from production.helpers import FIXTURE_CATALOG
from support import make_app
from tthc.catalog import load_catalog
from tthc.extensions import db


def test_healthy(prod_client):
    response = prod_client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] in {"ok", "degraded"}
    assert body["catalog"]["version"] == load_catalog(FIXTURE_CATALOG).version
    assert body["catalog"]["procedures"] == 4
    assert body["catalog"]["active"] == 2
    assert body["database"] == {
        "ok": True,
        "backend": "sqlite",
        "latency_ms": body["database"]["latency_ms"],
    }
    assert "ok" in body["index"]
    assert response.headers["Cache-Control"] == "no-store"


def test_database_unreachable_answers_503(tmp_path):
    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURE_CATALOG))
    # Swap the engine for one whose file cannot exist, as if the database server were gone.
    broken = create_engine(f"sqlite:///{tmp_path / 'missing-folder' / 'x.db'}")
    with app.app_context():
        db._app_engines[app][None] = broken
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["database"]["ok"] is False
    assert body["database"]["error"] == "OperationalError"
    assert "missing-folder" not in response.get_data(as_text=True)  # no internals leak out
    broken.dispose()


def test_index_state_comes_from_the_search_feature(prod_client, monkeypatch):
    import tthc.search

    monkeypatch.setattr(
        tthc.search, "index_state", lambda: {"ok": False, "documents": 0}, raising=False
    )
    body = prod_client.get("/healthz").get_json()
    assert body["index"] == {"ok": False, "documents": 0}
    assert body["status"] == "degraded"

    def broken():
        raise RuntimeError("index folder vanished")

    monkeypatch.setattr(tthc.search, "index_state", broken, raising=False)
    response = prod_client.get("/healthz")
    assert response.status_code == 200  # pages still work without the index
    assert response.get_json()["index"] == {"ok": False, "error": "RuntimeError"}


def test_index_state_without_a_report_checks_the_index_folder(prod_app, prod_client):
    body = prod_client.get("/healthz").get_json()
    build = prod_app.extensions["search"].build
    assert body["index"] == {"ok": True, "build": build.name}
