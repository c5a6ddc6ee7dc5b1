"""Every public page, in every language, weighs at most 40 KB with its stylesheets (issue 15).

The pages are listed from the catalogue (every procedure, its handouts, every field, unit,
guide, rating form) plus the fixed pages, rendered in-process; a page's weight is its HTML
plus the stylesheets it links to as the site serves them (minified), uncompressed.
"""

from __future__ import annotations

import re

import pytest

from support import make_app
from tthc.catalog import get_catalog
from tthc.catalog.guide_views import CHANNEL_SLUGS
from tthc.i18n import LANGUAGES

BUDGET = 40 * 1024
FIXED = ("/", "/linh-vuc", "/don-vi", "/huong-dan", "/phan-anh", "/so-lieu", "/api/", "/tim-kiem")
SEARCHES = (
    "/tim-kiem?q=dang+ky+tam+tru",
    "/tim-kiem?q=can+cuoc",
    "/tim-kiem?q=xe",
    "/tim-kiem?q=qqq",
)
STYLESHEET = re.compile(rb'<link rel="stylesheet" href="/static/([^"?]+)')


def public_paths(app) -> list[str]:
    with app.test_request_context():
        catalog = get_catalog()
        paths = [*FIXED, *SEARCHES]
        paths += [f"/linh-vuc/{field.slug}" for field in catalog.fields]
        paths += [f"/don-vi/{unit.slug}" for unit in catalog.units]
        paths += [f"/danh-gia/{unit.slug}" for unit in catalog.units]
        paths += [f"/huong-dan/{guide.slug}" for guide in catalog.guides]
        for procedure in catalog.procedures:  # withdrawn ones answer with their 410 page
            paths.append(f"/thu-tuc/{procedure.code}")
            if procedure.is_active:
                paths.append(f"/thu-tuc/{procedure.code}/giay-to")
                paths += [
                    f"/thu-tuc/{procedure.code}/giay-to/{CHANNEL_SLUGS[channel]}"
                    for channel in procedure.available_channels
                ]
    return paths


def page_weights(app) -> dict[tuple[str, str], int]:
    """Each public page's HTML plus its stylesheets, in bytes, by (path, language)."""
    css_sizes: dict[bytes, int] = {}
    weights = {}
    client = app.test_client(use_cookies=False)
    for path in public_paths(app):
        for language in LANGUAGES:
            url = f"{path}{'&' if '?' in path else '?'}lang={language}"
            response = client.get(url)
            assert response.status_code in (200, 410), (url, response.status_code)
            html = response.get_data()
            css = 0
            for name in STYLESHEET.findall(html):
                if name not in css_sizes:  # as served (minified), not the commented source
                    sheet = client.get(f"/static/{name.decode()}")
                    assert sheet.status_code == 200, name
                    css_sizes[name] = len(sheet.get_data())
                css += css_sizes[name]
            assert css, f"{url} links no stylesheet"
            weights[(path, language)] = len(html) + css
    return weights


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[tuple[str, str], int]:
    return page_weights(make_app(tmp_path_factory.mktemp("sizes")))


def test_every_public_page_with_its_stylesheets_fits_40_kb(pages):
    assert len(pages) > 1500  # the whole catalogue was walked, in three languages
    offenders = {key: size for key, size in pages.items() if size > BUDGET}
    listing = "\n".join(
        f"{size:>7} B  {path} ({language})"
        for (path, language), size in sorted(offenders.items(), key=lambda item: -item[1])
    )
    assert not offenders, f"{len(offenders)} pages over {BUDGET} B:\n{listing}"
