"""Contrast of focus rings and highlights, computed from the styles Chromium applies (WCAG 1.4.11).

Also: the suggestions list announces how many suggestions it shows, politely.
"""

from __future__ import annotations

import re

import pytest

from browser.pages import SEARCH_WITHOUT_DIACRITICS

from . import test_layout as reflow

pytestmark = pytest.mark.browser

CONTRAST = """([el, property]) => {
  const rgb = text => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = c => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const backgroundOf = node => {
    for (; node; node = node.parentElement) {
      const color = rgb(getComputedStyle(node).backgroundColor);
      if (color.length === 3 || color[3] > 0) return color.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const ring = rgb(getComputedStyle(el)[property]).slice(0, 3);
  return {ring, own: ratio(ring, backgroundOf(el)),
          around: ratio(ring, backgroundOf(el.parentElement)),
          width: parseFloat(getComputedStyle(el).outlineWidth)};
}"""


def test_staff_login_focus_ring_reaches_3_to_1(live_server, browser):
    page = reflow.open_page(browser, live_server, "staff-login", is_mobile=False, has_touch=False)
    try:
        page.keyboard.press("Tab")
        email = page.locator("input[name=email]")
        for _ in range(30):
            if email.evaluate("el => el === document.activeElement"):
                break
            page.keyboard.press("Tab")
        assert email.evaluate("el => el === document.activeElement"), "Tab never reached the field"
        result = page.evaluate(CONTRAST, [email.element_handle(), "outlineColor"])
        assert result["width"] >= 2, result
        assert result["own"] >= 3 and result["around"] >= 3, result
    finally:
        page.context.close()


def test_suggestion_highlight_reaches_3_to_1_and_the_count_is_announced(live_server, browser):
    page = reflow.open_page(browser, live_server, "home", is_mobile=False, has_touch=False)
    try:
        box = page.locator(".search-form input[name=q]").first
        box.click()
        box.press_sequentially(SEARCH_WITHOUT_DIACRITICS, delay=20)
        options = page.locator("#q-suggestions [role=option]")
        options.first.wait_for()
        status = page.locator(".search-form [role=status]")
        assert status.get_attribute("aria-live") == "polite"
        page.wait_for_function(
            "() => /\\d/.test(document.querySelector('.search-form [role=status]').textContent)")
        announced = int(re.search(r"\d+", status.inner_text()).group())
        assert announced == options.count()
        box.press("ArrowDown")
        selected = page.locator("#q-suggestions [aria-selected=true]")
        result = page.evaluate(CONTRAST, [selected.element_handle(), "outlineColor"])
        assert result["own"] >= 3 and result["around"] >= 3, result
    finally:
        page.context.close()
