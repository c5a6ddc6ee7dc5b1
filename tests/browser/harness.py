"""A live server and Debian's Chromium for the browser tests, plus the helpers they share.

Imported as fixtures by tests/browser/conftest.py and tests/a11y/conftest.py.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import pytest
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 360, "height": 740}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ABOLISHED_CODE = "1.999001"
ABOLISHED_REPLACEMENT = "1.004222"
STAFF_EMAIL = "canbo@example.gov.vn"
STAFF_PASSWORD = "Mat-khau-rat-dai-2026!"  # noqa: S105 (test account of a throwaway database)

# This file may be imported twice, as browser.harness and as tests.browser.harness: the state
# that must exist once per process (one Playwright per thread) lives in one registered module.
_PROCESS = sys.modules.setdefault("_tthc_browser_state", types.ModuleType("_tthc_browser_state"))
# Paths of the screenshots taken in this run, listed at the end of the test output.
SCREENSHOTS: list[Path] = _PROCESS.__dict__.setdefault("screenshots", [])


def chromium_executable() -> str | None:
    return next((path for path in CHROMIUM_CANDIDATES if os.access(path, os.X_OK)), None)


@dataclass
class LiveServer:
    """The app served over real HTTP on a free port, in a thread of the test process."""

    app: object
    base_url: str
    _server: object = field(repr=False)

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path)

    def url_for(self, endpoint: str, **values) -> str:
        from flask import url_for

        with self.app.test_request_context():
            return self.url(url_for(endpoint, **values))


def catalogue_with_an_abolished_procedure(tmp: Path) -> Path:
    """The bundled catalogue plus one replaced procedure, so the 410 page can be checked too."""
    import yaml

    target = tmp / "procedures"
    shutil.copytree(ROOT / "procedures", target)
    sources = sorted(target.glob(f"*/{ABOLISHED_REPLACEMENT}-*.yaml"))
    if sources:
        record = yaml.safe_load(sources[0].read_text(encoding="utf-8"))
        record.update(
            code=ABOLISHED_CODE,
            name="Đăng ký thường trú (thủ tục cũ, đã được thay thế)",
            status="replaced",
            abolished_on="2025-07-01",
            abolished_by="Quyết định 1234/QĐ-BCA ngày 30/6/2025",
            replaced_by=ABOLISHED_REPLACEMENT,
        )
        path = sources[0].parent / f"{ABOLISHED_CODE}-dang-ky-thuong-tru-cu.yaml"
        path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    return target


class Shared:
    """One instance per test process, even though two conftests (browser, a11y) ask for it.

    Playwright's sync API allows a single instance per thread, and one server is enough.
    """

    def __init__(self, start: Callable[[], tuple[object, Callable[[], None]]]):
        self.start, self.value, self.stop, self.users = start, None, None, 0

    @contextmanager
    def use(self):
        if self.users == 0:
            self.value, self.stop = self.start()
        self.users += 1
        try:
            yield self.value
        finally:
            self.users -= 1
            if self.users == 0:
                self.stop()
                self.value = self.stop = None


def _start_server(tmp: Path):
    from i18n.catalogues import compile_all
    from support import make_app

    compile_all()  # as scripts/_venv.sh does, so a bare `pytest` serves the current translations
    # Real forms with CSRF; no minimum fill time, a test types faster than a person.
    app = make_app(
        tmp,
        PROCEDURES_DIR=str(catalogue_with_an_abolished_procedure(tmp)),
        WTF_CSRF_ENABLED=True,
        FEEDBACK_MIN_FILL_SECONDS=0,
    )
    # Port 0: the system picks a free port, never a fixed one another test run may hold.
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        thread.join(timeout=10)

    return LiveServer(app, f"http://127.0.0.1:{server.server_port}/", server), stop


def _start_browser():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
    # Screenshots of an earlier run must not pass for this run's.
    shutil.rmtree(ARTIFACTS / "screenshots", ignore_errors=True)

    def stop():
        chromium.close()
        playwright.stop()

    return chromium, stop


_servers: dict[str, Shared] = _PROCESS.__dict__.setdefault("servers", {})
_browser: Shared = _PROCESS.__dict__.setdefault("browser", Shared(_start_browser))


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    shared = _servers.setdefault("live", Shared(lambda: _start_server(
        tmp_path_factory.mktemp("live"))))
    with shared.use() as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    if chromium_executable() is None:
        pytest.skip(
            "Chromium not found at /usr/lib/chromium/chromium or /usr/bin/chromium; "
            "scripts/test installs Debian's chromium package with apt"
        )
    with _browser.use() as chromium:
        yield chromium


def new_phone(browser, *, javascript: bool = True, **options):
    """A fresh phone-sized browser context: no cookies, 360×740, touch, Vietnamese by default."""
    for key, value in (("locale", "vi-VN"), ("viewport", PHONE), ("is_mobile", True),
                       ("has_touch", True)):
        options.setdefault(key, value)
    context = browser.new_context(java_script_enabled=javascript, **options)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def phone(browser):
    context = new_phone(browser)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_without_js(browser):
    context = new_phone(browser, javascript=False)
    yield context.new_page()
    context.close()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under tests/artifacts/screenshots and remember its path."""
    path = ARTIFACTS / "screenshots" / f"{slug(name)}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    SCREENSHOTS.append(path)
    return path


def require_axe() -> str:
    if not AXE.exists():
        pytest.skip(f"{AXE.relative_to(ROOT)} missing: run `npm ci` (scripts/test does)")
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, axe_source: str) -> list[str]:
    """Run axe-core in the page for the WCAG 2.x A/AA rules; describe each violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the site's CSP does not block it.
        page.evaluate(axe_source)
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                     resultTypes: ['violations']})""",
        WCAG_TAGS,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
        + "; ".join(
            f"{' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}"
            for node in violation["nodes"][:5]
        )
        for violation in result["violations"]
    ]


def write_terminal_summary(terminalreporter) -> None:
    """List the screenshots once, even when several conftests forward this hook."""
    if not SCREENSHOTS or getattr(terminalreporter, "_tthc_screenshots_listed", False):
        return
    terminalreporter._tthc_screenshots_listed = True
    terminalreporter.section("screenshots (phone width)")
    for path in dict.fromkeys(SCREENSHOTS):
        terminalreporter.write_line(str(path.relative_to(ROOT)))
