"""The open data in the static export, and nginx serving it with the app down or up."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.etree import ElementTree as ET

import pytest

from production.servers import Nginx, fetch, free_port
from support import make_app
from tthc import create_app
from tthc.export import export_site

from .conftest import FIXTURES

SITE = "https://tthc.example.gov.vn"


class FakeApp(BaseHTTPRequestHandler):
    """Stands for the application: says which path and query reached it."""

    protocol_version = "HTTP/1.0"  # one request per connection: nothing left open at the end

    def do_GET(self):  # noqa: N802  # the name http.server calls
        body = json.dumps({"app": self.path}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("source"), PROCEDURES_DIR=str(FIXTURES))
    root = tmp_path_factory.mktemp("export")
    return root, export_site(create_app, dict(app.config), root, posters=False)


@pytest.fixture(scope="module")
def nginx_down(exported, tmp_path_factory):
    server = Nginx(tmp_path_factory.mktemp("down"), exported[0], upstreams=[free_port()]).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def nginx_up(exported, tmp_path_factory):
    app = ThreadingHTTPServer(("127.0.0.1", 0), FakeApp)
    app.daemon_threads = True
    threading.Thread(target=app.serve_forever, daemon=True).start()
    server = Nginx(tmp_path_factory.mktemp("up"), exported[0], upstreams=[app.server_port]).start()
    yield server
    server.stop()
    app.shutdown()
    app.server_close()


def test_open_data_is_frozen(exported):
    root, result = exported
    assert not result.broken
    for path in [
        "/api/",
        "/api/v1/procedures",
        "/api/v1/procedures/1.004222",
        "/api/v1/procedures/1.000002",
        "/api/v1/fields",
        "/api/v1/units",
        "/api/v1/openapi.json",
        "/api/v1/schemas/procedure.json",
        "/sitemap.xml",
        "/robots.txt",
        "/opensearch.xml",
        "/thay-doi.atom",
        "/linh-vuc/cu-tru/thay-doi.atom",
    ]:
        assert result.pages.get(path) == 200, path
    assert "/api/v1/search" not in result.pages
    site = root / "site"
    detail = json.loads((site / "api/v1/procedures/1.004222/index.json").read_text())
    assert detail["code"] == "1.004222"
    assert (site / "api/index.en.html").is_file() and (site / "api/index.km.html").is_file()
    assert (site / "linh-vuc/cu-tru/thay-doi.atom").is_file()
    assert (site / "_errors/503.en.json").is_file() and (site / "_errors/404.vi.json").is_file()


def test_nginx_serves_the_json_with_cors_and_validators(nginx_down):
    status, headers, body = fetch(f"{nginx_down.url}/api/v1/procedures/1.004222")
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert headers["Cache-Control"] == "public, max-age=300, stale-if-error=86400"
    assert json.loads(body)["code"] == "1.004222"
    assert fetch(f"{nginx_down.url}/api/v1/procedures/1.004222",
                 {"If-None-Match": headers["ETag"]})[0] == 304
    status, headers, _ = fetch(f"{nginx_down.url}/api/v1/fields", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"


def test_nginx_serves_the_documents_with_their_types(nginx_down):
    expected = {
        "/sitemap.xml": "xml",
        "/robots.txt": "text/plain",
        "/opensearch.xml": "application/opensearchdescription+xml",
        "/thay-doi.atom": "application/atom+xml",
        "/linh-vuc/cu-tru/thay-doi.atom": "application/atom+xml",
        "/api/v1/schemas/procedure.json": "application/json",
        "/api/v1/openapi.json": "application/json",
    }
    for path, kind in expected.items():
        status, headers, body = fetch(nginx_down.url + path)
        assert status == 200, path
        assert kind in headers["Content-Type"], (path, headers["Content-Type"])
    root = ET.fromstring(fetch(f"{nginx_down.url}/sitemap.xml")[2])
    assert root.find("{http://www.sitemaps.org/schemas/sitemap/0.9}url") is not None


def test_api_page_answers_in_the_asked_language(nginx_down):
    status, _, body = fetch(f"{nginx_down.url}/api/?lang=en")
    assert status == 200 and '<html lang="en"' in body.decode()


def test_a_query_needs_the_app_and_says_so_in_json_while_it_is_down(nginx_down):
    for path in ("/api/v1/procedures?field=cu-tru", "/api/v1/search?q=cccd",
                 "/api/v1/procedures/1.004222?date=2027-01-01"):
        status, headers, body = fetch(nginx_down.url + path)
        assert status == 503, path
        assert headers["Content-Type"] == "application/json"
        assert headers["Retry-After"] == "60"
        assert json.loads(body)["error"]["status"] == 503


def test_preflight_is_answered_by_nginx(nginx_down):
    request_headers = {"Origin": "https://xa.example.vn", "Access-Control-Request-Method": "GET"}
    import urllib.request

    request = urllib.request.Request(
        f"{nginx_down.url}/api/v1/fields", method="OPTIONS", headers=request_headers
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  # loopback
        assert response.status == 204
        assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_queries_reach_the_app_and_plain_files_do_not(nginx_up):
    status, headers, body = fetch(f"{nginx_up.url}/api/v1/procedures?field=cu-tru&page=2")
    assert status == 200 and headers["X-Tthc-Source"] == "app"
    assert json.loads(body) == {"app": "/api/v1/procedures?field=cu-tru&page=2"}
    status, headers, body = fetch(f"{nginx_up.url}/api/v1/procedures")
    assert headers["X-Tthc-Source"] == "static" and "results" in json.loads(body)
