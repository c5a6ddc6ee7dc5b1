"""Choosing the interface language: explicit switch kept in a cookie, then Accept-Language."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tthc.i18n import LANGUAGE_COOKIE_MAX_AGE

# A page that always exists, whatever the other features have built: the 404 page uses base.html.
PAGE = "/khong-co-trang-nay"


def parse(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def html_lang(response) -> str:
    return parse(response).html["lang"]


def cookie_header(response) -> str:
    headers = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("lang=")]
    assert len(headers) == 1, response.headers.getlist("Set-Cookie")
    return headers[0]


def test_vietnamese_is_the_default(i18n_client):
    response = i18n_client.get(PAGE)
    assert html_lang(response) == "vi"
    assert not [c for c in response.headers.getlist("Set-Cookie") if c.startswith("lang=")]


@pytest.mark.parametrize("language", ["en", "km", "vi"])
def test_explicit_switch_sets_a_lasting_cookie(i18n_client, language):
    response = i18n_client.get(f"{PAGE}?lang={language}")
    assert html_lang(response) == language
    header = cookie_header(response)
    assert header.startswith(f"lang={language};")
    assert f"Max-Age={LANGUAGE_COOKIE_MAX_AGE}" in header
    assert LANGUAGE_COOKIE_MAX_AGE == 365 * 24 * 3600
    assert "SameSite=Lax" in header
    assert "Path=/" in header


def test_cookie_keeps_the_language_on_later_pages(i18n_client):
    i18n_client.get(f"{PAGE}?lang=km")
    later = i18n_client.get("/trang-khac")
    assert html_lang(later) == "km"
    # Already remembered: no need to send the cookie again.
    assert not [c for c in later.headers.getlist("Set-Cookie") if c.startswith("lang=")]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("km-KH,km;q=0.9,en;q=0.5", "km"), ("en-US,en;q=0.9", "en"), ("fr-FR,de;q=0.8", "vi"),
     ("vi-VN,vi;q=0.9,en;q=0.8", "vi")],
)
def test_accept_language_when_nothing_was_chosen(i18n_client, accept, expected):
    response = i18n_client.get(PAGE, headers={"Accept-Language": accept})
    assert html_lang(response) == expected


def test_explicit_choice_beats_accept_language(i18n_client):
    i18n_client.get(f"{PAGE}?lang=vi")
    response = i18n_client.get(PAGE, headers={"Accept-Language": "en-US,en;q=0.9"})
    assert html_lang(response) == "vi"


@pytest.mark.parametrize("bad", ["fr", "", "EN", "km'><script>", "vi" * 300])
def test_unknown_language_is_ignored_quietly(i18n_client, bad):
    response = i18n_client.get(PAGE, query_string={"lang": bad})
    assert response.status_code == 404
    assert html_lang(response) == "vi"
    assert not [c for c in response.headers.getlist("Set-Cookie") if c.startswith("lang=")]


def test_forged_cookie_falls_back(i18n_client):
    i18n_client.set_cookie("lang", "xx")
    response = i18n_client.get(PAGE, headers={"Accept-Language": "en"})
    assert html_lang(response) == "en"


def test_switch_links_keep_the_page_and_its_query(i18n_client):
    response = i18n_client.get(f"{PAGE}?q=c%C4%83n+c%C6%B0%E1%BB%9Bc&page=2&lang=en")
    links = {a["hreflang"]: a for a in parse(response).select(".lang-switch a[hreflang]")}
    assert set(links) == {"vi", "en", "km"}
    assert links["km"]["href"] == f"{PAGE}?q=c%C4%83n+c%C6%B0%E1%BB%9Bc&page=2&lang=km"
    assert links["vi"]["href"].count("lang=") == 1
    assert links["en"].get("aria-current") == "true"
    assert links["km"].get("aria-current") is None
    # Each language name is written in its own language and marked so for screen readers.
    assert links["km"]["lang"] == "km" and links["km"].get_text(strip=True) == "ភាសាខ្មែរ"


def test_pages_vary_by_language(i18n_client):
    vary = i18n_client.get(PAGE).headers.get("Vary", "")
    assert "Accept-Language" in vary and "Cookie" in vary


@pytest.mark.parametrize(
    ("language", "title"),
    [("vi", "Không tìm thấy trang"), ("en", "Page not found"), ("km", "រកមិនឃើញទំព័រ")],
)
def test_interface_text_is_translated(i18n_client, language, title):
    page = parse(i18n_client.get(f"{PAGE}?lang={language}"))
    assert page.select_one("h1").get_text(strip=True) == title


def test_cookie_is_secure_in_production(tmp_path):
    from support import make_app

    app = make_app(tmp_path, ENV_NAME="production")
    response = app.test_client().get(f"{PAGE}?lang=en")
    assert "Secure" in cookie_header(response)
    assert "HttpOnly" in cookie_header(response)
