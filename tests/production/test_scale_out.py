"""Two gunicorn instances on one PostgreSQL behind nginx; printed links survive both going down.

Debian's nginx and PostgreSQL run on loopback (installed by scripts/test, or here when missing).
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from production.servers import ROOT, Gunicorn, Nginx, NoRedirect, Postgres, fetch
from tthc.catalog import load_catalog

pytestmark = pytest.mark.slow

CATALOG = load_catalog(ROOT / "procedures")
SECRET = "scale-out-test-secret-key-long-enough-0123456789"
FILL_SECONDS = 3.2  # the form refuses submissions faster than a person (antiabuse)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """PostgreSQL, the migrated schema, a static export, two instances and nginx in front."""
    base = tmp_path_factory.mktemp("scale-out")
    postgres = Postgres(base / "pg").start()
    env = {
        "SECRET_KEY": SECRET,
        "DATABASE_URL": postgres.url,
        "SITE_URL": "https://tthc.example.gov.vn",
        "INDEX_DIR": str(base / "index"),
        "UPLOAD_DIR": str(base / "uploads"),
        "TRUSTED_PROXIES": "1",
        "FLASK_APP": "tthc",
    }
    flask = [str(Path(sys.executable).parent / "flask")]
    release = {**os.environ, **env, "INSTANCE_PATH": str(base / "release")}
    for command in (["db", "upgrade"], ["export-static", str(base / "export"), "--no-posters"]):
        done = subprocess.run(
            flask + command, cwd=ROOT, env=release, capture_output=True, text=True, timeout=900
        )
        assert done.returncode == 0, done.stderr[-3000:]
    instances = [Gunicorn(base / f"app{i}", env) for i in (1, 2)]
    nginx = Nginx(base / "nginx", base / "export", [g.port for g in instances])
    try:
        for instance in instances:
            instance.start()
        nginx.start()
        yield {
            "postgres": postgres, "apps": instances, "nginx": nginx,
            "release": release, "base": base,
        }
    finally:
        nginx.stop()
        for instance in instances:
            instance.stop()
        postgres.remove()


class Browser:
    """Cookies kept, redirects not followed: enough to fill a form like a person."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
        )

    def open(self, url: str, data: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(url, data=body), timeout=20) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()


def submit_feedback(base_url: str, message: str) -> str:
    """Fill the feedback form on one instance; return the status page path it sends us to."""
    browser = Browser()
    status, _, html = browser.open(f"{base_url}/phan-anh")
    assert status == 200
    form = BeautifulSoup(html, "html.parser").select_one("form[method=post]")
    values = {
        field["name"]: field.get("value", "") for field in form.select("input[type=hidden][name]")
    }
    values.update(
        category="kien_nghi",
        message=message,
        name="Nguyễn Văn An",
        phone="0912345678",
        consent="y",
    )
    time.sleep(FILL_SECONDS)
    status, headers, html = browser.open(f"{base_url}/phan-anh", values)
    assert status == 303, html[:2000]
    location = urllib.parse.urlsplit(headers["Location"]).path
    assert location.startswith("/phan-anh/")
    return location


@pytest.mark.parametrize("writer, reader", [(0, 1), (1, 0)])
def test_feedback_written_through_one_instance_is_read_through_the_other(stack, writer, reader):
    apps = stack["apps"]
    message = f"Đề nghị niêm yết thêm lệ phí tại quầy (ghi qua phiên bản {writer + 1})."
    status_path = submit_feedback(apps[writer].url, message)
    status, headers, body = fetch(apps[reader].url + status_path)
    assert status == 200
    code = status_path.rsplit("/", 1)[1]
    assert code in body.decode()
    assert "no-store" in headers["Cache-Control"]


