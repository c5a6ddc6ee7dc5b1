"""Search fixtures: a small catalogue with deterministic edge cases, its index and its app."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import make_app

from tthc.catalog import load_catalog
from tthc.search.index import build_index
from tthc.search.reader import IndexReader
from tthc.search.synonyms import load_synonyms

FIXTURE = Path(__file__).parent / "fixture"


@pytest.fixture(scope="session")
def small_catalog():
    return load_catalog(FIXTURE)


@pytest.fixture(scope="session")
def small_synonyms():
    return load_synonyms(FIXTURE / "synonyms.yaml")


@pytest.fixture(scope="session")
def small_reader(tmp_path_factory, small_catalog, small_synonyms):
    index_dir = tmp_path_factory.mktemp("small-index")
    return IndexReader(build_index(small_catalog, small_synonyms, index_dir))


@pytest.fixture
def small_app(tmp_path):
    """An app of its own on the small catalogue: tests may write to its instance folder."""
    return make_app(tmp_path, PROCEDURES_DIR=str(FIXTURE))
