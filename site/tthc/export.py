"""Freeze every public page, QR image and poster into files nginx serves without the app.

Printed QR codes hang at hundreds of counters; they must answer even while the application is
down. `flask export-static <dir>` renders each public URL once per language through a private
copy of the app (its own empty database, so the export never counts a scan nor touches citizens'
data) and writes:

    <dir>/site/...            pages as <path>/index.<lang>.html, other files at their own path,
                              each text file with a .gz twin for gzip_static
    <dir>/nginx/tthc-maps.conf    `map` blocks (http context): redirects, gone pages, language
    <dir>/nginx/tthc-site.conf    locations (server context): static first, the app for the rest
    <dir>/manifest.json       every exported URL with its status, for checks and monitoring
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
import tempfile
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import click
from flask import Flask, current_app, has_app_context, render_template
from flask.cli import with_appcontext

from tthc.errors import json_error
from tthc.export_nginx import write_nginx_config
from tthc.export_urls import discover_links, seed_urls
from tthc.i18n import DEFAULT_LANGUAGE, LANGUAGE_COOKIE, LANGUAGES, _

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


@dataclass
class ExportResult:
    """What was written: every URL with its status and, for redirects, where it points."""

    root: Path
    pages: dict[str, int] = field(default_factory=dict)
    redirects: dict[str, tuple[int, str]] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)
    broken: dict[str, int] = field(default_factory=dict)
    files: int = 0

    def manifest(self) -> dict:
        return {
            "pages": self.pages,
            "redirects": {path: list(target) for path, target in sorted(self.redirects.items())},
            "gone": sorted(self.gone),
            "broken": self.broken,
            "files": self.files,
        }


def private_app(config: dict, workdir: Path) -> Flask:
    """Create a copy of the app with its own empty database, index and instance folder."""
    from tthc import create_app

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
    return create_app(overrides)


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
            shutil.copytree(static_dir, self.site / "static", dirs_exist_ok=True)
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


def export_site(config: dict, root: Path, *, posters: bool = True) -> ExportResult:
    """Export the public site described by `config` into `root`, replacing it in one step."""
    root = root.resolve()
    root.parent.mkdir(parents=True, exist_ok=True)
    # Build beside the live export and swap: nginx never serves a half-written one.
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.", dir=root.parent))
    staging.chmod(0o755)  # nginx workers run as another user
    try:
        with tempfile.TemporaryDirectory(prefix="tthc-export-") as workdir:
            app = private_app(config, Path(workdir))
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


@click.command("export-static")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--posters/--no-posters", default=True, help="Also freeze the printable posters.")
@click.option("--strict", is_flag=True, help="Fail when a linked page does not answer.")
@with_appcontext
def export_static_command(directory: Path, posters: bool, strict: bool) -> None:
    """Freeze every public page, QR image and poster, and write the nginx configuration."""
    result = export_site(dict(current_app.config), directory.resolve(), posters=posters)
    click.echo(
        f"{len(result.pages)} pages ({len(result.gone)} gone), {len(result.redirects)} redirects, "
        f"{result.files} files in {result.root}"
    )
    for path, status in sorted(result.broken.items()):
        click.echo(f"warning: {path} answered {status}", err=True)
    # A dead link is the app's bug, not a reason to keep serving yesterday's fees: warn only.
    if result.broken and strict:
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    app.cli.add_command(export_static_command)
