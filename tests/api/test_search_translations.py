"""The search API names each hit in the request's language beside the official Vietnamese."""

from __future__ import annotations

import pytest

from tthc.api.models import SearchResults


@pytest.mark.parametrize("suggest", ["1", "0"])
def test_hits_in_english_carry_the_translated_name(client, suggest):
    url = f"/api/v1/search?q=the+can+cuoc&suggest={suggest}"
    english = client.get(url, headers={"Accept-Language": "en"})
    body = SearchResults.model_validate(english.get_json())
    assert body.results
    hit = next(h for h in body.results if h.code == "1.014064")
    assert hit.name.startswith("Cấp lại thẻ căn cước")
    assert hit.name_translated == "Re-issue a lost identity card (ID card)"
    assert "Accept-Language" in english.headers.get("Vary", "")
    assert "Set-Cookie" not in english.headers  # suggest.js sends no cookie: no cookie is set


def test_hits_in_vietnamese_have_no_translated_name(client):
    body = client.get("/api/v1/search?q=the+can+cuoc&suggest=1", headers={"Accept-Language": "vi"})
    results = body.get_json()["results"]
    assert results and all(hit["name_translated"] is None for hit in results)


def test_the_language_switch_picks_the_khmer_name(client):
    body = client.get("/api/v1/search?q=the+can+cuoc&lang=km").get_json()
    hit = next(h for h in body["results"] if h["code"] == "1.014064")
    assert hit["name_translated"] == "ចេញអត្តសញ្ញាណប័ណ្ណឡើងវិញ ពេលបាត់"
