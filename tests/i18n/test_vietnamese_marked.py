"""Official Vietnamese content inside English and Khmer pages is marked lang="vi" (WCAG 3.1.2).

A speech voice reads a text node in the language of its nearest lang ancestor: Vietnamese read by
an English or Khmer voice is noise. The walk finds every text node with a Vietnamese letter.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup, NavigableString
from bs4.element import Comment, Doctype

from tthc.catalog import get_catalog

# Letters only Vietnamese uses on these pages (the base letters with their tone marks, đ, ơ, ư…).
VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)
SKIPPED = {"script", "style", "head", "template"}


def unmarked_vietnamese(html: str) -> list[str]:
    """List the Vietnamese-looking text nodes whose nearest lang ancestor is not "vi"."""
    page = BeautifulSoup(html, "html.parser")
    found = []
    for node in page.find_all(string=True):
        if isinstance(node, (Comment, Doctype)) or not isinstance(node, NavigableString):
            continue
        if not VIETNAMESE.search(node) or any(p.name in SKIPPED for p in node.parents):
            continue
        owner = next((p for p in node.parents if p.has_attr("lang")), None)
        # An element declared en/km below <html> is a reference translation: it may quote a
        # Vietnamese term in brackets, as translators do ("a guest's stay (lưu trú)").
        declared_translation = owner is not None and owner.name != "html"
        if owner is None or not (owner["lang"].startswith("vi") or declared_translation):
            where = node.parent.name + "".join(f".{c}" for c in node.parent.get("class", []))
            found.append(f"<{where}> {node.strip()[:70]!r}")
    return found


def urls(app) -> list[str]:
    with app.app_context():
        catalog = get_catalog()
        # One procedure per field (each field's data has its own shapes), plus the usual sample.
        firsts = {p.field: p.code for p in reversed(list(catalog.active))}
        procedures = [f"/thu-tuc/{code}" for code in sorted({*firsts.values(), "1.004222"})]
        fields = [f"/linh-vuc/{f.slug}" for f in catalog.fields]
        units = [f"/don-vi/{u.slug}" for u in catalog.units]
        guides = ["/huong-dan", *(f"/huong-dan/{g.slug}" for g in catalog.guides)]
        handouts = [f"/thu-tuc/{code}/giay-to" for code in sorted(firsts.values())]
    searches = ["/tim-kiem?q=dang+ky+thuong+tru", "/tim-kiem?q=h%E1%BB%99+chi%E1%BA%BFu",
                "/tim-kiem?q=zzqxw", "/tim-kiem?q=can+cuoc&page=2"]
    return ["/", "/linh-vuc", "/don-vi", "/phan-anh", "/so-lieu", "/api/", *searches, *fields,
            *units, *procedures, *guides, *handouts]


@pytest.mark.parametrize("language", ["en", "km"])
def test_no_vietnamese_text_outside_a_vietnamese_element(i18n_app, language):
    client = i18n_app.test_client()
    client.get("/", query_string={"lang": language})  # the choice is kept in a cookie
    problems = {}
    for url in urls(i18n_app):
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert f'<html lang="{language}">' in html, url
        found = unmarked_vietnamese(html)
        if found:
            problems[url] = found
    report = "\n".join(f"{url}:\n  " + "\n  ".join(items[:8]) for url, items in problems.items())
    assert not problems, f"{len(problems)} pages with unmarked Vietnamese:\n{report}"


def test_the_walk_sees_unmarked_and_marked_text():
    html = ('<html lang="en"><body><p>Fee <span lang="vi">Lệ phí</span></p>'
            '<p>Giấy tờ</p></body></html>')
    assert unmarked_vietnamese(html) == ["<p> 'Giấy tờ'"]
