"""`flask qr …`: print posters in bulk."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from tqdm import tqdm

from tthc import clock
from tthc.catalog import get_catalog
from tthc.qr.posters import SIZES, handouts_pdf, posters_pdf, select_procedures

qr_cli = AppGroup("qr", help="QR codes and printable posters.")


def _unit_option(unit: str | None, field_slug: str | None):
    """Check the --unit and --field options; return the unit's record (None for all units)."""
    catalog = get_catalog()
    unit_record = catalog.unit(unit) if unit else None
    if unit and unit_record is None:
        raise click.BadParameter(f"unknown unit '{unit}'", param_hint="--unit")
    if field_slug and catalog.field(field_slug) is None:
        raise click.BadParameter(f"unknown field '{field_slug}'", param_hint="--field")
    return unit_record


def _selected(unit_record, field_slug: str | None) -> list:
    procedures = select_procedures(unit_record, field_slug)
    if not procedures:
        raise click.ClickException("no active procedure matches these options")
    return procedures


def _batch_options(unit_help: str):
    """--unit, --field and --out: which procedures go into the PDF, and where it is written."""

    def decorate(command):
        command = click.option(
            "--out",
            type=click.Path(dir_okay=False, path_type=Path),
            required=True,
            help="PDF to write.",
        )(command)
        command = click.option(
            "--field", "field_slug", help="Only procedures of this field (slug)."
        )(command)
        return click.option("--unit", help=unit_help)(command)

    return decorate


def _progress(procedures: list, unit: str):
    return lambda pages: tqdm(pages, total=len(procedures), unit=unit)


def _write(out: Path, body: bytes, count: int, what: str) -> None:
    out.write_bytes(body)
    click.echo(f"{count} {what}, {len(body) / 1024:.0f} KiB: {out}")


@qr_cli.command("posters")
@_batch_options("Only procedures received by this unit (slug); its QR codes name it.")
@click.option("--size", type=click.Choice(SIZES), default="a4", show_default=True)
def posters(unit: str | None, field_slug: str | None, size: str, out: Path) -> None:
    """Write one multi-page PDF with a poster per active procedure."""
    unit_record = _unit_option(unit, field_slug)
    # Poster texts go through gettext and Babel, which pick the language from a request.
    with current_app.test_request_context():
        procedures = _selected(unit_record, field_slug)
        body = posters_pdf(
            procedures, size, clock.today(), unit_record, progress=_progress(procedures, "poster")
        )
    _write(out, body, len(procedures), "posters")


CHANNEL_CHOICES = ("truc-tiep", "truc-tuyen", "buu-chinh")


@qr_cli.command("handouts")
@_batch_options("Only procedures received by this unit (slug).")
@click.option(
    "--channel",
    type=click.Choice(CHANNEL_CHOICES),
    default="truc-tiep",
    show_default=True,
    help="Fee and time of this channel (a procedure without it shows its first channel).",
)
def handouts(unit: str | None, field_slug: str | None, channel: str, out: Path) -> None:
    """Write one PDF with an A5 what-to-bring handout per active procedure."""
    unit_record = _unit_option(unit, field_slug)
    with current_app.test_request_context():
        procedures = _selected(unit_record, field_slug)
        body = handouts_pdf(
            procedures,
            clock.today(),
            channel.replace("-", "_"),
            progress=_progress(procedures, "handout"),
        )
    _write(out, body, len(procedures), "handouts")
