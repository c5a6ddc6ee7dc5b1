"""Life-event guides (/huong-dan) and the what-to-bring handout (/thu-tuc/<code>/giay-to).

The routes live on the catalogue's blueprint: they are catalogue pages, cached and exported
like the procedure pages.
"""

from __future__ import annotations

from flask import Flask, current_app, redirect, render_template, url_for

from tthc import clock
from tthc.catalog.handout import handout as handout_of
from tthc.catalog.handout import more_line, print_documents
from tthc.catalog.models import Channel
from tthc.catalog.views import _catalog, bp, procedure_or_404
from tthc.lookup import or_404

# The channel in the handout's address, in the words of the page addresses.
CHANNEL_SLUGS = {
    Channel.IN_PERSON: "truc-tiep",
    Channel.ONLINE: "truc-tuyen",
    Channel.POSTAL: "buu-chinh",
}
_BY_SLUG = {slug: channel for channel, slug in CHANNEL_SLUGS.items()}


@bp.record_once
def _setup(state) -> None:
    app: Flask = state.app

    def guide_places(code: str):
        return _catalog().guide_places(code)

    app.jinja_env.globals.update(guide_places=guide_places, channel_slugs=CHANNEL_SLUGS)


def _short_link(code: str) -> str:
    """Return the permanent short link a QR code encodes."""
    return current_app.config["SITE_URL"] + url_for("qr.short", code=code)


@bp.get("/huong-dan")
def guides():
    return render_template("guides/index.html", guides=_catalog().guides)


@bp.get("/huong-dan/<slug>")
def guide(slug: str):
    catalog = _catalog()
    return render_template(
        "guides/guide.html", guide=or_404(catalog.guide(slug)), catalog=catalog, day=clock.today()
    )


@bp.get("/thu-tuc/<code>/giay-to")
@bp.get("/thu-tuc/<code>/giay-to/<channel>")
def handout(code: str, channel: str | None = None):
    catalog = _catalog()
    record = procedure_or_404(catalog, code)
    if not record.is_active:
        return redirect(url_for("catalog.procedure", code=record.code), 301)
    wanted = _BY_SLUG.get(channel) if channel else None
    if channel is not None and wanted not in record.available_channels:
        # An unknown or unavailable channel: the handout of the default one.
        return redirect(url_for("catalog.handout", code=record.code), 301)
    if record.code != code:
        return redirect(url_for("catalog.handout", code=record.code, channel=channel), 301)
    content = handout_of(catalog, record, wanted.value if wanted else None)
    # On paper the list may be shortened to fit one A5 sheet; the screen shows all of it.
    page_url = current_app.config["SITE_URL"] + url_for("catalog.handout", code=record.code)
    full_list = page_url.split("://", 1)[-1]
    printed = print_documents(content, full_list)
    return render_template(
        "guides/handout.html",
        handout=content,
        printed=printed.documents,
        printed_columns=printed.columns,
        printed_more=(
            more_line(printed.documents.omitted, full_list) if printed.documents.omitted else None
        ),
        procedure=record,
        day=clock.today(),
        field=catalog.field(record.field),
        qr_url=url_for("qr.svg", code=record.code),
        qr_link=_short_link(record.code),
    )
