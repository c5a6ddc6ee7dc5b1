"""Reflow at 320 px and 200 % zoom, touch targets of 24 px, a visible focus, a working skip link."""

from __future__ import annotations

import pytest

from browser.harness import new_phone, screenshot
from browser.pages import BY_NAME, PAGE_TYPE_NAMES

pytestmark = pytest.mark.browser

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.right > width + 1 && style.position !== 'fixed'
      && !el.closest('table, pre, [data-scrolls]');
  }).slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '')
      + ' ' + Math.round(el.getBoundingClientRect().right) + 'px');
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""

# Controls and navigation links must be at least 24×24 px themselves. Other links (in a sentence,
# or alone in a paragraph) may be smaller when nothing else is near them: WCAG 2.5.8's spacing
# exception, which axe-core's target-size rule checks on every page.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'button, input:not([type=hidden]), select, textarea, summary, [role=button], .button, '
    + 'nav a[href], header a[href], .action-links a[href]')]
  .filter(el => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') return false;
    if (el.closest('[aria-hidden=true]')) return false;
    // A checkbox or radio counts with its label, which is what a finger taps.
    const label = el.id && document.querySelector(`label[for="${el.id}"]`);
    if (label && ['checkbox', 'radio'].includes(el.type)) {
      const area = label.getBoundingClientRect();
      return area.height < 24;
    }
    return box.width < 24 || box.height < 24;
  })
  .slice(0, 8)
  .map(el => `${el.outerHTML.slice(0, 90)} ${Math.round(el.getBoundingClientRect().width)}x`
             + `${Math.round(el.getBoundingClientRect().height)}`)"""

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const ring = style.boxShadow && style.boxShadow !== 'none';
  const box = el.getBoundingClientRect();
  return {tag: el.outerHTML.slice(0, 80), visible: outline || ring,
          onScreen: box.bottom > 0 && box.top < innerHeight && box.width > 0};
}"""


def open_page(browser, live_server, page_type, language="vi", **options):
    context = new_phone(browser, **options)
    context.add_cookies([{"name": "lang", "value": language, "url": live_server.base_url}])
    page = context.new_page()
    BY_NAME[page_type].open(page, live_server)
    return page


@pytest.mark.parametrize("language", ["vi", "km"])
@pytest.mark.parametrize("page_type", PAGE_TYPE_NAMES)
def test_no_horizontal_scroll_at_320_px(live_server, browser, page_type, language):
    page = open_page(browser, live_server, page_type, language,
                     viewport={"width": 320, "height": 640})
    try:
        layout = page.evaluate(OVERFLOW)
        if language == "vi":
            screenshot(page, f"{page_type}-320px")
        assert layout["scroll"] <= layout["width"], f"{page.url}: {layout}"
    finally:
        page.context.close()


@pytest.mark.parametrize("page_type", PAGE_TYPE_NAMES)
def test_200_percent_zoom_of_a_1280_px_screen_reflows(live_server, browser, page_type):
    # 200 % zoom of a 1280×800 window is a 640×400 CSS-pixel viewport at twice the density.
    page = open_page(browser, live_server, page_type, is_mobile=False, has_touch=False,
                     viewport={"width": 640, "height": 400}, device_scale_factor=2)
    try:
        layout = page.evaluate(OVERFLOW)
        assert layout["scroll"] <= layout["width"], f"{page.url}: {layout}"
        assert page.locator("main h1").first.is_visible()
    finally:
        page.context.close()


@pytest.mark.parametrize("page_type", PAGE_TYPE_NAMES)
def test_touch_targets_are_at_least_24_px(live_server, browser, page_type):
    page = open_page(browser, live_server, page_type)
    try:
        small = page.evaluate(SMALL_TARGETS)
        assert not small, f"{page.url}: targets under 24×24 px:\n" + "\n".join(small)
    finally:
        page.context.close()


@pytest.mark.parametrize("page_type", PAGE_TYPE_NAMES)
def test_keyboard_focus_is_always_visible(live_server, browser, page_type):
    page = open_page(browser, live_server, page_type, is_mobile=False, has_touch=False)
    try:
        hidden = []
        for _ in range(25):
            page.keyboard.press("Tab")
            focus = page.evaluate(FOCUS_STYLE)
            if focus is None:
                break
            if not (focus["visible"] and focus["onScreen"]):
                hidden.append(focus["tag"])
        assert not hidden, f"{page.url}: focus not visible on:\n" + "\n".join(hidden)
    finally:
        page.context.close()


def test_skip_link_is_first_and_moves_to_the_content(live_server, browser):
    page = open_page(browser, live_server, "procedure", is_mobile=False, has_touch=False)
    try:
        page.keyboard.press("Tab")
        skip = page.locator(":focus")
        assert skip.get_attribute("href") == "#main"
        box = skip.bounding_box()
        assert box and box["y"] >= 0 and box["height"] >= 24, "skip link must show when focused"
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "main"
    finally:
        page.context.close()
