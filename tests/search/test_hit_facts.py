"""A search hit's facts line (field, levels, time, fees) is rendered once per procedure, language,
day and catalogue version, and never outlives any of them."""

from __future__ import annotations

import datetime as dt

from support import FIXED_TODAY, Page, make_app, publish_fee_revision
from tthc.catalog.store import catalog_store
from tthc.search import hit_facts

CODE = "1.014064"  # Cấp lại thẻ căn cước
TEST_AMOUNT = 12345  # a fixture value, not a real fee


def facts_of(client, query: str, code: str = CODE, **params) -> str:
    page = Page(client.get("/tim-kiem", query_string={"q": query, **params}))
    for hit in page.select(".search-hit"):
        if code in hit.select_one(".proc-id").text:
            return " ".join(" ".join(span.text.split()) for span in hit.select(".proc-meta"))
    raise AssertionError(f"{code} is not among the hits for {query!r}")


def revise_fee(app, applies_from: dt.date | None = None) -> None:
    publish_fee_revision(app, CODE, TEST_AMOUNT, applies_from)
    with app.app_context():
        # True when today's catalogue changed: not yet for a fee in force from a later day.
        assert catalog_store().refresh() is (applies_from is None)


def test_a_new_query_reuses_the_line_and_highlights_its_own_words(tmp_path, monkeypatch):
    app = make_app(tmp_path)
    client = app.test_client()
    rendered = []
    real = hit_facts.get_template_attribute

    def counting(*names):
        macro = real(*names)
        return lambda *args: rendered.append(args[0].code) or macro(*args)

    monkeypatch.setattr(hit_facts, "get_template_attribute", counting)
    first = facts_of(client, "cap lai the can cuoc")
    assert "Căn cước" in first and "35.000" in first and "ngày làm việc" in first
    assert CODE in rendered
    rendered.clear()
    page = Page(client.get("/tim-kiem", query_string={"q": "the can cuoc cap lai"}))
    hit = next(h for h in page.select(".search-hit") if CODE in h.text)
    assert [mark.text for mark in hit.select(".search-hit-title mark")]  # this query's words
    assert CODE not in rendered  # its facts came from the first search
    assert facts_of(client, "the can cuoc cap lai") == first


def test_each_language_has_its_own_line(tmp_path):
    client = make_app(tmp_path).test_client()
    vietnamese = facts_of(client, "cap lai the can cuoc")
    english = facts_of(client, "cap lai the can cuoc", lang="en")
    assert "ngày làm việc" in vietnamese
    assert "working day" in english and "ngày làm việc" not in english
    assert facts_of(client, "cap lai the can cuoc", lang="vi") == vietnamese


def test_a_published_fee_reaches_the_hits_without_a_restart(tmp_path):
    app = make_app(tmp_path)
    client = app.test_client()
    assert "12.345" not in facts_of(client, "cap lai the can cuoc")
    revise_fee(app)
    assert "12.345" in facts_of(client, "the can cuoc cap lai")


def test_a_fee_in_force_from_tomorrow_shows_from_tomorrow(tmp_path):
    app = make_app(tmp_path)
    client = app.test_client()
    tomorrow = FIXED_TODAY + dt.timedelta(days=1)
    revise_fee(app, applies_from=tomorrow)
    assert "12.345" not in facts_of(client, "cap lai the can cuoc")
    app.config["TODAY"] = tomorrow
    assert "12.345" in facts_of(client, "the can cuoc cap lai")


def test_the_master_renders_every_line_in_every_language_before_fork(tmp_path):
    from tthc.catalog import get_catalog
    from tthc.i18n import LANGUAGES

    app = make_app(tmp_path)
    with app.app_context():
        procedures = len(get_catalog().procedures)
    assert hit_facts.warm(app) == procedures * len(LANGUAGES)
