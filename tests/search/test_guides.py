"""Life-event queries show the matching guide before the procedures."""

from __future__ import annotations

import pytest

from tthc.catalog import get_catalog
from tthc.search.guides import match_guides


@pytest.fixture(scope="module")
def guides(app):
    with app.app_context():
        return get_catalog().guides


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("chuyen nha", "chuyen-nha"),
        ("chuyển nhà", "chuyen-nha"),
        ("mua xe cu", "mua-ban-xe"),
        ("MUA XE CŨ", "mua-ban-xe"),
        ("sinh con", "sinh-con"),
        ("di nuoc ngoai", "di-nuoc-ngoai"),
        ("mat can cuoc", "mat-giay-to"),
        ("mo karaoke", "mo-co-so-kinh-doanh"),
        ("khai bao tam tru nguoi nuoc ngoai", "nguoi-nuoc-ngoai"),
    ],
)
def test_life_event_query_shows_its_guide_first(get_page, query, slug):
    page = get_page("/tim-kiem", query_string={"q": query})
    assert page.status == 200
    box = page.select_one(".guide-hits")
    assert box is not None, f"no guide for {query!r}"
    assert box.select_one("a")["href"] == f"/huong-dan/{slug}"
    # Before the procedures: the first thing after the count and above the list.
    order = [node for node in page.select(".guide-hits, .search-results")]
    assert order[0] is box


@pytest.mark.parametrize("query", ["dang ky thuong tru", "cccd", "chuyen", "xe", "1.004222"])
def test_procedure_queries_show_no_guide(get_page, query):
    assert get_page("/tim-kiem", query_string={"q": query}).select(".guide-hits") == []


def test_matching_needs_the_whole_keyword_in_order(guides):
    assert [g.slug for g in match_guides(guides, "toi can lam gi khi chuyen nha")] == ["chuyen-nha"]
    assert match_guides(guides, "nha chuyen") == []
    assert match_guides(guides, "") == []
    assert match_guides(guides, "!!!") == []


def test_the_longest_keyword_wins_and_at_most_two_guides_show(guides):
    # "mất hộ chiếu" (lost papers) is longer than "hộ chiếu" alone would be for travelling.
    assert match_guides(guides, "mat ho chieu")[0].slug == "mat-giay-to"
    assert len(match_guides(guides, "chuyen nha sinh con mua xe")) == 2
