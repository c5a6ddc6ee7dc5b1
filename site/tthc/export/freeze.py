"""Freeze every public page, QR image and poster into files (what is written: tthc.export)."""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, current_app, has_app_context, render_template

from tthc.export.nginx import write_nginx_config
from tthc.export.result import ExportResult
from tthc.export.urls import discover_links, seed_urls
from tthc.i18n import DEFAULT_LANGUAGE, LANGUAGE_COOKIE, LANGUAGES, _
from tthc.web.errors import json_error
from tthc.web.stylesheets import minified

# The application factory (tthc.create_app), handed in by whoever calls: this package sits below
# the factory and never imports it.
AppFactory = Callable[[dict], Flask]

log = logging.getLogger(__name__)

# Configuration the private app copies from the running one; everything stateful is replaced.
COPIED_KEYS = (
    "ENV_NAME",
    "SECRET_KEY",
    "SITE_URL",
    "PROCEDURES_DIR",
    "STATIC_DIR",
    "TODAY",
    "TIMEZONE",
    "PREFERRED_URL_SCHEME",
)
UNKNOWN_PATH = "/thu-tuc/0.000000"  # a well-formed code that no procedure will ever have
UNKNOWN_API_PATH = "/api/v1/khong-co"
REDIRECTS = {301, 302, 303, 307, 308}
GZIP_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "image/svg+xml",
    "application/ld",
    "application/atom+xml",
    "application/schema+json",
    "application/opensearchdescription+xml",
)
EXTENSIONS = {
    "text/html": "html",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/json": "json",
    "application/ld+json": "jsonld",
    "text/plain": "txt",
    "image/png": "png",
    "image/svg+xml": "svg",
    "application/pdf": "pdf",
    "application/atom+xml": "atom",
    "application/schema+json": "json",
    "application/opensearchdescription+xml": "xml",
}
# A path ending in one of these is a file; any other dot (/api/v1/procedures/1.004222) is not.
FILE_SUFFIXES = {*EXTENSIONS.values(), "gz"}


def private_app(factory: AppFactory, config: dict, workdir: Path) -> Flask:
    """Create a copy of the app with its own empty database, index and instance folder."""
    overrides = {key: config[key] for key in COPIED_KEYS if key in config}
    overrides.update(
        INSTANCE_PATH=str(workdir / "instance"),
        DATABASE_URL=f"sqlite:///{workdir / 'export.db'}",
        INDEX_DIR=str(workdir / "index"),
        UPLOAD_DIR=str(workdir / "uploads"),
        RATELIMIT_ENABLED=False,
        HTTP_MEMO_ENTRIES=0,
        CATALOG_RELOAD_SECONDS=None,  # its catalogue comes from the live app (_same_catalogue)
    )
    return factory(overrides)


def _local_target(location: str) -> str:
    """Turn a redirect's Location into a path on this site (absolute URLs lose their host)."""
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _file_path(site: Path, path: str, mimetype: str, language: str) -> Path:
    """Where the body of a URL goes: pages as folder indexes, other files at their own path."""
    relative = path.strip("/")
    if mimetype == "text/html":
        return site / relative / f"index.{language}.html"
    if Path(relative).suffix.lstrip(".") in FILE_SUFFIXES:
        return site / relative
    return site / relative / f"index.{EXTENSIONS.get(mimetype, 'bin')}"


def _write(target: Path, body: bytes, mimetype: str) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    if mimetype.startswith(GZIP_TYPES) and len(body) > 512:
        Path(f"{target}.gz").write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
        return 2
    return 1