def test_nginx_proxies_forms_and_counts_scans_in_the_app(stack):
    nginx, postgres = stack["nginx"], stack["postgres"]
    status, headers, _ = fetch(f"{nginx.url}/phan-anh")
    assert (status, headers["X-Tthc-Source"]) == (200, "app")
    status, headers, _ = fetch(f"{nginx.url}/q/1.004222")
    assert (status, headers["X-Tthc-Source"]) == (302, "app")
    counted = subprocess.run(
        [
            *postgres.as_user,
            str(postgres.bin / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(postgres.port),
            "-U",
            "postgres",
            "-d",
            "tthc",
            "-Atc",
            "SELECT sum(count) FROM qr_scans WHERE code = '1.004222'",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert counted.stdout.strip() == "1"
    # Public pages never reach the app, even while it is up.
    assert fetch(f"{nginx.url}/thu-tuc/1.004222")[1]["X-Tthc-Source"] == "static"
    status, headers, _ = fetch(f"{nginx.url}/healthz")
    assert status == 200


FEE_CODE = "1.014064"  # Cấp lại thẻ căn cước
TEST_AMOUNT = "12345"  # a fixture, never a real fee
STAFF_PASSWORD = "mot cau mat khau rat dai cua can bo 2026"


def form_values(form) -> list[tuple[str, str]]:
    """What a browser posts for a form before a button is pressed."""
    values = []
    for field in form.select("input[name], textarea[name], select[name]"):
        if field.name == "textarea":
            values.append((field["name"], field.get_text()))
        elif field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            values.append((field["name"], chosen.get("value", "") if chosen else ""))
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                values.append((field["name"], field.get("value", "on")))
        elif field.get("type") not in ("submit", "button", "file"):
            values.append((field["name"], field.get("value", "")))
    return values


def staff_browser(stack, base_url: str, email: str, role: str) -> Browser:
    """An account made with `flask staff create`, logged in, its one-time password replaced."""
    created = subprocess.run(
        [str(Path(sys.executable).parent / "flask"), "staff", "create", email, "--role", role],
        cwd=ROOT, env=stack["release"], capture_output=True, text=True, timeout=120,
    )
    assert created.returncode == 0, created.stderr[-2000:]
    one_time = re.search(rf"{re.escape(email)}: (\S+)", created.stdout).group(1)
    browser = Browser()
    for path, values in (
        ("/quan-tri/dang-nhap", {"email": email, "password": one_time}),
        (
            "/quan-tri/doi-mat-khau",
            {"current_password": one_time, "new_password": STAFF_PASSWORD,
             "confirm": STAFF_PASSWORD},
        ),
    ):
        _, _, html = browser.open(base_url + path)
        token = BeautifulSoup(html, "html.parser").select_one("input[name=csrf_token]")["value"]
        status, _, body = browser.open(base_url + path, {**values, "csrf_token": token})
        assert status == 302, body[:2000]
    return browser


def submit_form(browser: Browser, base_url: str, path: str, selector: str, changes=()):
    _, _, html = browser.open(base_url + path)
    form = BeautifulSoup(html, "html.parser").select_one(selector)
    assert form is not None, html[:3000]
    values = dict(form_values(form))
    values.update(changes)
    return browser.open(base_url + form["action"], list(values.items()))


def test_a_fee_published_on_one_instance_shows_on_the_other_within_a_minute(stack):
    a, b = stack["apps"]
    page_on_b = f"{b.url}/thu-tuc/{FEE_CODE}"
    assert fetch(page_on_b)[0] == 200
    assert "12.345" not in fetch(page_on_b)[2].decode()
    pid_of_b = b.process.pid

    editor = staff_browser(stack, a.url, "bien.tap@scale-out.example.vn", "editor")
    status, headers, body = submit_form(
        editor, a.url, f"/quan-tri/thu-tuc/{FEE_CODE}", "form.editor-form",
        {
            "channels.0.fees.0.amount": TEST_AMOUNT,
            "meta.reason": "Kiểm thử hai phiên bản (dữ liệu thử)",
            "action": "submit",
        },
    )
    assert status == 302, body[:3000]
    draft_path = urllib.parse.urlsplit(headers["Location"]).path
    reviewer = staff_browser(stack, a.url, "duyet@scale-out.example.vn", "reviewer")
    status, _, body = submit_form(reviewer, a.url, draft_path, "form.publish-form")
    assert status == 303, body[:3000]
    published = time.monotonic()

    while "12.345" not in fetch(page_on_b)[2].decode():
        assert time.monotonic() - published < 60, "instance B still shows the old fee"
        time.sleep(1)
    assert b.process.poll() is None and b.process.pid == pid_of_b  # no restart
    # the search index of B followed: its health names the catalogue it serves
    health = json.loads(fetch(f"{b.url}/healthz")[2])
    assert health["index"]["ok"] is True

    # the YAML export and the static export read the effective catalogue
    flask = [str(Path(sys.executable).parent / "flask")]
    out = stack["base"] / "yaml-export"
    done = subprocess.run(
        [*flask, "catalog", "export", str(out)],
        cwd=ROOT, env=stack["release"], capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert load_catalog(out).get(FEE_CODE).channels[0].fees[0].amount == int(TEST_AMOUNT)
    done = subprocess.run(
        [*flask, "export-static", str(stack["base"] / "export"), "--no-posters"],
        cwd=ROOT, env=stack["release"], capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    status, headers, body = fetch(f"{stack['nginx'].url}/thu-tuc/{FEE_CODE}")
    assert (status, headers["X-Tthc-Source"]) == (200, "static")
    assert "12.345" in body.decode()


def test_every_printed_link_answers_after_both_instances_stop(stack):
    nginx = stack["nginx"]
    # Take the database away too, then the instances: /healthz tells before they go.
    stack["postgres"].stop()
    assert fetch(stack["apps"][0].url + "/healthz")[0] == 503
    for instance in stack["apps"]:
        instance.stop()
    assert fetch(f"{nginx.url}/phan-anh")[0] == 503

    failures = []
    for procedure in CATALOG:
        code = procedure.code
        page_status = 200 if procedure.is_active else 410
        checks = {
            f"/q/{code}": 302 if procedure.is_active else 410,
            f"/thu-tuc/{code}": page_status,
            f"/thu-tuc/{code}/{procedure.slug}": page_status,
            f"/qr/{code}.png": 200,
            f"/qr/{code}.svg": 200,
        }
        for unit in CATALOG.units_for(procedure):
            checks[f"/q/{code}/{unit.slug}"] = 302 if procedure.is_active else 410
        for path, expected in checks.items():
            status, headers, body = fetch(nginx.url + path)
            if status != expected:
                failures.append(f"{path}: {status} instead of {expected}")
            elif status == 302:
                target = headers["Location"]
                if not re.fullmatch(rf"/thu-tuc/{re.escape(code)}(/[a-z0-9-]+)?", target):
                    failures.append(f"{path}: redirects to {target}")
                elif fetch(nginx.url + target)[0] != 200:
                    failures.append(f"{path}: its target {target} does not answer")
            elif path.endswith(".png") and not body.startswith(b"\x89PNG"):
                failures.append(f"{path}: not a PNG")
    assert not failures, "\n".join(failures[:30])
    assert len(CATALOG) > 100  # the bundled catalogue, not a fixture
