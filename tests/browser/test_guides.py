"""Guides and the what-to-bring page on a phone: ticks kept on the device, sharing, printing."""

from __future__ import annotations

import io

import pytest

from .harness import ARTIFACTS, new_phone, screenshot

pytestmark = pytest.mark.browser

CODE = "1.004222"
# Its documents are on its own page too (1.004222's page lists its cases instead:
# catalog.handout.documents_by_case).
LISTED_ON_ITS_PAGE = "2.001195"


def boxes(page, code=CODE):
    return page.locator(f"[data-checklist='{code}'] input[type=checkbox]")


def test_checklist_ticks_are_kept_on_the_device(live_server, browser):
    context = new_phone(browser)
    page = context.new_page()
    page.goto(live_server.url_for("catalog.handout", code=LISTED_ON_ITS_PAGE))
    # Tap two labels, as a person does, then come back later.
    for index in (0, 2):
        box = boxes(page, LISTED_ON_ITS_PAGE).nth(index)
        page.locator(f"label[for='{box.get_attribute('id')}']").click()
        assert box.is_checked()
    page.reload()
    ticked = [boxes(page, LISTED_ON_ITS_PAGE).nth(i).is_checked() for i in range(3)]
    assert ticked == [True, False, True]
    # The procedure page shares the same list: the ticks are there too.
    page.goto(live_server.url_for("catalog.procedure", code=LISTED_ON_ITS_PAGE))
    listed = boxes(page, LISTED_ON_ITS_PAGE)
    assert listed.nth(0).is_checked() and listed.nth(2).is_checked()
    # And clearing them forgets them.
    page.locator(".checklist-clear").first.click()
    page.reload()
    assert not any(boxes(page, LISTED_ON_ITS_PAGE).nth(i).is_checked() for i in range(3))
    context.close()
    # Another device (a fresh context) starts with an empty list.
    other = new_phone(browser).new_page()
    other.goto(live_server.url_for("catalog.handout", code=LISTED_ON_ITS_PAGE))
    assert not boxes(other, LISTED_ON_ITS_PAGE).nth(0).is_checked()
    other.context.close()


def test_without_javascript_the_checklist_is_a_plain_list_and_no_dead_buttons(
    live_server, phone_without_js
):
    page = phone_without_js
    page.goto(live_server.url_for("catalog.handout", code=CODE))
    assert boxes(page).count() > 0
    box = boxes(page).nth(0)
    page.locator(f"label[for='{box.get_attribute('id')}']").click()
    assert box.is_checked()
    assert page.locator(".share").is_hidden()
    assert page.locator(".checklist-clear").count() == 0


def test_share_falls_back_to_copying_the_link(live_server, browser):
    context = new_phone(browser)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.base_url)
    # A browser without the Web Share API (most desktops): the fallback must be used.
    context.add_init_script("delete Navigator.prototype.share; delete navigator.share;")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url_for("catalog.guide", slug="chuyen-nha"))
    share = page.locator(".share")
    assert share.is_visible()
    share.locator("button").click()
    status = share.locator(".share-status")
    status.wait_for(state="visible")
    assert "Đã chép đường dẫn" in status.inner_text()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == live_server.app.config["SITE_URL"] + "/huong-dan/chuyen-nha"
    assert errors == []
    context.close()


def test_share_uses_the_phone_share_sheet_when_there_is_one(live_server, browser):
    context = new_phone(browser)
    context.add_init_script(
        "navigator.share = function (data) { window.__shared = data; return Promise.resolve(); };"
    )
    page = context.new_page()
    page.goto(live_server.url_for("catalog.procedure", code=CODE))
    page.locator(".share button").click()
    shared = page.evaluate("window.__shared")
    assert shared["url"].endswith(f"/thu-tuc/{CODE}")
    assert shared["title"] == page.title()  # "Đăng ký thường trú · <agency>"
    assert shared["title"].startswith("Đăng ký thường trú")
    context.close()


def test_screenshots_of_a_guide_and_a_handout_at_phone_width(live_server, phone):
    phone.goto(live_server.url_for("catalog.guide", slug="mua-ban-xe"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "guide-mua-ban-xe")
    phone.goto(live_server.url_for("catalog.handout", code=CODE))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "handout-1.004222")
    phone.goto(live_server.url_for("search.results", q="chuyen nha"))
    screenshot(phone, "search-guide-chuyen-nha")


def test_handout_prints_on_one_a5_sheet_with_its_qr(live_server, browser):
    from pypdf import PdfReader

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server.url_for("catalog.handout", code="2.001195"))
    page.emulate_media(media="print")
    assert page.locator(".site-nav").is_hidden() and page.locator(".handout-qr").is_visible()
    # 40 mm at 96 CSS px per inch.
    assert page.locator(".handout-qr").bounding_box()["width"] >= 40 / 25.4 * 96 - 1
    pdf = page.pdf(prefer_css_page_size=True)
    context.close()
    path = ARTIFACTS / "print" / "handout-2.001195.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1, path
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(148 / 25.4 * 72, abs=2)
    text = "".join(reader.pages[0].extract_text().split())
    assert "Phiếuthunhậnthôngtincăncước" in text
