"""The Whoosh internals the search reads, confined to one module and checked on every run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from whoosh.codec.whoosh3 import W3LeafMatcher

from tthc.search import whoosh_adapter
from tthc.search.whoosh_adapter import WHOOSH_VERSION, WhooshIncompatible

SITE = Path(whoosh_adapter.__file__).resolve().parents[1]
PRIVATE = re.compile(r"\._(read_ids|read_weights|read_data|next_block|ids|weights)\b|whoosh\.codec")


def test_the_private_internals_the_block_path_reads_are_there():
    try:
        whoosh_adapter.check()
    except WhooshIncompatible as error:
        pytest.fail(f"Whoosh upgrade: {error}")
    assert whoosh_adapter.compatible()


@pytest.mark.parametrize("name", whoosh_adapter.PRIVATE_METHODS)
def test_a_whoosh_without_them_is_named_with_its_version(monkeypatch, name):
    monkeypatch.delattr(W3LeafMatcher, name)
    with pytest.raises(WhooshIncompatible) as raised:
        whoosh_adapter.check()
    assert WHOOSH_VERSION in str(raised.value)
    assert name in str(raised.value)


def test_the_block_path_reads_what_the_public_api_reads_and_falls_back_to_it(
    monkeypatch, small_reader
):
    reader = small_reader.searcher.leaf_searchers()[0][0].reader()
    public = whoosh_adapter.term_postings(reader, "title", "thuong")
    assert public[0]
    assert whoosh_adapter.term_postings(reader, "title", "thuong", block=True) == public
    whoosh_adapter.compatible.cache_clear()
    # As if a release renamed one of them (removing a real one would break Whoosh itself).
    renamed = (*whoosh_adapter.PRIVATE_METHODS, "_read_block_v3")
    monkeypatch.setattr(whoosh_adapter, "PRIVATE_METHODS", renamed)
    try:
        assert not whoosh_adapter.compatible()
        assert whoosh_adapter.term_postings(reader, "title", "thuong", block=True) == public
    finally:
        whoosh_adapter.compatible.cache_clear()


def test_no_other_module_reads_whoosh_internals():
    offenders = [
        str(path.relative_to(SITE))
        for path in SITE.rglob("*.py")
        if path.name != "whoosh_adapter.py" and PRIVATE.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
