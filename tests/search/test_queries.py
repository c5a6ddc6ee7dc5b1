"""Recall on realistic searches: every query of queries.tsv finds its procedure in the top 3."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from tthc import search
from tthc.catalog import get_catalog

QUERIES = Path(__file__).with_name("queries.tsv")


def load_queries() -> list[tuple[str, str, str]]:
    rows = []
    for line in QUERIES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        query, code, note = (line.split("\t") + [""])[:3]
        rows.append((query, code, note))
    return rows


def test_query_set_is_large_and_varied():
    rows = load_queries()
    assert len(rows) >= 40
    queries = [q for q, _, _ in rows]
    assert any(q != unicodedata.normalize("NFC", q) for q in queries), "an NFD query"
    lowered = " ".join(queries).lower()
    expected = ["cccd", "cmnd", "pccc", "gplx", "lltp", "vneid", "hộ khẩu", "bằng lái", "passport"]
    for word in expected:
        assert word in lowered, word
    assert any("typo" in note for _, _, note in rows)


def test_every_expected_procedure_is_in_the_catalogue(app):
    with app.app_context():
        catalog = get_catalog()
        missing = [code for _, code, _ in load_queries() if catalog.get(code) is None]
    assert missing == []


def test_recall_at_3_is_100_percent(app):
    misses = []
    with app.app_context():
        for query, code, note in load_queries():
            codes = [hit.entry.code for hit in search.search(query, per_page=3).hits]
            if code not in codes:
                misses.append(f"{query!r} ({note}): want {code}, got {codes}")
    assert misses == [], "\n".join(misses)


@pytest.mark.parametrize(
    ("query", "code"),
    [("dang ky thuong tru", "1.004222"), ("1.004222", "1.004222"), ("đăng ký tạm trú", "1.004194")],
)
def test_obvious_queries_rank_first(app, query, code):
    with app.app_context():
        assert search.search(query).hits[0].entry.code == code
