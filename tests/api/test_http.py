"""How the API answers over HTTP: caching, CORS, JSON errors, rate limits, the page memo."""

from __future__ import annotations

import pytest

from support import make_app

from .conftest import FIXTURES

PAGE = "public, max-age=300, stale-if-error=86400"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/procedures",
        "/api/v1/procedures/1.004222",
        "/api/v1/fields",
        "/api/v1/units",
        "/api/v1/openapi.json",
        "/api/v1/schemas/procedure.json",
        "/sitemap.xml",
        "/thay-doi.atom",
        "/robots.txt",
        "/opensearch.xml",
    ],
)
def test_json_and_documents_are_cached_like_pages(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == PAGE
    etag = response.headers["ETag"]
    assert etag.startswith('W/"')
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert "Set-Cookie" not in response.headers


def test_search_api_keeps_its_short_cache_and_answers_at_its_address(client):
    response = client.get("/api/v1/search?q=cccd")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.get_json()["total"] > 0


def test_cors_for_any_origin_on_get(client):
    response = client.get("/api/v1/fields", headers={"Origin": "https://xa.example.vn"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/procedures/1.004222",
        headers={
            "Origin": "https://xa.example.vn",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/api/v1/khong-co", 404),
        ("get", "/api/v2/procedures", 404),
        ("post", "/api/v1/procedures", 405),
        ("delete", "/api/v1/procedures/1.004222", 405),
    ],
)
def test_errors_under_api_are_json_never_html(client, method, url, status):
    response = getattr(client, method)(url)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert set(error) == {"status", "message"}
    assert error["status"] == status and error["message"]
    assert b"<html" not in response.get_data()


def test_error_outside_api_is_still_a_page(client):
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_unexpected_error_under_api_is_json(tmp_path):
    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURES), PROPAGATE_EXCEPTIONS=False)

    def broken(**_kwargs):
        raise RuntimeError("boom")

    app.view_functions["api.fields"] = broken
    app.logger.disabled = True
    response = app.test_client().get("/api/v1/fields")
    assert response.status_code == 500
    assert response.get_json()["error"]["status"] == 500
    assert response.headers["Cache-Control"] == "no-store"


def test_rate_limit_answers_429_in_json_with_retry_after(tmp_path):
    app = make_app(
        tmp_path,
        PROCEDURES_DIR=str(FIXTURES),
        RATELIMIT_ENABLED=True,
        API_RATE_LIMIT="3 per minute",
    )
    client = app.test_client()
    assert [client.get("/api/v1/fields").status_code for _ in range(3)] == [200, 200, 200]
    limited = client.get("/api/v1/procedures")
    assert limited.status_code == 429
    assert limited.mimetype == "application/json"
    assert int(limited.headers["Retry-After"]) > 0
    assert limited.get_json()["error"]["status"] == 429
    other = client.get("/api/v1/fields", environ_base={"REMOTE_ADDR": "203.0.113.7"})
    assert other.status_code == 200  # counted per address
    assert client.get("/thu-tuc/1.004222").status_code == 200  # pages are not limited


def test_default_limit_lets_a_whole_catalogue_sync_through(tmp_path):
    app = make_app(tmp_path, RATELIMIT_ENABLED=True)
    client = app.test_client()
    url, codes = "/api/v1/procedures?limit=50", []
    while url:
        page = client.get(url.removeprefix(app.config["SITE_URL"]))
        assert page.status_code == 200
        codes += [item["code"] for item in page.get_json()["results"]]
        url = page.get_json()["links"]["next"]
    for code in codes:
        assert client.get(f"/api/v1/procedures/{code}").status_code == 200
    assert client.get("/api/v1/fields").status_code == 200
    assert client.get("/api/v1/units").status_code == 200


def test_api_responses_are_memoised_per_worker(tmp_path):
    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURES), HTTP_MEMO_ENTRIES=8)
    calls = []
    view = app.view_functions["api.procedure"]
    app.view_functions["api.procedure"] = lambda **kw: calls.append(1) or view(**kw)
    client = app.test_client()
    first = client.get("/api/v1/procedures/1.004222")
    second = client.get("/api/v1/procedures/1.004222")
    assert len(calls) == 1
    assert first.get_data() == second.get_data()
    assert second.headers["Access-Control-Allow-Origin"] == "*"
    assert second.headers["ETag"] == first.headers["ETag"]
    client.get("/api/v1/procedures/1.004222?date=2027-01-01")
    assert len(calls) == 2


def test_answers_from_the_page_memo_do_not_count_against_the_limit(tmp_path):
    app = make_app(
        tmp_path,
        PROCEDURES_DIR=str(FIXTURES),
        RATELIMIT_ENABLED=True,
        API_RATE_LIMIT="2 per minute",
        HTTP_MEMO_ENTRIES=8,
    )
    client = app.test_client()
    assert {client.get("/api/v1/fields").status_code for _ in range(6)} == {200}
    assert client.get("/api/v1/units").status_code == 200
    assert client.get("/api/v1/procedures").status_code == 429  # the third rendered answer
