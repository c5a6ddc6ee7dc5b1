"""Fixtures of the API tests: the small page fixture catalogue (dated changes, fee windows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import make_app

FIXTURES = Path(__file__).resolve().parents[1] / "catalog" / "fixtures" / "pages"


@pytest.fixture(scope="module")
def small_app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("api"), PROCEDURES_DIR=str(FIXTURES))


@pytest.fixture
def small(small_app):
    return small_app.test_client()
