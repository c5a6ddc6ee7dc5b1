"""Which URLs the static export freezes: seeds from the catalogue, then links found in pages."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

from flask import Flask, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from tthc.i18n import LANGUAGE_PARAM

# Blueprints whose GET pages are the same for everyone and can live as files.
EXPORTED_BLUEPRINTS = ("catalog", "qr", "api")
# Endpoints of those blueprints that must always reach the app.
NOT_EXPORTED = {"catalog.ping", "api.search"}
POSTER_ENDPOINTS = {"qr.poster", "qr.field_poster"}
POSTER_FORMATS = ("pdf", "png")
QR_FORMATS = ("png", "svg")


def exportable(app: Flask, path: str, *, posters: bool = True) -> bool:
    """Tell whether a path is a public page of an exported blueprint."""
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _ = adapter.match(path, method="GET")
    except RequestRedirect:
        return True  # werkzeug's own redirects (a trailing slash) are worth freezing too
    except HTTPException:
        return False
    if endpoint in NOT_EXPORTED or (not posters and endpoint in POSTER_ENDPOINTS):
        return False
    return endpoint.partition(".")[0] in EXPORTED_BLUEPRINTS


def seed_urls(app: Flask, *, posters: bool = True) -> list[str]:
    """Every URL a citizen can reach from print or the catalogue (needs a request context)."""
    from tthc.api.models import RESPONSES
    from tthc.catalog import get_catalog
    from tthc.qr.posters import SIZES

    catalog = get_catalog()
    urls = [url_for("catalog.home"), url_for("catalog.fields"), url_for("catalog.units")]
    urls += [url_for("catalog.field", slug=f.slug) for f in catalog.fields]
    urls += [url_for("catalog.unit", slug=u.slug) for u in catalog.units]
    urls += [url_for("qr.rating", unit=u.slug, fmt=x) for u in catalog.units for x in QR_FORMATS]
    for procedure in catalog.procedures:
        code = procedure.code
        urls.append(url_for("catalog.procedure", code=code))
        urls.append(url_for("catalog.procedure", code=code, slug=procedure.slug))
        urls.append(url_for("qr.short", code=code))
        units = catalog.units_for(procedure) if procedure.is_active else catalog.units
        urls += [url_for("qr.short", code=code, unit=u.slug) for u in units]
        urls += [url_for(name, code=code) for name in ("qr.png", "qr.svg")]
        if posters and procedure.is_active:
            urls += [
                url_for("qr.poster", code=code, size=size, fmt=fmt)
                for size in SIZES
                for fmt in POSTER_FORMATS
            ]
    # The open data: one JSON file per procedure, schemas, field feeds.
    urls += [url_for("api.procedure", code=p.code) for p in catalog.procedures]
    urls += [url_for("api.schema", name=name) for name in RESPONSES]
    urls += [url_for("api.field_feed", slug=f.slug) for f in catalog.fields]
    for f in catalog.fields:
        urls.append(url_for("qr.field", field=f.slug))
        if posters:
            urls += [url_for("qr.field_poster", field=f.slug, fmt=fmt) for fmt in POSTER_FORMATS]
    # Fixed documents of the exported blueprints: sitemap, robots.txt, OpenSearch and the like.
    for rule in app.url_map.iter_rules():
        if rule.arguments or "GET" not in (rule.methods or ()) or rule.endpoint in NOT_EXPORTED:
            continue
        if rule.endpoint.partition(".")[0] in EXPORTED_BLUEPRINTS:
            urls.append(url_for(rule.endpoint))
    return list(dict.fromkeys(urls))


class _LinkParser(HTMLParser):
    ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        wanted = self.ATTRIBUTES.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.links.append(value)


def local_path(link: str) -> str | None:
    """Return the path of a same-site link without fragment and language; None if not a file."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    query = [pair for pair in parse_qsl(parts.query) if pair[0] != LANGUAGE_PARAM]
    return None if query else parts.path


def discover_links(app: Flask, html: bytes, *, posters: bool = True) -> list[str]:
    """Return the exportable same-site paths a page links to."""
    parser = _LinkParser()
    parser.feed(html.decode("utf-8", "replace"))
    paths = (local_path(link) for link in parser.links)
    return [path for path in paths if path and exportable(app, path, posters=posters)]
