"""Suggestions as you type, in a real Chromium at phone size (static/js/suggest.js)."""

from __future__ import annotations

import re

import pytest
from tests.browser.harness import browser, live_server, phone  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


@pytest.fixture
def search_page(live_server, phone):  # noqa: F811
    """The search page, empty, in a fresh phone-sized browser."""
    phone.goto(live_server.url("/tim-kiem"))
    return phone


def test_typing_shows_an_accessible_listbox_and_arrows_choose(search_page):
    page = search_page
    box = page.locator("main input[name=q]")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    box.press_sequentially("dang ky tam t", delay=30)
    options = page.locator("#q-suggestions [role=option]")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    names = [options.nth(i).inner_text() for i in range(options.count())]
    assert "Đăng ký tạm trú" in names
    target = names.index("Đăng ký tạm trú")
    for _ in range(target + 1):
        box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == f"q-suggestion-{target}"
    box.press("Enter")
    page.wait_for_url(re.compile(r"/thu-tuc/1\.004194"))


def test_escape_closes_and_enter_still_submits_the_form(search_page):
    page = search_page
    box = page.locator("main input[name=q]")
    box.press_sequentially("cccd", delay=30)
    page.locator("#q-suggestions [role=option]").first.wait_for()
    box.press("Escape")
    assert page.locator("#q-suggestions").is_hidden()
    box.press("Enter")
    page.wait_for_url(re.compile(r"/tim-kiem\?q=cccd"))
    assert page.locator(".search-hit").count() > 0


def test_an_english_page_suggests_the_translated_name_beside_the_official_one(
    live_server,  # noqa: F811
    phone,  # noqa: F811
):
    phone.goto(live_server.url("/tim-kiem?lang=en"))
    box = phone.locator("main input[name=q]")
    box.press_sequentially("the can cuoc", delay=30)
    option = phone.locator("#q-suggestions [role=option]", has_text="Re-issue a lost identity card")
    option.first.wait_for()
    translated = option.first.locator(".name-translated")
    assert translated.get_attribute("lang") == "en"
    official = option.first.locator(".name-official")
    assert official.get_attribute("lang") == "vi"
    assert official.inner_text().startswith("Cấp lại thẻ căn cước")
