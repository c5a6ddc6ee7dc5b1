"""The README's first command on a clean checkout, read as a visitor would read the site.

The suite's own app fixtures compile catalogues and configure everything themselves, so they
cannot see a set-up step of `scripts/serve` that fails (once, no translation was ever built and
every English or Khmer visitor read Vietnamese). This test copies what a clone would hold (the
files git tracks or would track, nothing built), runs `scripts/serve` there exactly as the README
says, reads pages over HTTP and stops the server by its PID.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from production.servers import free_port
from qr.images import decode, png_image
from support import ROOT

pytestmark = pytest.mark.slow

CODE = "1.004222"
TRANSLATIONS = ROOT / "site" / "tthc" / "translations"
VIETNAMESE_ONLY = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
# Where interface text lives on a page (official procedure text stays Vietnamese elsewhere).
INTERFACE = "nav a, h2, h3, label, button, summary, th, footer a, .skip-link"
# Installing the project into a new .venv may download from PyPI on a cold cache.
START_TIMEOUT = 900


def clean_checkout(target: Path) -> Path:
    """Copy the files a clone would have: tracked or trackable, none of the build output."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, check=True, capture_output=True,
    ).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is not there
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def fresh_machine_environment(port: int) -> dict[str, str]:
    """The environment of a new shell: no virtualenv of ours, no test settings."""
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if "/.venv/" not in p + "/"]
    keep = ("HOME", "LANG", "LC_ALL", "TMPDIR", "USER", "PIP_INDEX_URL", "PIP_CACHE_DIR")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    return {**env, "PATH": os.pathsep.join(path), "BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "2"}


def fetch(base: str, path: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`scripts/serve` on a free port in a clean checkout; yields its base URL."""
    checkout = clean_checkout(tmp_path_factory.mktemp("clone"))
    port = free_port()
    log = (checkout / "serve.log").open("wb")
    process = subprocess.Popen(
        [str(checkout / "scripts" / "serve")], cwd=checkout, stdout=log, stderr=subprocess.STDOUT,
        env=fresh_machine_environment(port), start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"scripts/serve exited with {process.returncode}:\n"
                            + (checkout / "serve.log").read_text(errors="replace")[-4000:])
            try:
                if fetch(base, "/healthz/ping")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("scripts/serve did not answer within the timeout")
            time.sleep(0.5)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)  # gunicorn's master: scripts/serve execs it
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
    assert process.returncode is not None


def interface_strings(language: str) -> tuple[set[str], set[str]]:
    """Return the Vietnamese interface strings that `language` translates, and the translations."""
    path = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    vietnamese, translated = set(), set()
    for message in catalog:
        if isinstance(message.id, str) and message.id and message.string != message.id:
            if VIETNAMESE_ONLY.search(message.id):
                vietnamese.add(message.id)
            translated.add(message.string)
    return vietnamese, translated


def page(html: bytes) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def texts(soup: BeautifulSoup, selector: str) -> list[str]:
    return [" ".join(node.get_text(" ", strip=True).split()) for node in soup.select(selector)]


@pytest.mark.parametrize("language", ["en", "km"])
def test_procedure_page_interface_is_translated(served, language):
    status, kind, body = fetch(served, f"/thu-tuc/{CODE}?lang={language}")
    assert (status, kind) == (200, "text/html")
    soup = page(body)
    assert soup.html["lang"] == language
    vietnamese, translated = interface_strings(language)
    left = [text for text in texts(soup, INTERFACE) if text in vietnamese]
    assert not left, f"Vietnamese interface strings on the {language} page: {left}"
    navigation = texts(soup, ".site-nav a")
    assert navigation and all(text in translated for text in navigation[:3]), navigation


def test_vietnamese_page_and_search_answer(served):
    status, _, body = fetch(served, f"/thu-tuc/{CODE}")
    assert status == 200 and page(body).html["lang"] == "vi"
    status, _, body = fetch(served, "/tim-kiem?q=lam+cccd")
    results = page(body).select("main a[href*='/thu-tuc/']")
    assert status == 200 and results, "the search page found nothing for 'lam cccd'"


def test_qr_image_scans_and_poster_is_a_pdf(served):
    status, kind, body = fetch(served, f"/qr/{CODE}.png")
    assert (status, kind) == (200, "image/png")
    assert any(text.endswith(f"/q/{CODE}") for text in decode(png_image(body)))
    status, kind, body = fetch(served, f"/qr/{CODE}/a4.pdf")
    assert (status, kind) == (200, "application/pdf") and body.startswith(b"%PDF")


def test_feedback_form_renders(served):
    status, _, body = fetch(served, "/phan-anh?lang=en")
    form = page(body).select_one("main form[method=post]")
    assert status == 200 and form is not None
    assert form.select_one("input[name=csrf_token]") is not None


def test_favicon_is_linked_and_answers(served):
    icon = page(fetch(served, "/")[2]).select_one("head link[rel=icon]")
    assert icon is not None and icon["href"] == "/favicon.ico"
    status, kind, body = fetch(served, "/favicon.ico")
    assert status == 200 and kind in {"image/vnd.microsoft.icon", "image/x-icon"} and body
