"""Reading on a phone: official lists as lists, checklist headings at body size, meta by boxes."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tthc.official import Bullet, bulleted

from . import test_layout as reflow

# A step of 1.010097 as the portal publishes it: its cases run on after dashes.
STEP_CODE = "1.010097"


def test_dashes_and_pluses_become_items_and_sub_items():
    text = ("Cán bộ kiểm tra hồ sơ. - Trường hợp đầy đủ thì tiếp nhận (Mẫu CC02). "
            "- Trường hợp chưa đầy đủ: + bổ sung; + hoàn thiện trong 5-10 ngày.")
    parts = bulleted(text)
    assert parts.lead == "Cán bộ kiểm tra hồ sơ."
    assert parts.items == [
        Bullet("Trường hợp đầy đủ thì tiếp nhận (Mẫu CC02)."),
        Bullet("Trường hợp chưa đầy đủ:", ["bổ sung;", "hoàn thiện trong 5-10 ngày."]),
    ]


@pytest.mark.parametrize("text", ["Từ 5 - 10 ngày làm việc", "Nộp hồ sơ. - Một mục", ""])
def test_a_lone_or_inner_dash_is_no_list(text):
    assert bulleted(text).items == []
    assert bulleted(text).lead == text.strip()


def parsed(client, url):
    response = client.get(url, follow_redirects=True)
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_steps_with_dashes_are_lists_on_the_page(client):
    page = parsed(client, f"/thu-tuc/{STEP_CODE}")
    lists = page.select("ol.steps > li > ul.text-list")
    assert lists, "the step's dashes are still run into one paragraph"
    assert all(len(ul.find_all("li", recursive=False)) >= 2 for ul in lists)
    assert not any(li.get_text().lstrip().startswith("- ") for ul in lists for li in ul("li"))


def test_document_meta_describes_its_checkbox(client):
    page = parsed(client, "/thu-tuc/1.004222/giay-to")
    boxes = page.select(".checklist input[type=checkbox]")
    described = [box for box in boxes if box.has_attr("aria-describedby")]
    assert described, "no checkbox is described by its '1 bản chính · Mẫu …' line"
    for box in described:
        meta = page.find(id=box["aria-describedby"])
        assert meta is not None and "doc-meta" in meta["class"] and meta.get_text(strip=True)
        assert meta.find_parent("li") is box.find_parent("li")
    for box in boxes:
        meta = box.find_parent("li").select_one(".doc-meta")
        assert bool(meta.get_text(strip=True)) == box.has_attr("aria-describedby")


@pytest.mark.browser
def test_checklist_headings_are_not_smaller_than_body_text(live_server, browser):
    page = reflow.open_page(browser, live_server, "handout")
    try:
        sizes = page.evaluate("""() => ({
            body: parseFloat(getComputedStyle(document.body).fontSize),
            titles: [...document.querySelectorAll('.case-title, .checklist label')]
                      .map(el => parseFloat(getComputedStyle(el).fontSize))})""")
        assert sizes["titles"], "the sample procedure shows no checklist"
        assert min(sizes["titles"]) >= sizes["body"], sizes
    finally:
        page.context.close()
