"""Sitemap, robots.txt, OpenSearch and the canonical and hreflang links of every page."""

from __future__ import annotations

from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest

from support import Page

SITE = "https://tthc.example.gov.vn"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def local(url: str) -> str:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == SITE
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module")
def sitemap(app):
    response = app.test_client().get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    return ET.fromstring(response.get_data())


def test_every_url_of_the_sitemap_answers_200_in_its_language(app, sitemap):
    urls = sitemap.findall("s:url", NS)
    assert len(urls) > 3 * 169
    for url in urls:
        loc = url.findtext("s:loc", namespaces=NS)
        client = app.test_client()  # no cookie: the URL alone decides the language
        response = client.get(local(loc))
        assert response.status_code == 200, loc
        language = loc.partition("?lang=")[2] or "vi"
        assert Page(response).select_one("html")["lang"] == language, loc


def test_each_url_lists_every_language_and_a_default(sitemap):
    for url in sitemap.findall("s:url", NS):
        loc = url.findtext("s:loc", namespaces=NS)
        alternates = {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        assert set(alternates) == {"vi", "en", "km", "x-default"}
        assert loc in alternates.values()
        base = loc.partition("?")[0]
        assert alternates["vi"] == alternates["x-default"] == base
        assert alternates["en"] == f"{base}?lang=en"


def test_lastmod_comes_from_the_change_log(small):
    root = ET.fromstring(small.get("/sitemap.xml").get_data())
    lastmods = {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }
    # 1.004222: changes on 2023-08-30 and 2025-07-01; 2.001195: a fee window from 2025-07-01.
    assert lastmods[f"{SITE}/thu-tuc/1.004222"] == "2025-07-01"
    assert lastmods[f"{SITE}/thu-tuc/1.004222?lang=km"] == "2025-07-01"
    assert lastmods[f"{SITE}/linh-vuc/cu-tru"] == "2025-07-01"
    # Abolished procedures answer 410: not in the sitemap.
    assert f"{SITE}/thu-tuc/1.000002" not in lastmods
    assert f"{SITE}/api/" in lastmods


def test_robots_keeps_crawlers_out_of_staff_pages_and_forms(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *"
    disallowed = {line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow")}
    assert {"/quan-tri/", "/phan-anh"} <= disallowed
    assert "/" not in disallowed and not any(p.startswith("/thu-tuc") for p in disallowed)
    assert f"Sitemap: {SITE}/sitemap.xml" in lines


def test_opensearch_description_points_at_the_search_page(client):
    response = client.get("/opensearch.xml")
    assert response.mimetype == "application/opensearchdescription+xml"
    root = ET.fromstring(response.get_data())
    ns = {"o": "http://a9.com/-/spec/opensearch/1.1/"}
    assert 0 < len(root.findtext("o:ShortName", namespaces=ns)) <= 16
    html = root.find("o:Url[@type='text/html']", ns)
    assert html.get("template") == f"{SITE}/tim-kiem?q={{searchTerms}}"
    page = Page(client.get(local(html.get("template").replace("{searchTerms}", "cccd"))))
    assert page.status == 200 and page.select(".search-results li")


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/", "/"),
        ("/thu-tuc/1.004222", "/thu-tuc/1.004222"),
        ("/thu-tuc/1.004222/dang-ky-thuong-tru", "/thu-tuc/1.004222"),
        ("/linh-vuc/cu-tru", "/linh-vuc/cu-tru"),
        ("/don-vi", "/don-vi"),
        ("/api/", "/api/"),
    ],
)
def test_public_pages_have_canonical_and_hreflang_links(client, url, canonical):
    page = Page(client.get(url))
    assert [link["href"] for link in page.select('link[rel="canonical"]')] == [SITE + canonical]
    alternates = {
        link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')
    }
    assert alternates == {
        "vi": SITE + canonical,
        "en": f"{SITE}{canonical}?lang=en",
        "km": f"{SITE}{canonical}?lang=km",
        "x-default": SITE + canonical,
    }
    assert page.select_one('link[rel="search"]')["href"] == "/opensearch.xml"
    assert page.select_one('link[type="application/atom+xml"]')["href"] == "/thay-doi.atom"


def test_canonical_follows_the_language_of_the_page(client):
    page = Page(client.get("/thu-tuc/1.004222?lang=en"))
    assert page.select_one('link[rel="canonical"]')["href"] == f"{SITE}/thu-tuc/1.004222?lang=en"


@pytest.mark.parametrize("url", ["/tim-kiem?q=cccd", "/phan-anh", "/thu-tuc/khong-co"])
def test_other_pages_have_no_canonical(client, url):
    assert not Page(client.get(url)).select('link[rel="canonical"], link[hreflang]')


def test_field_page_links_its_own_feed(client):
    page = Page(client.get("/linh-vuc/cu-tru"))
    feeds = [link["href"] for link in page.select('link[type="application/atom+xml"]')]
    assert feeds == ["/thay-doi.atom", "/linh-vuc/cu-tru/thay-doi.atom"]


def test_guides_and_handouts_are_in_the_sitemap_with_canonical_links(app, sitemap, get_page):
    locs = {local(url.findtext("s:loc", namespaces=NS)) for url in sitemap.findall("s:url", NS)}
    assert {"/huong-dan", "/huong-dan/chuyen-nha", "/thu-tuc/1.004222/giay-to"} <= locs
    for path in ("/huong-dan/chuyen-nha", "/thu-tuc/1.004222/giay-to"):
        canonical = get_page(path + "?lang=en").select_one("link[rel=canonical]")
        assert canonical is not None and local(canonical["href"]) == path + "?lang=en"
