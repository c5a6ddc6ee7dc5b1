"""Cache policy by endpoint, weak ETags with 304 on revalidation and the page memo."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import request

from production.helpers import FIXTURE_CATALOG, add_nonce_page
from support import make_app
from tthc.web import http_cache

PAGE = "public, max-age=300, stale-if-error=86400"


def skip_if_personal(response, url):
    if "Set-Cookie" in response.headers:
        pytest.skip(
            f"{url} sets a session cookie (a CSRF token in an embedded form), so it cannot be"
            " shared by caches or frozen; the form must not need a session"
        )


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/thu-tuc/1.004222",
        "/linh-vuc",
        "/linh-vuc/cu-tru",
        "/don-vi",
        "/don-vi/cong-an-cap-xa",
    ],
)
def test_public_pages_are_cacheable_with_a_weak_etag(prod_client, url):
    response = prod_client.get(url)
    assert response.status_code == 200
    skip_if_personal(response, url)
    assert response.headers["Cache-Control"] == PAGE
    etag = response.headers["ETag"]
    assert etag.startswith('W/"')
    assert {"Accept-Language", "Cookie"} <= set(response.vary)

    again = prod_client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    assert prod_client.get(url, headers={"If-None-Match": 'W/"other"'}).status_code == 200


def test_gone_procedure_page_is_cacheable(prod_client):
    response = prod_client.get("/thu-tuc/1.000002")
    assert response.status_code == 410
    assert response.headers["Cache-Control"] == PAGE


@pytest.mark.parametrize(
    "url", ["/phan-anh", "/phan-anh/ABCD-1234", "/quan-tri/dang-nhap", "/healthz", "/q/1.004222"]
)
def test_forms_status_staff_and_short_links_are_never_stored(prod_client, url):
    response = prod_client.get(url)
    assert "no-store" in response.headers["Cache-Control"]
    assert "ETag" not in response.headers


def test_not_found_is_revalidated_not_stored_for_long(prod_client):
    response = prod_client.get("/thu-tuc/9.999999")
    assert response.status_code == 404
    assert response.headers["Cache-Control"] == "no-cache"
    assert "ETag" not in response.headers


def test_search_results_are_cacheable_briefly(prod_client):
    response = prod_client.get("/tim-kiem?q=thuong+tru")
    assert response.headers["Cache-Control"] == "public, max-age=60"


def test_a_response_that_sets_a_cookie_is_private(prod_client):
    response = prod_client.get("/thu-tuc/1.004222?lang=en")
    assert "Set-Cookie" in response.headers
    assert response.headers["Cache-Control"] == "private, no-cache"


def test_qr_images_keep_their_own_long_lived_policy(prod_client):
    response = prod_client.get("/qr/1.004222.png")
    assert response.status_code == 200
    assert "public" in response.headers["Cache-Control"]
    assert "max-age=31536000" in response.headers["Cache-Control"]
    etag = response.headers["ETag"]
    assert prod_client.get("/qr/1.004222.png", headers={"If-None-Match": etag}).status_code == 304


def test_unknown_endpoints_default_to_no_store():
    assert http_cache.policy_for(None) is http_cache.NO_STORE
    assert http_cache.policy_for("someone.new_page") is http_cache.NO_STORE
    assert http_cache.policy_for("catalog.procedure") is http_cache.PAGE
    assert http_cache.policy_for("qr.short") is http_cache.NO_STORE



def test_every_route_has_a_row_of_its_own(app):
    """No route falls to the default by accident: its endpoint or its blueprint is in the table
    (staff pages under /quan-tri included: "admin" is no-store)."""
    missing = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in http_cache.POLICIES
        and rule.endpoint.rpartition(".")[0] not in http_cache.POLICIES
    ]
    assert missing == []
    staff = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/quan-tri")]
    assert staff and all(http_cache.policy_for(r.endpoint) is http_cache.NO_STORE for r in staff)

def test_etag_ignores_the_nonce_so_revalidation_works(prod_client):
    first = prod_client.get("/_test/nonce")
    second = prod_client.get("/_test/nonce")
    assert first.get_data() != second.get_data()  # a fresh nonce every time
    assert first.headers["ETag"] == second.headers["ETag"]
    assert (
        prod_client.get(
            "/_test/nonce", headers={"If-None-Match": first.headers["ETag"]}
        ).status_code
        == 304
    )


class CountingView:
    def __init__(self, view):
        self.view = view
        self.calls = 0

    def __call__(self, **kwargs):
        self.calls += 1
        return self.view(**kwargs)


@pytest.fixture
def memo_app(tmp_path):
    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURE_CATALOG), HTTP_MEMO_ENTRIES=10)
    add_nonce_page(app)
    for endpoint in ("catalog.field", "catalog.test_nonce_page"):
        app.view_functions[endpoint] = CountingView(app.view_functions[endpoint])
    return app


def test_memo_serves_the_same_page_without_running_the_view(memo_app):
    client = memo_app.test_client()
    view = memo_app.view_functions["catalog.field"]
    first = client.get("/linh-vuc/cu-tru")
    second = client.get("/linh-vuc/cu-tru")
    assert view.calls == 1
    assert first.get_data() == second.get_data()
    assert first.headers["ETag"] == second.headers["ETag"]
    assert second.headers["Cache-Control"] == PAGE
    assert second.headers.get_all("Date") == [second.headers["Date"]]  # one, and fresh
    assert (
        client.get("/linh-vuc/cu-tru", headers={"If-None-Match": first.headers["ETag"]}).status_code
        == 304
    )
    assert view.calls == 1


def test_memo_gives_every_response_its_own_nonce(memo_app):
    client = memo_app.test_client()
    view = memo_app.view_functions["catalog.test_nonce_page"]
    first, second = client.get("/_test/nonce"), client.get("/_test/nonce")
    assert view.calls == 1
    nonce = second.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"'.encode() in second.get_data()
    assert first.get_data() != second.get_data()
    assert b"csp-nonce" not in second.get_data()


def test_memo_keys_on_language_day_and_session(memo_app):
    client = memo_app.test_client()
    view = memo_app.view_functions["catalog.field"]
    client.get("/linh-vuc/cu-tru")
    client.get("/linh-vuc/cu-tru", headers={"Accept-Language": "km"})
    assert view.calls == 2
    memo_app.config["TODAY"] = dt.date(2027, 1, 2)  # fees have validity windows
    client.get("/linh-vuc/cu-tru")
    assert view.calls == 3
    client.set_cookie(memo_app.config["SESSION_COOKIE_NAME"], "someone")
    client.get("/linh-vuc/cu-tru")
    client.get("/linh-vuc/cu-tru")
    assert view.calls == 5  # a session may carry flashes or staff links: never memoised


def test_memo_files_a_page_under_the_key_it_was_asked_with(memo_app):
    # A revision published, or midnight passing, while a page renders must not file the page
    # rendered from the old state under the new state's key.
    client = memo_app.test_client()
    view = memo_app.view_functions["catalog.field"]
    render = view.view

    def render_then_change_day(**kwargs):
        response = render(**kwargs)
        memo_app.config["TODAY"] = dt.date(2027, 1, 2)
        return response

    view.view = render_then_change_day
    client.get("/linh-vuc/cu-tru")
    view.view = render
    client.get("/linh-vuc/cu-tru")
    assert view.calls == 2  # the new day renders its own page
    client.get("/linh-vuc/cu-tru")
    assert view.calls == 2


def test_a_memo_hit_is_answered_before_the_rate_limiter_runs(tmp_path):
    app = make_app(
        tmp_path, PROCEDURES_DIR=str(FIXTURE_CATALOG), HTTP_MEMO_ENTRIES=10, RATELIMIT_ENABLED=True
    )
    checks = []
    functions = app.before_request_funcs[None]
    (index,) = [
        i for i, f in enumerate(functions) if getattr(f, "__name__", "") == "_check_request_limit"
    ]
    limit_check = functions[index]

    def counted():
        checks.append(request.path)
        return limit_check()

    functions[index] = counted
    client = app.test_client()
    client.get("/linh-vuc/cu-tru")
    client.get("/linh-vuc/cu-tru")
    assert checks == ["/linh-vuc/cu-tru"]  # the first request rendered, the second was a hit


def test_memo_is_bounded():
    memo = http_cache.ResponseMemo(2)
    entry = http_cache.MemoEntry(200, [], b"x", "e")
    for key in ("a", "b", "c"):
        memo.put((key,), entry)
    assert len(memo) == 2
    assert memo.get(("a",)) is None
    assert memo.get(("c",)) is entry


def test_memo_is_off_in_other_tests(app):
    assert "http_memo" not in app.extensions


def test_memo_never_serves_one_host_the_page_of_another(memo_app):
    client = memo_app.test_client()
    view = memo_app.view_functions["catalog.field"]
    pages = [
        client.get("/linh-vuc/cu-tru", base_url=base).get_data()
        for base in ("https://a.example", "https://b.example", "http://a.example")
    ]
    # This page names no host (no absolute URL built from the request): one page for all.
    assert b"a.example" not in pages[0] and len(set(pages)) == 1
    assert view.calls == 1
    # Pages that do name the host are kept per host (test_a_page_naming_its_host_…).


def test_a_page_naming_no_host_is_memoised_once_for_every_host(tmp_path):
    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURE_CATALOG), HTTP_MEMO_ENTRIES=10)
    client = app.test_client()
    first = client.get("/linh-vuc", headers={"Host": "localhost"})
    assert first.status_code == 200 and b"localhost" not in first.get_data()
    assert len(app.extensions["http_memo"]) == 1
    other = client.get("/linh-vuc", headers={"Host": "127.0.0.1:8000"})
    assert other.get_data() == first.get_data()
    assert len(app.extensions["http_memo"]) == 1  # served from the same entry


def test_a_page_naming_its_host_is_memoised_per_host(tmp_path):
    from flask import request

    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURE_CATALOG), HTTP_MEMO_ENTRIES=10)
    app.add_url_rule(
        "/_test/host",
        endpoint="catalog.test_host_page",
        view_func=lambda: f"<!doctype html><p>{request.host_url}</p>",
    )
    client = app.test_client()
    assert b"one.example" in client.get("/_test/host", headers={"Host": "one.example"}).data
    assert b"two.example" in client.get("/_test/host", headers={"Host": "two.example"}).data
    assert len(app.extensions["http_memo"]) == 2


# One URL of every endpoint that takes arguments; the endpoints without any are all asked too.
WITH_ARGUMENTS = [
    "/thu-tuc/1.004222",
    "/thu-tuc/1.000002",  # gone: 410
    "/thu-tuc/9.999999",  # unknown: 404
    "/linh-vuc/cu-tru",
    "/don-vi/phong-csqlhc-ve-ttxh",
    "/huong-dan/khong-co",
    "/tim-kiem?q=thuong+tru",
    "/q/1.004222",
    "/q/1.000002",  # gone: 410 from the qr feature
    "/q/lv/cu-tru",
    "/qr/1.004222.png",
    "/qr/1.004222.png?size=1",  # refused: 400
    "/qr/1.000002/a4.pdf",  # a gone procedure's poster: 410
    "/qr/lv/cu-tru.pdf?page=x",
    "/phan-anh/ABCD-1234",
    "/phan-anh/tra-cuu?ma=ABCD-1234",
    "/danh-gia/phong-csqlhc-ve-ttxh",
    "/so-lieu/khong-co.csv",
    "/api/v1/procedures/1.004222",
    "/api/v1/search?q=cu+tru",
    "/quan-tri/gop-y",
]


BLUEPRINTS = ["catalog", "search", "qr", "feedback", "figures", "api", "health", "admin"]


@pytest.fixture(scope="module")
def cache_control_before_the_table(tmp_path_factory):
    """(endpoint, Cache-Control) of a response of every endpoint, as the table receives it."""
    app = make_app(tmp_path_factory.mktemp("writers"), PROCEDURES_DIR=str(FIXTURE_CATALOG))
    seen: list[tuple[str | None, str | None]] = []

    def record(response):
        seen.append((request.endpoint, response.headers.get("Cache-Control")))
        return response

    # After every feature's after_request, just before the table's (which runs last).
    app.after_request_funcs[None].insert(1, record)
    urls = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if not rule.arguments and "GET" in (rule.methods or ())
    ]
    client = app.test_client()
    for url in [*urls, *WITH_ARGUMENTS]:
        client.get(url)
    return seen


@pytest.mark.parametrize("blueprint", BLUEPRINTS)
def test_the_table_is_the_only_writer_of_cache_control(cache_control_before_the_table, blueprint):
    """Responses reach the table without a Cache-Control, except where the table lets the view
    keep its own (KEEP): views never decide caching."""
    mine = [
        (endpoint, value)
        for endpoint, value in cache_control_before_the_table
        if (endpoint or "").rpartition(".")[0] == blueprint
    ]
    assert mine, f"no response of {blueprint!r} was seen"
    written = [(e, v) for e, v in mine if v is not None and http_cache.policy_for(e) is not None]
    assert written == []
