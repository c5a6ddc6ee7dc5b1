"""Errors are reached: focus on the summary, "Lỗi: " in the title, each link focusing its field."""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browser.harness import new_phone, screenshot
from browser.pages import first_unit, sample_procedure, show_form_errors

from .text_size import enlarge_text

pytestmark = pytest.mark.browser

ERROR_TITLE = {"vi": "Lỗi: ", "en": "Error: ", "km": "កំហុស: "}

SUMMARY_STATE = """() => {
  const summary = document.querySelector('.error-summary');
  const box = summary && summary.getBoundingClientRect();
  const h1 = document.querySelector('main h1');
  return {
    focused: document.activeElement === summary,
    visible: !!box && box.top > -1 && box.top < innerHeight,  // -1: a scroll lands on subpixels
    underH1: !!h1 && h1.nextElementSibling === summary,
    links: summary ? [...summary.querySelectorAll('a[href^="#"]')].map(a => a.hash.slice(1)) : [],
  };
}"""

ON_SCREEN = """el => { const box = el.getBoundingClientRect();
                     return box.bottom > 0 && box.top < innerHeight; }"""


def open_in(browser, live_server, language: str, **options):
    context = new_phone(browser, **options)
    context.add_cookies([{"name": "lang", "value": language, "url": live_server.base_url}])
    return context.new_page()


def assert_errors_reached(page, language: str, *, under_h1: bool = True) -> list[str]:
    """Check the summary after a failed submit, then follow each of its links; return targets."""
    # Browsers run autofocus at their next rendering update, which a busy machine may put a
    # moment after the load event: wait for it (briefly) before reading the state.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "() => document.activeElement === document.querySelector('.error-summary')",
            timeout=5000,
        )
    state = page.evaluate(SUMMARY_STATE)
    assert page.title().startswith(ERROR_TITLE[language]), page.title()
    assert state["focused"], "focus is not on the error summary after the failed submit"
    assert state["visible"], "the error summary is not on screen after the failed submit"
    if under_h1:
        assert state["underH1"], "the error summary is not directly under the h1"
    assert state["links"], "the error summary links to no field"
    for target in state["links"]:
        page.locator(f".error-summary a[href='#{target}']").click()
        focused = page.evaluate("() => document.activeElement.id")
        assert focused == target, f"the link to #{target} moved focus to #{focused}"
        assert page.locator(f"#{target}").evaluate(ON_SCREEN), f"#{target} is focused off screen"
    return state["links"]


@pytest.mark.parametrize("language", ["vi", "en", "km"])
def test_feedback_form_errors_are_reached(live_server, browser, language):
    page = open_in(browser, live_server, language)
    try:
        show_form_errors(page, live_server)
        if language == "vi":
            screenshot(page, "feedback-errors-360px")
        targets = assert_errors_reached(page, language)
        # The category radios: the first radio; the consent checkbox says it is invalid.
        assert "category-0" in targets and "consent" in targets, targets
        assert page.locator("#consent").get_attribute("aria-invalid") == "true"
        assert page.locator("#message").get_attribute("aria-invalid") == "true"
    finally:
        page.context.close()


def test_feedback_errors_with_large_text(live_server, browser):
    page = open_in(browser, live_server, "vi")
    try:
        show_form_errors(page, live_server)
        enlarge_text(page)
        page.locator(".error-summary").focus()
        assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
        screenshot(page, "feedback-errors-360px-200-percent-text")
    finally:
        page.context.close()


def test_rating_form_errors_are_reached(live_server, browser):
    page = open_in(browser, live_server, "en")
    try:
        page.goto(live_server.url_for("feedback.rate", unit=first_unit(live_server).slug))
        page.locator("form.rating-form button[type=submit]").click()
        page.wait_for_load_state()
        targets = assert_errors_reached(page, "en")
        assert targets[0].startswith("rating-"), "the rating link must focus the first radio"
    finally:
        page.context.close()


def test_useful_vote_error_is_reached(live_server, browser):
    page = open_in(browser, live_server, "km")
    try:
        page.goto(live_server.url_for("catalog.procedure", code=sample_procedure(live_server).code))
        page.locator("#huu-ich button[type=submit]").click()
        page.wait_for_load_state()
        # The vote is at the end of a long page: its summary is by the form, not under the h1.
        assert assert_errors_reached(page, "km", under_h1=False) == ["useful-yes"]
    finally:
        page.context.close()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_staff_login_errors_are_reached(live_server, browser, language):
    page = open_in(browser, live_server, language)
    try:
        page.goto(live_server.url_for("admin.login"))
        page.locator("input[name=email]").fill("khong-phai-email")
        page.locator("form[action*='/dang-nhap'] button[type=submit]").click()
        page.wait_for_load_state()
        targets = assert_errors_reached(page, language)
        assert "password" in targets or "email" in targets, targets
    finally:
        page.context.close()


def test_refused_login_is_summarised_and_focused(live_server, browser):
    page = open_in(browser, live_server, "vi")
    try:
        page.goto(live_server.url_for("admin.login"))
        page.locator("input[name=email]").fill("nobody@example.gov.vn")
        page.locator("input[name=password]").fill("sai mat khau hoan toan 2026")
        page.locator("form[action*='/dang-nhap'] button[type=submit]").click()
        page.wait_for_load_state()
        state = page.evaluate(SUMMARY_STATE)
        assert page.title().startswith(ERROR_TITLE["vi"]), page.title()
        assert state["focused"] and state["underH1"], state
        assert "không đúng" in page.locator(".error-summary").inner_text()
    finally:
        page.context.close()
