"""The index inside the app: built at start, rebuilt when the fingerprint changes, opened per
worker process."""

from __future__ import annotations

import os
import shutil

from tests.conftest import make_app

from tthc.search.index import current_build

from .conftest import FIXTURE


def copy_fixture(tmp_path):
    target = tmp_path / "procedures"
    shutil.copytree(FIXTURE, target)
    return target


def test_apps_on_the_same_catalogue_share_one_build(tmp_path):
    procedures = copy_fixture(tmp_path)
    index_dir = tmp_path / "shared-index"
    first = make_app(tmp_path / "a", PROCEDURES_DIR=str(procedures), INDEX_DIR=str(index_dir))
    second = make_app(tmp_path / "b", PROCEDURES_DIR=str(procedures), INDEX_DIR=str(index_dir))
    assert first.extensions["search"].build == second.extensions["search"].build


def test_editing_synonyms_rebuilds_at_next_start(tmp_path):
    procedures = copy_fixture(tmp_path)
    index_dir = tmp_path / "index"
    before = make_app(tmp_path / "a", PROCEDURES_DIR=str(procedures), INDEX_DIR=str(index_dir))
    client = before.test_client()
    assert client.get("/api/v1/search?q=flycam").get_json()["total"] == 0

    text = (procedures / "synonyms.yaml").read_text("utf-8")
    text = text.replace("terms:\n", "terms:\n  flycam: [đăng ký tạm trú]\n")
    (procedures / "synonyms.yaml").write_text(text, "utf-8")

    after = make_app(tmp_path / "b", PROCEDURES_DIR=str(procedures), INDEX_DIR=str(index_dir))
    assert after.extensions["search"].build != before.extensions["search"].build
    assert current_build(index_dir) == after.extensions["search"].build
    data = after.test_client().get("/api/v1/search?q=flycam").get_json()
    assert data["results"][0]["code"] == "1.004194"
    # The app started before the edit keeps serving its own build.
    assert client.get("/api/v1/search?q=tam+tru").get_json()["total"] >= 1


def test_editing_a_procedure_rebuilds_at_next_start(tmp_path):
    procedures = copy_fixture(tmp_path)
    index_dir = tmp_path / "index"
    before = make_app(tmp_path / "a", PROCEDURES_DIR=str(procedures), INDEX_DIR=str(index_dir))
    path = procedures / "cu-tru" / "1.004194-dang-ky-tam-tru.yaml"
    path.write_text(path.read_text("utf-8").replace("Đăng ký tạm trú", "Đăng ký lưu trú"), "utf-8")
    after = make_app(tmp_path / "b", PROCEDURES_DIR=str(procedures), INDEX_DIR=str(index_dir))
    assert after.extensions["search"].build != before.extensions["search"].build
    hits = after.test_client().get("/api/v1/search?q=luu+tru").get_json()["results"]
    assert hits[0]["name"] == "Đăng ký lưu trú"


def test_reader_is_opened_lazily_and_again_after_fork(small_app, monkeypatch):
    service = small_app.extensions["search"]
    assert service._reader is None  # nothing opened at start: workers open after fork
    first = service.reader
    assert service.reader is first
    monkeypatch.setattr(os, "getpid", lambda: first.pid + 1)
    second = service.reader
    assert second is not first
    assert second.pid == first.pid + 1
    assert second.build == first.build


def test_a_pruned_build_is_rebuilt_when_a_worker_opens_it(small_app):
    service = small_app.extensions["search"]
    shutil.rmtree(service.build)
    data = small_app.test_client().get("/api/v1/search?q=cccd").get_json()
    assert data["total"] >= 1
    assert service.build.is_dir()


def test_index_state_for_the_health_check(small_app):
    from tthc.search import index_state

    with small_app.app_context():
        build = small_app.extensions["search"].build
        assert index_state() == {"ok": True, "build": build.name}
        shutil.rmtree(build)
        assert index_state() == {"ok": False, "build": build.name}
