"""The static export: every public page, QR image and poster as files nginx serves without the app.

Printed QR codes hang at hundreds of counters; they must answer even while the application is
down. `flask export-static <dir>` renders each public URL once per language through a private
copy of the app (its own empty database, so the export never counts a scan nor touches citizens'
data) and writes:

    <dir>/site/...            pages as <path>/index.<lang>.html, other files at their own path,
                              each text file with a .gz twin for gzip_static
    <dir>/nginx/tthc-maps.conf    `map` blocks (http context): redirects, gone pages, language
    <dir>/nginx/tthc-site.conf    locations (server context): static first, the app for the rest
    <dir>/manifest.json       every exported URL with its status, for checks and monitoring

Modules: urls (which URLs), freeze (render and write them), nginx (the configuration),
result (what was written, shared by freeze and nginx). The private copy is made by the
application factory that create_app hands to init_app: nothing here imports create_app.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from tthc.export.freeze import AppFactory, export_site
from tthc.export.result import ExportResult

__all__ = ["AppFactory", "ExportResult", "export_site", "init_app"]

EXTENSION = "tthc_export_factory"


@click.command("export-static")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--posters/--no-posters", default=True, help="Also freeze the printable posters.")
@click.option("--strict", is_flag=True, help="Fail when a linked page does not answer.")
@with_appcontext
def export_static_command(directory: Path, posters: bool, strict: bool) -> None:
    """Freeze every public page, QR image and poster, and write the nginx configuration."""
    factory = current_app.extensions[EXTENSION]
    result = export_site(factory, dict(current_app.config), directory.resolve(), posters=posters)
    click.echo(
        f"{len(result.pages)} pages ({len(result.gone)} gone), {len(result.redirects)} redirects, "
        f"{result.files} files in {result.root}"
    )
    for path, status in sorted(result.broken.items()):
        click.echo(f"warning: {path} answered {status}", err=True)
    # A dead link is the app's bug, not a reason to keep serving yesterday's fees: warn only.
    if result.broken and strict:
        raise SystemExit(1)


def init_app(app: Flask, factory: AppFactory) -> None:
    """Add `flask export-static`; `factory` makes the private copy (create_app passes itself)."""
    app.extensions[EXTENSION] = factory
    app.cli.add_command(export_static_command)
