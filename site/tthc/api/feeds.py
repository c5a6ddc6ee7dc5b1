"""Atom feeds of the change log: the whole catalogue and one per field.

One entry per published change: which procedure, what changed, from when, under which decision,
so a journalist or a commune can follow fee and deadline changes without visiting every page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET  # noqa: S405  # nosec B405  # we only write XML, never parse it
from zoneinfo import ZoneInfo

from flask import Response, current_app, url_for
from flask_babel import force_locale, format_date

from tthc.api.changes import Entry, entries
from tthc.api.records import absolute
from tthc.api.views import bp
from tthc.catalog import get_catalog
from tthc.i18n import DEFAULT_LANGUAGE, _
from tthc.lookup import or_404

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MAX_ENTRIES = 200


def _timestamp(day: dt.date) -> str:
    """Midnight of a day in the site's time zone, as RFC 3339."""
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    return dt.datetime.combine(day, dt.time(), zone).isoformat()


def entry_id(entry: Entry) -> str:
    """A permanent id: the same change keeps it even when the log is reordered or extended."""
    host = urlsplit(current_app.config["SITE_URL"]).hostname or "localhost"
    text = f"{entry.change.date}|{entry.change.summary}|{entry.change.decision or ''}"
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return f"tag:{host},{entry.change.date.isoformat()}:/thu-tuc/{entry.procedure.code}/{digest}"


def _content(entry: Entry) -> str:
    change = entry.change
    summary = change.summary
    if not summary.endswith((".", "!", "?", "…")):
        summary += "."
    parts = [_("Từ ngày %(day)s:", day=format_date(change.date, "dd/MM/yyyy")), summary]
    if change.decision:
        parts.append(_("Căn cứ: %(decision)s.", decision=change.decision))
    return " ".join(parts)


def atom(title: str, self_url: str, page_url: str, items: list[Entry]) -> Response:
    with force_locale(DEFAULT_LANGUAGE):
        return _atom(title, self_url, page_url, items)


def _atom(title: str, self_url: str, page_url: str, items: list[Entry]) -> Response:
    catalog = get_catalog()
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {f"{{{XML_NS}}}lang": "vi"})

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attributes)
        element.text = text
        return element

    sub(feed, "id", self_url)
    sub(feed, "title", title)
    newest = items[0].change.date if items else max(
        (p.verified_on for p in catalog.procedures), default=dt.date(2000, 1, 1)
    )
    sub(feed, "updated", _timestamp(newest))
    sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    sub(feed, "link", rel="alternate", type="text/html", href=page_url)
    author = sub(feed, "author")
    sub(author, "name", catalog.agency.name)
    sub(author, "uri", current_app.config["SITE_URL"])
    for item in items[:MAX_ENTRIES]:
        procedure = item.procedure
        field = catalog.field(procedure.field)
        element = sub(feed, "entry")
        sub(element, "id", entry_id(item))
        sub(element, "title", procedure.name)
        sub(element, "updated", _timestamp(item.change.date))
        sub(element, "published", _timestamp(item.change.date))
        page = absolute(url_for("catalog.procedure", code=procedure.code))
        sub(element, "link", rel="alternate", type="text/html", href=page)
        if field:
            sub(element, "category", term=field.slug, label=field.name)
        sub(element, "content", _content(item), type="text")
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype="application/atom+xml")


# Feeds are in Vietnamese, like the changes they carry: one URL, one text, for every cache and
# for the static export (a feed reader sends no language cookie).
@bp.get("/thay-doi.atom")
def feed():
    catalog = get_catalog()
    with force_locale(DEFAULT_LANGUAGE):
        title = _("Thay đổi thủ tục hành chính") + f" · {catalog.agency.name}"
    return atom(
        title,
        absolute(url_for("api.feed")),
        absolute(url_for("catalog.home")),
        entries(catalog),
    )


@bp.get("/linh-vuc/<slug>/thay-doi.atom")
def field_feed(slug: str):
    catalog = get_catalog()
    field = or_404(catalog.field(slug))
    with force_locale(DEFAULT_LANGUAGE):
        title = _("Thay đổi thủ tục hành chính") + f" · {field.name}"
    return atom(
        title,
        absolute(url_for("api.field_feed", slug=slug)),
        absolute(url_for("catalog.field", slug=slug)),
        entries(catalog, field.slug),
    )