class Exporter:
    """Walk the public site breadth-first from the seeds and freeze what it finds."""

    def __init__(self, app: Flask, root: Path, served_from: Path, *, posters: bool = True):
        self.app = app
        self.root = root  # where the files are written now
        self.served_from = served_from  # where nginx will find them
        self.site = root / "site"
        self.posters = posters
        self.result = ExportResult(served_from)

    def run(self) -> ExportResult:
        self.site.mkdir(parents=True)
        with self.app.test_request_context():
            seeds = seed_urls(self.app, posters=self.posters)
        queue = deque(seeds)
        seen = set(seeds)
        clients = {}
        for language in LANGUAGES:
            clients[language] = self.app.test_client()
            clients[language].set_cookie(LANGUAGE_COOKIE, language)
        while queue:
            path = queue.popleft()
            for link in self._freeze(path, clients):
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
        self._copy_static()
        self._write_error_pages(clients)
        write_nginx_config(self.root, self.result, served_from=self.served_from)
        (self.root / "manifest.json").write_text(
            json.dumps(self.result.manifest(), ensure_ascii=False, indent=1, sort_keys=True)
        )
        return self.result

    def _freeze(self, path: str, clients: dict) -> list[str]:
        response = clients[DEFAULT_LANGUAGE].get(path)
        status = response.status_code
        links: list[str] = []
        if status in REDIRECTS:
            target = _local_target(response.headers["Location"])
            self.result.redirects[path] = (status, target)
            links.append(target.partition("?")[0])
        elif status in (200, 410):
            mimetype = response.mimetype or "application/octet-stream"
            self.result.pages[path] = status
            if status == 410:
                self.result.gone.add(path)
            languages = LANGUAGES if mimetype == "text/html" else [DEFAULT_LANGUAGE]
            for language in languages:
                if language != DEFAULT_LANGUAGE:
                    response = clients[language].get(path)
                body = response.get_data()
                target = _file_path(self.site, path, mimetype, language)
                self.result.files += _write(target, body, mimetype)
                if mimetype == "text/html":
                    links.extend(discover_links(self.app, body, posters=self.posters))
        else:
            self.result.broken[path] = status
            log.warning("export: %s answered %s", path, status)
        return links

    def _copy_static(self) -> None:
        static_dir = Path(self.app.config["STATIC_DIR"])
        if static_dir.is_dir():
            shutil.copytree(
                static_dir,
                self.site / "static",
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("*.css"),
            )
            for source in static_dir.rglob("*.css"):  # the bytes the app serves, and a .gz
                target = self.site / "static" / source.relative_to(static_dir)
                self.result.files += _write(target, minified(source).body, "text/css")
            favicon = static_dir / "favicon.ico"
            if favicon.is_file():
                shutil.copy2(favicon, self.site / "favicon.ico")  # nginx's try_files $uri finds it

    def _write_error_pages(self, clients: dict) -> None:
        """Freeze the pages nginx shows for an unknown path, and while the app is down."""
        errors = self.site / "_errors"
        for language in LANGUAGES:
            response = clients[language].get(UNKNOWN_PATH)
            self.result.files += _write(errors / f"404.{language}.html", response.get_data(), "")
            with self.app.test_request_context(headers={"Cookie": f"{LANGUAGE_COOKIE}={language}"}):
                html = render_template(
                    "errors/error.html", code=503, title=_("Dịch vụ tạm thời gián đoạn")
                )
            self.result.files += _write(errors / f"503.{language}.html", html.encode(), "")
            # The API's own answers: JSON with a message, never an HTML page.
            response = clients[language].get(UNKNOWN_API_PATH)
            self.result.files += _write(errors / f"404.{language}.json", response.get_data(), "")
            with self.app.test_request_context(headers={"Cookie": f"{LANGUAGE_COOKIE}={language}"}):
                body = json_error(503, _("Dịch vụ tạm thời gián đoạn")).get_data()
            self.result.files += _write(errors / f"503.{language}.json", body, "")


def export_site(
    factory: AppFactory, config: dict, root: Path, *, posters: bool = True
) -> ExportResult:
    """Export the public site `factory` makes from `config` into `root`, replacing it in one
    step."""
    root = root.resolve()
    root.parent.mkdir(parents=True, exist_ok=True)
    # Build beside the live export and swap: nginx never serves a half-written one.
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.", dir=root.parent))
    staging.chmod(0o755)  # nginx workers run as another user
    try:
        with tempfile.TemporaryDirectory(prefix="tthc-export-") as workdir:
            app = private_app(factory, config, Path(workdir))
            _same_catalogue(app)
            with _quiet_scan_counter():
                result = Exporter(app, staging, root, posters=posters).run()
        _swap(staging, root)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return result


def _same_catalogue(app: Flask) -> None:
    """The copy's database is empty: give it the published revisions the live app serves."""
    if has_app_context() and "catalog_store" in current_app.extensions:
        live = current_app.extensions["catalog_store"]
        live.refresh()
        app.extensions["catalog_store"].adopt(live)


@contextmanager
def _quiet_scan_counter():
    """The private copy has no tables: each short link's scan count fails, on purpose."""
    logger = logging.getLogger("tthc.qr.scans")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _swap(new: Path, root: Path) -> None:
    old = root.with_name(f".{root.name}.old-{os.getpid()}")
    if root.exists():
        os.rename(root, old)
    os.rename(new, root)
    shutil.rmtree(old, ignore_errors=True)
