"""Editor commands: flask catalog check | import | export | schema.

The group is a plain click group registered as a ``flask.commands`` entry point, so it runs
without create_app(): ``check`` must work precisely when the catalogue is too broken to start.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from tthc.catalog.loader import CatalogError, load_catalog


def default_dir() -> str:
    """Return the catalogue folder: PROCEDURES_DIR from the environment or the bundled one."""
    from tthc.config import DEFAULTS

    return os.environ.get("PROCEDURES_DIR") or DEFAULTS["PROCEDURES_DIR"]


_dir_option = click.option(
    "--dir",
    "root",
    type=click.Path(file_okay=False, path_type=Path),
    default=default_dir,
    show_default="PROCEDURES_DIR or procedures/",
    help="Catalogue folder.",
)


_state_dir_option = click.option(
    "--state-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    show_default="reference/ beside the catalogue folder",
    help="Folder of the import's state (import-state.json) and review list (REVIEW.md).",
)


def state_dir_of(root: Path, state_dir: Path | None) -> Path:
    """Return the import's state folder: the one given, else reference/ beside ``root``."""
    from tthc.catalog.importer.run import default_state_dir

    return state_dir if state_dir is not None else default_state_dir(root)


def _shown(path: Path) -> Path:
    """Return a path relative to the working directory when it is under it (shorter to read)."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


@click.group("catalog", help="Check, import and describe the procedure catalogue.")
def catalog_cli() -> None:
    """Group the catalogue commands."""


@catalog_cli.command("check")
@_dir_option
@_state_dir_option
def check(root: Path, state_dir: Path | None) -> None:
    """Validate every catalogue file; list every problem and exit 1 when there is one."""
    try:
        catalog = load_catalog(root)
    except CatalogError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        click.echo(f"{len(exc.problems)} problem(s) in {root}", err=True)
        sys.exit(1)
    from tthc.catalog.rules import check_catalog

    findings = check_catalog(catalog)
    errors = [f for f in findings if f.is_error]
    for finding in findings:
        click.echo(finding.line(), err=finding.is_error)
    if errors:
        click.echo(
            f"{len(errors)} content error(s), {len(findings) - len(errors)} warning(s) in {root}",
            err=True,
        )
        sys.exit(1)
    if findings:
        from tthc.catalog.importer.run import REPORT_FILE

        review = state_dir_of(root, state_dir) / REPORT_FILE
        click.echo(f"{len(findings)} warning(s): each one is reviewed in {_shown(review)}")
    active = len(catalog.active)
    click.echo(
        f"ok: {len(catalog)} procedures ({active} active), {len(catalog.fields)} fields, "
        f"{len(catalog.units)} units, {len(catalog.guides)} guides, version {catalog.version}"
    )


@catalog_cli.command("import")
@click.argument("export", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--into",
    type=click.Path(file_okay=False, path_type=Path),
    default=default_dir,
    show_default="PROCEDURES_DIR or procedures/",
    help="Catalogue folder to write (needs its fields.yaml).",
)
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
@_state_dir_option
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the review list [default: <state-dir>/REVIEW.md, none with --dry-run].",
)
@click.option(
    "--verified-on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date the export was taken from the portal [default: 2026-07-01, the reference's].",
)
@click.option("--quiet", is_flag=True, help="No progress bar, no list of values to review.")
def import_(
    export: Path,
    into: Path,
    dry_run: bool,
    state_dir: Path | None,
    report: Path | None,
    verified_on: dt.datetime | None,
    quiet: bool,
) -> None:
    """Import the national portal's export (JSON) into procedure files."""
    from tqdm import tqdm

    from tthc.catalog.importer import report as import_report
    from tthc.catalog.importer.run import DEFAULT_VERIFIED_ON, REPORT_FILE, ImportFailed, run_import

    state_dir = state_dir_of(into, state_dir)
    show_bar = not quiet and sys.stderr.isatty()

    def progress(items):
        return tqdm(items, desc="import", unit="thủ tục", disable=not show_bar, leave=False)

    try:
        result = run_import(
            export,
            into,
            dry_run=dry_run,
            state_dir=state_dir,
            verified_on=verified_on.date() if verified_on else DEFAULT_VERIFIED_ON,
            progress=progress,
        )
    except ImportFailed as exc:
        raise click.ClickException(str(exc)) from exc
    for line in import_report.diff_lines(result):
        click.echo(line)
    if not quiet and result.findings:
        click.echo(f"\nTo review ({len(result.findings)}):")
        for finding in result.findings:
            click.echo(f"  {finding.line()}")
    for problem in result.invalid:
        click.echo(f"invalid: {problem}", err=True)
    report = report or (None if dry_run else state_dir / REPORT_FILE)
    if report is not None:
        text = import_report.review_markdown(result, export.name, dt.date.today())
        report.write_text(text + import_report.kept_section(report), encoding="utf-8")
        click.echo(f"review list written to {_shown(report)}")
    prefix = "dry run, nothing written: " if dry_run else ""
    click.echo(prefix + import_report.summary(result))
    if result.invalid:
        sys.exit(1)


@catalog_cli.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def export(directory: Path) -> None:
    """Write the effective catalogue (bundled files + published revisions) as YAML files."""
    from flask import current_app

    from tthc.catalog.export_yaml import export_catalog
    from tthc.catalog.store import catalog_store

    store = catalog_store()
    catalog = store.current()
    store.refresh()  # the newest revisions, whatever this process read at start
    catalog = store.current()
    root = Path(current_app.config["PROCEDURES_DIR"])
    changed = export_catalog(catalog, store.baseline, root, directory)
    click.echo(
        f"{len(catalog)} procedures written to {directory} "
        f"({changed} from published revisions), version {catalog.version}"
    )


@catalog_cli.command("schema")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write [default: <PROCEDURES_DIR>/schema.json].",
)
def schema(output: Path | None) -> None:
    """Write the JSON schema of a procedure file, for editor autocompletion."""
    from tthc.catalog.schema import schema_text

    output = output or Path(default_dir()) / "schema.json"
    output.write_text(schema_text(), encoding="utf-8")
    click.echo(f"schema written to {output}")
