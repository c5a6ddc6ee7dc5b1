"""Every public page, in every language, weighs at most 40 KB with its stylesheets (issue 15).

The pages are listed from the catalogue (every procedure, its handouts, every field, unit,
guide, rating form) plus the fixed pages, rendered in-process; a page's weight is its HTML
plus the stylesheets it links to as the site serves them (minified), uncompressed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from support import make_app
from tthc.catalog import get_catalog
from tthc.catalog.guide_views import CHANNEL_SLUGS
from tthc.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
BUDGET = 40 * 1024
FIXED = ("/", "/linh-vuc", "/don-vi", "/huong-dan", "/phan-anh", "/so-lieu", "/api/", "/tim-kiem")
SEARCHES = (
    "/tim-kiem?q=dang+ky+tam+tru",
    "/tim-kiem?q=can+cuoc",
    "/tim-kiem?q=xe",
    "/tim-kiem?q=qqq",
)
STYLESHEET = re.compile(rb'<link rel="stylesheet" href="/static/([^"?]+)')

# Pages whose official Vietnamese text alone (document lists, notes, steps, legal basis, kept
# word for word) leaves no room for the stylesheet: each is held at the weight it has now, so
# it cannot grow past its next kilobyte, and must leave the list once it fits. Lighter markup
# and a stylesheet split by page kind (02/12/2026) brought the count from 282 to 121 (137 with
# the Khmer names of 46 more procedures); minified stylesheets and a JSON-LD that names the
# legal basis by number brought it to 36; a minimal JSON-LD (names, identifiers, provider: the
# page and /api/v1 hold the rest), unit pages naming each procedure once, and lists that do not
# repeat the level their heading names brought it to 16.
OVER_BUDGET: dict[tuple[str, str], int] = {
    tuple(key.rsplit(" ", 1)): size
    for key, size in json.loads((FIXTURES / "pages_over_budget.json").read_text()).items()
}


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
    offenders = {
        key: size for key, size in pages.items() if size > BUDGET and size > OVER_BUDGET.get(key, 0)
    }
    listing = "\n".join(
        f"{size:>7} B  {path} ({language})"
        for (path, language), size in sorted(offenders.items(), key=lambda item: -item[1])
    )
    assert not offenders, f"{len(offenders)} pages over {BUDGET} B:\n{listing}"


def test_the_pages_held_over_budget_still_need_to_be(pages):
    fitting = [key for key in OVER_BUDGET if pages.get(key, 0) <= BUDGET]
    assert not fitting, f"these now fit: remove them from OVER_BUDGET: {fitting}"
