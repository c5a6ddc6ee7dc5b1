"""What keeps pages light (issue 15: 40 KB a page with its stylesheets): templates lose their
indentation when compiled, and each kind of page links only the stylesheets it uses."""

from __future__ import annotations

import re

import pytest

from support import Page
from tthc.catalog import get_catalog
from tthc.web.indentation import StripIndentation, keeps_indentation


@pytest.fixture(scope="module")
def catalog(app):
    with app.app_context():
        return get_catalog()


def stylesheets(page: Page) -> list[str]:
    return [link["href"].rsplit("/", 1)[-1] for link in page.select('link[rel="stylesheet"]')]


def test_template_indentation_is_dropped(client):
    html = client.get("/thu-tuc/2.001195").get_data(as_text=True)
    assert not re.search(r"\n[ \t]+<", html)


def test_what_templates_print_keeps_its_spaces(app):
    strip = StripIndentation(app.jinja_env)
    assert strip.preprocess("<ul>\n  <li>{{ a }}</li>  \n\n</ul>\n", "catalog/x.html") == (
        "<ul>\n<li>{{ a }}</li>\n</ul>\n"
    )
    template = app.jinja_env.from_string("<p>\n  {{ text }}</p>")  # not a named template
    assert template.render(text="a\n    b") == "<p>\n  a\n    b</p>"


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("api/docs.html", "<pre>\n  {\"q\": \"cccd\"}</pre>"),
        ("feedback/_copy_back.html", "<textarea>\n  </textarea>"),
        ("admin/catalog/editor/record.html", "<p>\n  x</p>"),
        ("notify/overdue.txt", "Kính gửi\n  cán bộ"),
    ],
)
def test_preformatted_staff_and_plain_text_templates_keep_their_indentation(name, source):
    assert keeps_indentation(name, source)


@pytest.mark.parametrize(
    "source", ["<ul>\n  <li>", '<p>\n  <textarea id="comment" rows="3"></textarea>\n</p>']
)
def test_public_html_templates_lose_their_indentation(source):
    assert not keeps_indentation("feedback/_useful.html", source)


@pytest.mark.parametrize(
    ("path", "sheets"),
    [
        ("/thu-tuc/2.001195", ["site.css"]),
        ("/", ["site.css", "lists.css"]),
        ("/linh-vuc", ["site.css", "lists.css"]),
        ("/linh-vuc/cu-tru", ["site.css", "lists.css"]),
        ("/don-vi", ["site.css", "lists.css"]),
        ("/huong-dan", ["site.css", "lists.css"]),
        ("/tim-kiem?q=xe", ["site.css", "lists.css", "search.css"]),
        ("/phan-anh", ["site.css", "forms.css"]),
        ("/quan-tri/dang-nhap", ["site.css", "forms.css", "admin.css"]),
    ],
)
def test_each_kind_of_page_links_the_stylesheets_it_uses(get_page, path, sheets):
    assert stylesheets(get_page(path)) == sheets


def test_the_lists_rules_left_the_procedure_pages_stylesheet(client):
    site = client.get("/static/css/site.css").get_data(as_text=True)
    lists = client.get("/static/css/lists.css").get_data(as_text=True)
    assert ".proc-item" in lists and ".proc-item" not in site
    forms = client.get("/static/css/forms.css").get_data(as_text=True)
    assert ".form-field" in forms and ".form-field" not in site


def test_a_procedure_page_shares_under_its_own_title(get_page):
    share = get_page("/thu-tuc/2.001195").select_one(".share[data-share-url]")
    assert share is not None and not share.has_attr("data-share-title")


def test_a_long_official_name_is_shortened_in_the_search_engines_description(get_page, catalog):
    procedure = catalog.get("1.013443")
    assert procedure.short_name and len(procedure.name) > 200
    description = get_page("/thu-tuc/1.013443").select_one('meta[name="description"]')["content"]
    assert description.endswith(procedure.short_name)
    assert get_page("/thu-tuc/1.013443").select_one("h1").get_text(strip=True) == procedure.name
