"""Fixtures of the production tests: an app on a small catalogue with gone procedures."""

from __future__ import annotations

import pytest

from production.helpers import FIXTURE_CATALOG, add_nonce_page
from support import make_app


@pytest.fixture(scope="module")
def prod_app(tmp_path_factory):
    app = make_app(
        tmp_path_factory.mktemp("production"),
        PROCEDURES_DIR=str(FIXTURE_CATALOG),
        HTTP_MEMO_ENTRIES=50,
    )
    add_nonce_page(app)
    return app


@pytest.fixture
def prod_client(prod_app):
    return prod_app.test_client()
