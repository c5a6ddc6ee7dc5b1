"""axe-core finds no WCAG 2.2 A/AA violation on any page type, in any of the three languages."""

from __future__ import annotations

import pytest

from browser.harness import axe_violations, new_phone, screenshot
from browser.pages import BY_NAME, PAGE_TYPE_NAMES

pytestmark = pytest.mark.browser

LANGUAGES = ["vi", "en", "km"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPE_NAMES)
def test_no_wcag_violation(live_server, browser, axe_source, page_type, language):
    context = new_phone(browser)
    context.add_cookies([{"name": "lang", "value": language, "url": live_server.base_url}])
    page = context.new_page()
    try:
        kind = BY_NAME[page_type]
        response = kind.open(page, live_server)
        if response is not None:
            assert response.status == kind.status, page.url
        assert page.locator("html").get_attribute("lang") == language
        shot = screenshot(page, f"{page_type}-{language}")
        violations = axe_violations(page, axe_source)
        assert not violations, f"{page.url} (screenshot {shot}):\n" + "\n".join(violations)
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_suggestions_while_typing_have_no_violation(live_server, browser, axe_source,
                                                           language):
    context = new_phone(browser)
    context.add_cookies([{"name": "lang", "value": language, "url": live_server.base_url}])
    page = context.new_page()
    try:
        page.goto(live_server.url_for("search.results"))
        box = page.locator("main input[name=q]").first
        box.fill("")
        box.press_sequentially("cccd", delay=60)
        options = page.locator("[role=listbox] [role=option]")
        options.first.wait_for(state="visible", timeout=5_000)
        page.keyboard.press("ArrowDown")
        assert box.get_attribute("aria-expanded") == "true"
        screenshot(page, f"search-suggestions-{language}")
        violations = axe_violations(page, axe_source)
        assert not violations, "\n".join(violations)
    finally:
        context.close()
