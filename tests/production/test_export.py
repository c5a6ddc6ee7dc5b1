"""`flask export-static`: every public page frozen, and nginx serving them with the app down."""

from __future__ import annotations

import gzip
import json
import subprocess

import pytest
from bs4 import BeautifulSoup

from production.helpers import FIXTURE_CATALOG
from production.servers import NGINX, ROOT, Nginx, fetch, free_port
from support import make_app
from tthc import create_app
from tthc.catalog import load_catalog
from tthc.export import export_site
from tthc.extensions import db

CATALOG = load_catalog(FIXTURE_CATALOG)
ACTIVE = [p for p in CATALOG if p.is_active]
GONE = [p for p in CATALOG if not p.is_active]


@pytest.fixture(scope="module")
def source_app(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("export-source"), PROCEDURES_DIR=str(FIXTURE_CATALOG))
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture(scope="module")
def exported(source_app, tmp_path_factory):
    root = tmp_path_factory.mktemp("export")
    result = export_site(create_app, dict(source_app.config), root)
    return root, result


@pytest.fixture(scope="module")
def nginx(exported, tmp_path_factory):
    """nginx on the export, its upstream a port where nothing listens: the app is down."""
    root, _ = exported
    server = Nginx(tmp_path_factory.mktemp("nginx"), root, upstreams=[free_port()]).start()
    yield server
    server.stop()


def test_every_public_page_is_frozen_in_every_language(exported):
    root, result = exported
    assert not result.broken
    expected = ["/", "/linh-vuc", "/don-vi"]
    expected += [f"/linh-vuc/{f.slug}" for f in CATALOG.fields]
    expected += [f"/don-vi/{u.slug}" for u in CATALOG.units]
    expected += [f"/thu-tuc/{p.code}" for p in CATALOG]
    expected += [f"/qr/{p.code}.png" for p in CATALOG] + [f"/qr/{p.code}.svg" for p in CATALOG]
    expected += [f"/qr/{p.code}/{size}.pdf" for p in ACTIVE for size in ("a4", "a5", "label")]
    for path in expected:
        assert path in result.pages, path
    for language in ("vi", "en", "km"):
        page = root / "site" / "thu-tuc" / "1.004222" / f"index.{language}.html"
        html = BeautifulSoup(page.read_text(), "html.parser")
        assert html.select_one("html")["lang"] == language
        assert "1.004222" in html.get_text()
    png = root / "site" / "qr" / "1.004222.png"
    assert png.read_bytes().startswith(b"\x89PNG")
    assert (root / "site" / "static" / "css" / "site.css").is_file()
    home = root / "site" / "index.vi.html"
    assert gzip.decompress(home.with_name("index.vi.html.gz").read_bytes()) == home.read_bytes()


def test_short_links_and_gone_procedures_are_recorded(exported):
    root, result = exported
    for procedure in ACTIVE:
        status, target = result.redirects[f"/q/{procedure.code}"]
        assert status == 302
        assert target == f"/thu-tuc/{procedure.code}/{procedure.slug}"
    for procedure in GONE:
        assert f"/thu-tuc/{procedure.code}" in result.gone
        assert f"/q/{procedure.code}" in result.gone
    manifest = json.loads((root / "manifest.json").read_text())
    assert manifest["gone"] == sorted(result.gone)
    maps = (root / "nginx" / "tthc-maps.conf").read_text()
    assert '"/q/1.004222" "/thu-tuc/1.004222/dang-ky-thuong-tru";' in maps
    assert '"/thu-tuc/1.000002" "1";' in maps


def test_export_counts_no_scan_and_writes_nothing_to_the_database(source_app, exported):
    from tthc.qr.scans import scan_totals

    with source_app.app_context():
        assert scan_totals() == []


def test_generated_nginx_configuration_is_valid(exported, tmp_path):
    root, _ = exported
    check = Nginx(tmp_path, root, upstreams=[free_port()]).check()
    assert check.returncode == 0, check.stderr


