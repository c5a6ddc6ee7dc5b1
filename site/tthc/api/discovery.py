"""How search engines and browsers find the site: sitemap, robots.txt, OpenSearch, head links."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.etree import ElementTree as ET  # noqa: S405  # nosec B405  # we only write XML, never parse it

from flask import Response, current_app, request, url_for
from flask_babel import force_locale
from markupsafe import Markup

from tthc import clock
from tthc.api.changes import last_modified, latest
from tthc.api.records import absolute
from tthc.api.views import bp
from tthc.catalog import get_catalog
from tthc.i18n import DEFAULT_LANGUAGE, LANGUAGE_PARAM, LANGUAGES, _, current_language

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/"
# Blueprints whose pages are personal or forms: never to be indexed.
PRIVATE_BLUEPRINTS = ("admin", "feedback")


@dataclass(frozen=True)
class SitemapPage:
    path: str
    lastmod: dt.date | None = None


def language_url(path: str, language: str) -> str:
    """Return the absolute URL of a page in one language (Vietnamese needs no parameter)."""
    if language == DEFAULT_LANGUAGE:
        return absolute(path)
    return absolute(f"{path}?{LANGUAGE_PARAM}={language}")


def _language_of(hreflang: str) -> str:
    return DEFAULT_LANGUAGE if hreflang == "x-default" else hreflang


def sitemap_pages() -> list[SitemapPage]:
    """Every public page that answers 200, with the day it last changed."""
    catalog = get_catalog()
    day = clock.today()
    active = catalog.active
    everything = latest(active, day)
    pages = [
        SitemapPage(url_for("catalog.home"), everything),
        SitemapPage(url_for("catalog.fields"), everything),
        SitemapPage(url_for("catalog.units"), everything),
    ]
    for field, _count in catalog.field_counts():
        in_field = catalog.in_field(field.slug)
        pages.append(SitemapPage(url_for("catalog.field", slug=field.slug), latest(in_field, day)))
    for unit in catalog.units:
        at_unit = catalog.procedures_at(unit)
        pages.append(SitemapPage(url_for("catalog.unit", slug=unit.slug), latest(at_unit, day)))
    for procedure in active:
        path = url_for("catalog.procedure", code=procedure.code)
        pages.append(SitemapPage(path, last_modified(procedure, day)))
        pages.append(SitemapPage(url_for("catalog.handout", code=procedure.code),
                                 last_modified(procedure, day)))
    pages.append(SitemapPage(url_for("catalog.guides"), everything))
    for guide in catalog.guides:
        in_guide = [p for p in (catalog.get(code) for code in guide.codes) if p and p.is_active]
        pages.append(SitemapPage(url_for("catalog.guide", slug=guide.slug), latest(in_guide, day)))
    pages.append(SitemapPage(url_for("api.docs")))
    return pages


def _xml(root: ET.Element, mimetype: str) -> Response:
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype=mimetype)


@bp.get("/sitemap.xml")
def sitemap():
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for page in sitemap_pages():
        for language in LANGUAGES:
            url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
            ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = language_url(page.path, language)
            if page.lastmod:
                ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = page.lastmod.isoformat()
            for other in [*LANGUAGES, "x-default"]:
                ET.SubElement(
                    url,
                    f"{{{XHTML_NS}}}link",
                    rel="alternate",
                    hreflang=other,
                    href=language_url(page.path, _language_of(other)),
                )
    return _xml(root, "application/xml")


def private_prefixes() -> list[str]:
    """The fixed beginning of every URL of the staff area and the forms."""
    prefixes = set()
    for rule in current_app.url_map.iter_rules():
        if rule.endpoint.partition(".")[0] in PRIVATE_BLUEPRINTS:
            prefixes.add(rule.rule.partition("<")[0])
    # A shorter prefix covers the longer ones.
    kept = [p for p in sorted(prefixes) if not any(p != q and p.startswith(q) for q in prefixes)]
    return [p for p in kept if p and p != "/"]


@bp.get("/robots.txt")
def robots():
    lines = ["User-agent: *"]
    lines += [f"Disallow: {prefix}" for prefix in private_prefixes()]
    lines += ["", f"Sitemap: {absolute(url_for('api.sitemap'))}", ""]
    return Response("\n".join(lines), mimetype="text/plain")


@bp.get("/opensearch.xml")
def opensearch():
    agency = get_catalog().agency
    ET.register_namespace("", OPENSEARCH_NS)
    root = ET.Element(f"{{{OPENSEARCH_NS}}}OpenSearchDescription")

    def add(tag: str, text: str | None = None, **attributes) -> None:
        ET.SubElement(root, f"{{{OPENSEARCH_NS}}}{tag}", **attributes).text = text

    add("ShortName", agency.short_name[:16])
    with force_locale(DEFAULT_LANGUAGE):  # one text for every cache and the static export
        add("Description", _("Tìm thủ tục hành chính của %(agency)s", agency=agency.name))
    add("InputEncoding", "UTF-8")
    add("Language", "vi")
    if "search.results" in current_app.view_functions:
        search = absolute(url_for("search.results"))
        add("Url", type="text/html", method="get", template=f"{search}?q={{searchTerms}}")
    add("Url", type="application/opensearchdescription+xml", rel="self",
        template=absolute(url_for("api.opensearch")))
    return _xml(root, "application/opensearchdescription+xml")


def canonical_path() -> str | None:
    """The permanent path of the page being rendered, when it is a page of the sitemap."""
    endpoint = request.endpoint
    if endpoint == "catalog.procedure":
        record = get_catalog().get(str(request.view_args.get("code", "")).strip())
        if record is None or not record.is_active:
            return None
        return url_for("catalog.procedure", code=record.code)
    if endpoint == "catalog.handout" and not request.view_args.get("channel"):
        record = get_catalog().get(str(request.view_args.get("code", "")))
        return request.path if record is not None and record.is_active else None
    if endpoint in ("catalog.field", "catalog.unit", "catalog.guide"):
        slug = str(request.view_args.get("slug", ""))
        catalog = get_catalog()
        find = {"catalog.field": catalog.field, "catalog.unit": catalog.unit,
                "catalog.guide": catalog.guide}[endpoint]
        return request.path if find(slug) else None
    if endpoint in ("catalog.home", "catalog.fields", "catalog.units", "catalog.guides",
                    "api.docs"):
        return request.path
    return None


def _link(**attributes) -> Markup:
    """Return a <link> element; Markup.format escapes every value."""
    pairs = Markup(" ").join(Markup('{}="{}"').format(k, v) for k, v in attributes.items())
    return Markup("<link {}>").format(pairs)


def page_links() -> Markup:
    """Canonical, hreflang, feed and OpenSearch links for the head of every public page."""
    agency = get_catalog().agency
    links = [
        _link(rel="search", type="application/opensearchdescription+xml",
              title=agency.short_name, href=url_for("api.opensearch")),
        _link(rel="alternate", type="application/atom+xml",
              title=_("Thay đổi thủ tục hành chính"), href=url_for("api.feed")),
    ]
    if request.endpoint == "catalog.field" and get_catalog().field(request.view_args["slug"]):
        links.append(_link(rel="alternate", type="application/atom+xml",
                           title=_("Thay đổi trong lĩnh vực này"),
                           href=url_for("api.field_feed", slug=request.view_args["slug"])))
    path = canonical_path()
    if path is not None:
        links.append(_link(rel="canonical", href=language_url(path, current_language())))
        for language in [*LANGUAGES, "x-default"]:
            href = language_url(path, _language_of(language))
            links.append(_link(rel="alternate", hreflang=language, href=href))
    return Markup("\n").join(links)
