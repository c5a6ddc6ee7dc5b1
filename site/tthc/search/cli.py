"""Search commands: flask search reindex | zero-results."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup
from tqdm import tqdm

search_cli = AppGroup("search", help="Build the search index and read what people searched for.")


@search_cli.command("reindex")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def reindex(quiet: bool) -> None:
    """Rebuild the search index from the catalogue and swap it in."""
    from tthc.catalog import get_catalog
    from tthc.search import build_index

    total = len(get_catalog())
    with tqdm(total=total, unit="thủ tục", disable=quiet, file=sys.stderr) as bar:
        build = build_index(force=True, progress=bar.update)
    click.echo(f"Indexed {total} procedures into {build}")


@search_cli.command("zero-results")
@click.option("--limit", default=30, show_default=True, help="How many queries to show.")
def zero_results_report(limit: int) -> None:
    """Show the searches that found nothing, most frequent first."""
    from tthc.search import zero_results

    rows = zero_results.top(current_app.instance_path, limit)
    if not rows:
        click.echo("No zero-result searches recorded.")
        return
    width = max(len(str(count)) for _, count in rows)
    for query, count in rows:
        click.echo(f"{count:>{width}}  {query}")
