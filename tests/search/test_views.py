"""The results page and the JSON API: highlights, filters, pagination, junk input, zero results."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import Page

from tthc import search as engine_module
from tthc.catalog import get_catalog
from tthc.search import zero_results
from tthc.search.highlight import highlight


def codes_on(page) -> list[str]:
    return [a["href"].split("/")[2] for a in page.select(".search-hit-title")]


def test_results_page_shows_hits_with_highlights_and_facts(get_page):
    page = get_page("/tim-kiem?q=dang+ky+thuong+tru")
    assert page.status == 200
    first = page.select_one(".search-hit")
    assert first.select_one("a")["href"] == "/thu-tuc/1.004222/dang-ky-thuong-tru"
    assert first.select_one("mark").text == "Đăng ký thường trú"
    meta = " ".join(first.select_one(".proc-meta").text.split())
    assert "Cư trú" in meta and "Cấp xã" in meta
    facts = first.select(".proc-meta")[1].text
    assert "ngày làm việc" in facts and "₫" in facts
    assert "1.004222" in first.text
    assert "Tìm thấy" in page.text(".result-count")
    assert page.select_one("input[name=q]")["value"] == "dang ky thuong tru"


def test_typo_gets_a_suggestion_with_accents(get_page):
    page = get_page("/tim-kiem?q=dang+ky+thuongg+tru")
    link = page.select_one(".did-you-mean a")
    assert link.text == "đăng ký thường trú"
    assert parse_qs(urlparse(link["href"]).query)["q"] == ["đăng ký thường trú"]
    assert codes_on(page)[0] == "1.004222"


def test_decomposed_query_finds_the_same(get_page):
    nfd = unicodedata.normalize("NFD", "đăng ký tạm trú")
    assert codes_on(get_page("/tim-kiem", query_string={"q": nfd}))[0] == "1.004194"


def test_empty_query_gets_a_helpful_page(get_page):
    for url in ["/tim-kiem", "/tim-kiem?q=", "/tim-kiem?q=+++"]:
        page = get_page(url)
        assert page.status == 200
        assert page.select_one(".search-help")
        assert page.select(".field-list a")
        assert not page.select(".search-hit")


def test_nothing_found_gets_help_not_an_error(get_page):
    page = get_page("/tim-kiem?q=qqqqzzzz+xxxxyyyy")
    assert page.status == 200
    assert "Không tìm thấy" in page.text(".result-count")
    assert page.select_one(".search-help")


def test_markup_in_the_query_is_escaped(client):
    response = client.get("/tim-kiem", query_string={"q": '<script>alert(1)</script> "cccd'})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;" in body


def test_highlight_escapes_then_marks():
    html = highlight('Xác nhận <b>thông tin</b> & "dữ liệu"', {"thong", "tin"})
    assert str(html) == (
        "Xác nhận &lt;b&gt;<mark>thông tin</mark>&lt;/b&gt; &amp; &#34;dữ liệu&#34;"
    )
    assert str(highlight("Cộng hoà", {"hoa"})) == "Cộng <mark>hoà</mark>"


def test_level_filter(app, get_page):
    page = get_page("/tim-kiem?q=can+cuoc&level=tinh")
    codes = codes_on(page)
    assert codes
    with app.app_context():
        catalog = get_catalog()
        assert all("tinh" in [lv.value for lv in catalog.get(c).levels] for c in codes)
    selected = page.select_one(".search-filters a[aria-current]")
    assert "Cấp tỉnh" in selected.text
    assert "level" not in parse_qs(urlparse(selected["href"]).query)


def test_field_and_online_filters_are_plain_links(app, get_page):
    page = get_page("/tim-kiem?q=dang+ky")
    links = {a.text.split("(")[0].strip(): a["href"] for a in page.select(".search-filters a")}
    field_page = get_page(links["Cư trú"])
    with app.app_context():
        catalog = get_catalog()
        assert all(catalog.get(c).field == "cu-tru" for c in codes_on(field_page))
        online_page = get_page(links["Nộp trực tuyến được"])
        for code in codes_on(online_page):
            procedure = catalog.get(code)
            assert procedure.online_service or any(
                o.channel.value == "truc_tuyen" for o in procedure.channels
            )


def test_unknown_filter_values_are_ignored(get_page):
    page = get_page("/tim-kiem?q=tam+tru&level=huyen&field=khong-co&online=maybe&page=abc")
    assert page.status == 200
    assert codes_on(page)
    assert not page.select(".search-filters a[aria-current]")


def test_pagination(get_page):
    first = get_page("/tim-kiem?q=cap")
    second_link = first.select_one(".pagination a[rel=next]")
    second = get_page(second_link["href"])
    assert second.status == 200
    assert set(codes_on(first)).isdisjoint(codes_on(second))
    assert second.select_one(".search-results")["start"] == "11"
    far = get_page("/tim-kiem?q=cap&page=999999")
    assert far.status == 200
    assert "Trang này không có kết quả" in far.text("main")


def test_page_includes_the_suggest_script_without_inline_code(get_page):
    page = get_page("/tim-kiem?q=cccd")
    scripts = page.select("script")
    assert [s.get("src") for s in scripts] == ["/static/js/combobox.js", "/static/js/suggest.js"]
    assert scripts[1]["data-api"] == "/api/v1/search"
    assert all(not s.string for s in scripts)
    assert not page.select("[style]")


def test_api_shape(client):
    response = client.get("/api/v1/search?q=dang+ky+thuongg+tru")
    assert response.status_code == 200
    data = response.get_json()
    assert set(data) == {"query", "suggestion", "total", "results"}
    assert data["query"] == "dang ky thuongg tru"
    assert data["suggestion"] == "đăng ký thường trú"
    assert data["total"] >= 1
    first = data["results"][0]
    assert set(first) == {"code", "name", "name_translated", "url", "field", "level", "score"}
    assert first["name_translated"] is None  # Vietnamese: the official name is the name
    assert first["code"] == "1.004222"
    assert first["name"] == "Đăng ký thường trú"
    assert first["url"] == "https://tthc.example.gov.vn/thu-tuc/1.004222/dang-ky-thuong-tru"
    assert first["field"] == "cu-tru"
    assert first["level"] == ["xa"]
    assert first["score"] > data["results"][1]["score"]
    assert "đăng" in response.get_data(as_text=True)  # UTF-8, not \\u escapes


def test_api_filters(client):
    data = client.get("/api/v1/search?q=can+cuoc&level=xa&field=can-cuoc&online=1").get_json()
    assert data["results"]
    assert all(r["field"] == "can-cuoc" and "xa" in r["level"] for r in data["results"])


def test_api_suggestions_complete_the_last_word(client):
    data = client.get("/api/v1/search?q=dang+ky+tam+t&suggest=1").get_json()
    assert "1.004194" in [r["code"] for r in data["results"]][:3]
    assert len(data["results"]) <= 10


def test_api_empty_query(client):
    data = client.get("/api/v1/search").get_json()
    assert data == {"query": "", "suggestion": None, "total": 0, "results": []}


junk = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300
) | st.sampled_from(["*", "AND", "OR NOT", '"', "title:x", "~", "a*b?", "\x00", "%", "(", "1.0042"])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=junk, page=st.text(max_size=8), level=st.text(max_size=8))
def test_any_input_gets_a_page_never_an_error(client, query, page, level):
    args = {"q": query, "page": page, "level": level, "field": query[:20]}
    response = client.get("/tim-kiem", query_string=args)
    assert response.status_code == 200
    Page(response)
    api = client.get("/api/v1/search", query_string={**args, "suggest": "1"})
    assert api.status_code == 200
    json.loads(api.get_data(as_text=True))
    assert client.get("/api/v1/search", query_string=args).status_code == 200


def test_zero_result_searches_are_counted_without_personal_data(small_app):
    client = small_app.test_client()
    for _ in range(2):
        client.get("/tim-kiem?q=Giấy+Phép+Bay++Flycam", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    client.get("/api/v1/search?q=giấy+phép+bay+flycam")
    client.get("/api/v1/search?q=flyc&suggest=1")  # still typing: not counted
    client.get("/tim-kiem?q=dang+ky")  # found something: not counted
    client.get("/tim-kiem?q=flycam&level=tinh")  # filtered: not counted
    rows = zero_results.top(small_app.instance_path)
    assert rows == [("giấy phép bay flycam", 3)]
    stored = Path(small_app.instance_path, zero_results.FILE_NAME).read_text("utf-8")
    assert "203.0.113.9" not in stored


def test_zero_results_are_bounded_and_skip_punctuation(tmp_path, monkeypatch):
    monkeypatch.setattr(zero_results, "MAX_DISTINCT", 2)
    for query in ["a", "!!!", "  ", "b", "c", "a"]:
        zero_results.record(tmp_path, query)
    assert zero_results.top(tmp_path) == [("a", 2), ("b", 1)]


def test_alias_people_searched_by_is_shown(small_app):
    page = Page(small_app.test_client().get("/tim-kiem?q=the+can+cuoc+het+han"))
    first = page.select_one(".search-hit")
    assert "2.001195" in first.select_one("a")["href"]
    alias = first.select_one(".search-hit-alias")
    assert " ".join(alias.text.split()) == "Còn gọi là: thẻ căn cước hết hạn"
    assert [m.text for m in alias.select("mark")] == ["thẻ căn cước hết hạn"]


def test_one_client_cannot_flood_the_zero_results_list(tmp_path):
    from tests.conftest import make_app

    from search.conftest import FIXTURE

    app = make_app(
        tmp_path,
        PROCEDURES_DIR=str(FIXTURE),
        RATELIMIT_ENABLED=True,
        SEARCH_ZERO_RESULT_LIMIT="3 per hour",
    )
    client = app.test_client()
    flooder = {"REMOTE_ADDR": "203.0.113.66"}
    for i in range(10):
        client.get(f"/tim-kiem?q=rac+{i}+xyzzy", environ_base=flooder)
    for _ in range(5):
        client.get("/tim-kiem?q=xyzzy+lap+lai", environ_base=flooder)
    client.get("/tim-kiem?q=giay+phep+bay+flycam", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    rows = dict(zero_results.top(app.instance_path))
    assert len(rows) == 4  # three from the flooder, then only the other citizen's
    assert "xyzzy lap lai" not in rows
    assert rows["giay phep bay flycam"] == 1
    # The search itself still answers the flooder.
    assert client.get("/tim-kiem?q=rac+99", environ_base=flooder).status_code == 200


def test_searches_are_memoised_apart_from_pages_but_zero_results_always_count(
    tmp_path, monkeypatch
):
    from tests.conftest import make_app

    from search.conftest import FIXTURE

    app = make_app(
        tmp_path, PROCEDURES_DIR=str(FIXTURE), HTTP_MEMO_ENTRIES=10, HTTP_MEMO_SEARCH_ENTRIES=10
    )
    client = app.test_client()
    calls = []
    search = engine_module.search
    monkeypatch.setattr(engine_module, "search", lambda *a, **k: calls.append(a) or search(*a, **k))
    first = client.get("/tim-kiem?q=dang+ky+thuong+tru")
    again = client.get("/tim-kiem?q=dang+ky+thuong+tru")
    assert first.status_code == again.status_code == 200
    assert len(calls) == 1  # the second one came from the memo
    assert first.get_data() != b"" and again.headers["ETag"] == first.headers["ETag"]
    assert len(app.extensions["http_memo_search"]) == 1
    assert len(app.extensions["http_memo"]) == 0  # pages keep their own memo
    for _ in range(3):
        client.get("/tim-kiem?q=giay+phep+bay+flycam")
    assert dict(zero_results.top(app.instance_path))["giay phep bay flycam"] == 3
    assert len(app.extensions["http_memo_search"]) == 1
