"""An app whose translations are freshly compiled from the .po files."""

from __future__ import annotations

import pytest

from support import make_app

from .catalogues import compile_all


@pytest.fixture(scope="module")
def i18n_app(tmp_path_factory):
    compile_all()
    return make_app(tmp_path_factory.mktemp("i18n"))


@pytest.fixture
def i18n_client(i18n_app):
    return i18n_app.test_client()
