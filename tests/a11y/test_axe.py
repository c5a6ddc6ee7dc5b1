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
