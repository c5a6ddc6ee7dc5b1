"""Security headers: a nonce-based CSP on every response, and its companions."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from production.helpers import FIXTURE_CATALOG, add_nonce_page
from support import make_app

REQUIRED_DIRECTIVES = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
}


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    pairs = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {name: value for name, value in pairs}


@pytest.mark.parametrize(
    "url", ["/", "/thu-tuc/1.004222", "/linh-vuc", "/don-vi", "/khong-co-trang-nay", "/healthz"]
)
def test_every_response_has_the_strict_policy(prod_client, url):
    response = prod_client.get(url)
    policy = directives(response)
    for name, value in REQUIRED_DIRECTIVES.items():
        assert policy[name] == value
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_hsts_only_over_https(prod_client):
    assert "Strict-Transport-Security" not in prod_client.get("/").headers
    secure = prod_client.get("/", base_url="https://tthc.example.gov.vn")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_hsts_behind_a_trusted_proxy(tmp_path):
    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURE_CATALOG), TRUSTED_PROXIES=1)
    client = app.test_client()
    forwarded = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in forwarded.headers
    # Without a trusted proxy configured, the same header is a client's lie and is ignored.
    untrusted = make_app(tmp_path / "b", PROCEDURES_DIR=str(FIXTURE_CATALOG)).test_client()
    assert (
        "Strict-Transport-Security"
        not in untrusted.get("/", headers={"X-Forwarded-Proto": "https"}).headers
    )


def test_inline_script_runs_only_with_this_responses_nonce(prod_client):
    first = prod_client.get("/_test/nonce")
    second = prod_client.get("/_test/nonce")
    nonces = []
    for response in (first, second):
        script = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one("script")
        nonce = script["nonce"]
        assert len(nonce) >= 16
        assert f"'nonce-{nonce}'" in directives(response)["script-src"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_pages_without_inline_script_get_no_nonce(prod_client):
    assert "nonce-" not in prod_client.get("/thu-tuc/1.004222").headers["Content-Security-Policy"]


def test_nonce_page_registered_on_a_fresh_app(tmp_path):
    # The helper works on any app, as the export and memo tests rely on it.
    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURE_CATALOG))
    add_nonce_page(app)
    assert app.test_client().get("/_test/nonce").status_code == 200


INLINE_HANDLER = re.compile(r"^on[a-z]+$")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/thu-tuc/1.004222",
        "/thu-tuc/2.001195",
        "/linh-vuc",
        "/linh-vuc/cu-tru",
        "/don-vi",
        "/don-vi/cong-an-cap-xa",
        "/tim-kiem?q=cccd",
        "/phan-anh",
    ],
)
def test_bundled_pages_need_no_inline_script_or_style(client, url):
    """The strict policy would block them: every script and style must come from a file."""
    response = client.get(url)
    assert response.status_code == 200
    html = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    for script in html.select("script"):
        assert (
            script.get("src")
            or script.get("type") == "application/ld+json"
            or (script.get("nonce"))
        ), f"inline script without nonce on {url}"
    assert not html.select("[style]"), f"style attribute on {url}"
    assert not html.select("style:not([nonce])"), f"<style> element on {url}"
    for node in html.find_all(True):
        handlers = [name for name in node.attrs if INLINE_HANDLER.match(name)]
        assert not handlers, f"inline event handler {handlers} on {url}"