def test_pages_answer_from_the_export_while_the_app_is_down(nginx):
    status, headers, body = fetch(f"{nginx.url}/thu-tuc/1.004222")
    assert status == 200
    assert headers["X-Tthc-Source"] == "static"
    assert headers["Cache-Control"] == "public, max-age=300, stale-if-error=86400"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in headers  # plain HTTP here
    html = BeautifulSoup(body, "html.parser")
    assert "Đăng ký thường trú" in html.select_one("h1").get_text()
    assert fetch(f"{nginx.url}/thu-tuc/1.004222", {"If-None-Match": headers["ETag"]})[0] == 304
    packed = fetch(f"{nginx.url}/thu-tuc/1.004222", {"Accept-Encoding": "gzip"})
    assert packed[1]["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed[2]) == body


@pytest.mark.parametrize(
    "path", ["/", "/linh-vuc", "/linh-vuc/cu-tru", "/don-vi", "/don-vi/cong-an-cap-xa"]
)
def test_catalogue_pages_answer_from_the_export(nginx, path):
    status, headers, _ = fetch(nginx.url + path)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_short_links_redirect_from_the_export(nginx):
    for procedure in ACTIVE:
        status, headers, _ = fetch(f"{nginx.url}/q/{procedure.code}")
        assert status == 302
        assert headers["Location"] == f"/thu-tuc/{procedure.code}/{procedure.slug}"
        assert fetch(nginx.url + headers["Location"])[0] == 200
    status, headers, _ = fetch(f"{nginx.url}/q/1.004222/cong-an-cap-xa")
    assert status == 302
    for typed in ("/q/1.004222/", "/q/1.004222.", "/q/1.004222%20"):
        status, headers, _ = fetch(nginx.url + typed)
        assert (status, headers["Location"]) == (302, "/thu-tuc/1.004222/dang-ky-thuong-tru")


def test_gone_procedures_answer_410_with_their_page(nginx):
    for path in ("/thu-tuc/1.000003", "/q/1.000003", "/thu-tuc/1.000002"):
        status, headers, body = fetch(nginx.url + path)
        assert status == 410, path
        assert headers["X-Tthc-Source"] == "static"
        html = BeautifulSoup(body, "html.parser")
        assert html.select_one("h1"), path
    replaced = BeautifulSoup(fetch(f"{nginx.url}/thu-tuc/1.000003")[2], "html.parser")
    assert any("/thu-tuc/1.004222" in a["href"] for a in replaced.select("a[href]"))


def test_old_slugs_redirect_to_the_page_even_while_the_app_is_down(nginx):
    status, headers, _ = fetch(f"{nginx.url}/thu-tuc/1.004222/ten-cu-cua-thu-tuc")
    assert status == 301
    assert headers["Location"] == "/thu-tuc/1.004222"


def test_language_follows_the_parameter_cookie_and_browser(nginx):
    def lang(headers=None, query=""):
        body = fetch(f"{nginx.url}/thu-tuc/1.004222{query}", headers)[2]
        return BeautifulSoup(body, "html.parser").select_one("html")["lang"]

    assert lang() == "vi"
    assert lang(query="?lang=en") == "en"
    assert lang({"Cookie": "lang=km"}) == "km"
    assert lang({"Accept-Language": "en-US,en;q=0.9"}) == "en"
    assert lang({"Cookie": "lang=km"}, "?lang=vi") == "vi"
    assert lang({"Accept-Language": "fr"}) == "vi"


def test_qr_images_and_posters_answer_from_the_export(nginx):
    status, headers, body = fetch(f"{nginx.url}/qr/1.004222.png")
    assert (status, headers["Content-Type"]) == (200, "image/png")
    assert body.startswith(b"\x89PNG")
    status, headers, body = fetch(f"{nginx.url}/qr/1.004222/a4.pdf")
    assert (status, headers["Content-Type"]) == (200, "application/pdf")
    assert body.startswith(b"%PDF")


def test_dynamic_pages_say_the_service_is_down(nginx):
    for path in ("/phan-anh", "/tim-kiem?q=cccd", "/quan-tri/dang-nhap"):
        status, headers, body = fetch(nginx.url + path)
        assert status == 503, path
        assert headers["Retry-After"] == "60"
        assert "Dịch vụ tạm thời gián đoạn" in body.decode()


def test_unknown_paths_get_the_frozen_not_found_page(nginx):
    status, _, body = fetch(f"{nginx.url}/q/9.999999")
    assert status == 404
    assert "<h1" in body.decode()


def test_cli_exports_and_reports(source_app, tmp_path):
    result = source_app.test_cli_runner().invoke(
        args=["export-static", str(tmp_path / "out"), "--no-posters"]
    )
    assert result.exit_code == 0, result.output
    assert "redirects" in result.output
    assert (tmp_path / "out" / "site" / "thu-tuc" / "2.001195" / "index.vi.html").is_file()
    assert not (tmp_path / "out" / "site" / "qr" / "2.001195" / "a5.pdf").exists()


def test_a_new_export_replaces_the_old_in_one_step(source_app, tmp_path, monkeypatch):
    root = tmp_path / "live"
    export_site(create_app, dict(source_app.config), root, posters=False)
    (root / "site" / "stale.html").write_text("from an older export")
    export_site(create_app, dict(source_app.config), root, posters=False)
    assert not (root / "site" / "stale.html").exists()
    assert (root / "site" / "index.vi.html").is_file()
    assert f"root {root}/site;" in (root / "nginx" / "tthc-site.conf").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["live"]  # no staging left behind

    import tthc.export.freeze

    def broken_run(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(tthc.export.freeze.Exporter, "run", broken_run)
    with pytest.raises(RuntimeError):
        export_site(create_app, dict(source_app.config), root, posters=False)
    assert (root / "site" / "index.vi.html").is_file()  # the live export is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["live"]


def test_deploy_nginx_configuration_is_valid_with_the_export(exported, tmp_path):
    """deploy/nginx.conf (TLS, two upstreams), pointed at this export, passes nginx -t."""
    root, _ = exported
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(tmp_path / "privkey.pem"),
            "-out",
            str(tmp_path / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = site.replace("/srv/tthc/export", str(root)).replace("/etc/ssl/tthc", str(tmp_path))
    site = site.replace("listen 80;", f"listen 127.0.0.1:{free_port()};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{free_port()} ssl http2;")
    site = "\n".join(line for line in site.splitlines() if "[::]" not in line)
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\ninclude /etc/nginx/mime.types;\n{site}\n}}\n"
    )
    check = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr


def test_dead_links_are_reported_and_fail_only_when_strict(source_app, tmp_path, monkeypatch):
    import tthc.export.freeze

    seeds = tthc.export.freeze.seed_urls
    monkeypatch.setattr(
        tthc.export.freeze,
        "seed_urls",
        lambda app, **kwargs: [*seeds(app, **kwargs), "/linh-vuc/khong-co-linh-vuc-nay"],
    )
    runner = source_app.test_cli_runner()
    relaxed = runner.invoke(args=["export-static", str(tmp_path / "a"), "--no-posters"])
    assert relaxed.exit_code == 0, relaxed.output
    assert "warning: /linh-vuc/khong-co-linh-vuc-nay answered 404" in relaxed.output
    assert (tmp_path / "a" / "site" / "index.vi.html").is_file()
    strict = runner.invoke(args=["export-static", str(tmp_path / "b"), "--no-posters", "--strict"])
    assert strict.exit_code == 1


def test_frozen_pages_hold_nothing_personal(exported):
    """A page frozen for everyone must not carry a session-bound token (its form would fail)."""
    root, _ = exported
    for page in (root / "site").rglob("*.html"):
        html = BeautifulSoup(page.read_text(), "html.parser")
        assert not html.select('input[name="csrf_token"]'), page
