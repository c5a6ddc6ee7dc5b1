"""Large text (200 %) on a small phone: no sideways scroll, codes and lists that reflow."""

from __future__ import annotations

import pytest

from browser.harness import screenshot
from browser.pages import BY_NAME, PAGE_TYPE_NAMES, first_unit

from . import test_layout as reflow
from .text_size import enlarge_text

pytestmark = pytest.mark.browser

# Staff pages need a login per page: checked in Vietnamese only (the layout is the same).
STAFF = {"staff-inbox", "staff-detail", "staff-account"}
CASES = [(name, language) for name in PAGE_TYPE_NAMES for language in ("vi", "en", "km")
         if language == "vi" or name not in STAFF]
SMALL = {"width": 320, "height": 640}

# Where each character of an element starts a new line, and the character before it.
LINE_BREAKS = """el => {
  const text = el.firstChild, breaks = [];
  let top = null;
  for (let i = 0; i < text.length; i++) {
    const range = document.createRange();
    range.setStart(text, i); range.setEnd(text, i + 1);
    const box = range.getBoundingClientRect();
    if (top !== null && box.top > top + 2) breaks.push(text.data[i - 1]);
    top = box.top;
  }
  return breaks;
}"""

COPIED = """el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const selection = getSelection();
  selection.removeAllRanges(); selection.addRange(range);
  return selection.toString();
}"""


@pytest.mark.parametrize(("page_type", "language"), CASES)
def test_no_sideways_scroll_at_320_px_with_200_percent_text(live_server, browser, page_type,
                                                           language):
    page = reflow.open_page(browser, live_server, page_type, language, viewport=SMALL)
    try:
        enlarge_text(page)
        layout = page.evaluate(reflow.OVERFLOW)
        assert layout["scroll"] <= layout["width"], f"{page.url} ({language}): {layout}"
    finally:
        page.context.close()


def test_tracking_code_breaks_at_its_dashes_and_copies_whole(live_server, browser):
    page = reflow.open_page(browser, live_server, "feedback-status")
    try:
        enlarge_text(page)
        code = page.locator(".tracking-code .code")
        text = code.inner_text()
        screenshot(page, "feedback-status-360px-200-percent-text")
        breaks = code.evaluate(LINE_BREAKS)
        assert breaks, f"{text} stays on one line at 200 % text"
        assert set(breaks) == {"-"}, f"{text} breaks elsewhere than at its dashes: {breaks}"
        assert code.evaluate(COPIED) == text, "copying the code does not give the code back"
        assert page.evaluate(reflow.OVERFLOW)["scroll"] <= 360
    finally:
        page.context.close()


def test_khmer_search_box_keeps_its_width_with_large_text(live_server, browser):
    page = reflow.open_page(browser, live_server, "units", "km")
    try:
        enlarge_text(page)
        widths = page.locator(".search-row").first.evaluate(
            "row => [row.clientWidth, row.querySelector('input').getBoundingClientRect().width]")
        row, box = widths
        assert box >= 0.9 * row, f"the search box is {box:.0f} px of a {row} px row"
    finally:
        page.context.close()


@pytest.mark.parametrize("language", ["vi", "km"])
def test_two_column_lists_stack_their_values_with_large_text(live_server, browser, language):
    page = reflow.open_page(browser, live_server, "procedure", language)
    try:
        enlarge_text(page)
        narrow = page.evaluate("""() => [...document.querySelectorAll(
              '.contact dd, .facts dd, .feedback-summary dd')].filter(dd => {
            const em = parseFloat(getComputedStyle(dd).fontSize);
            const list = dd.parentElement.getBoundingClientRect().width;
            return dd.getBoundingClientRect().width < Math.min(12 * em, list) - 1;
          }).map(dd => dd.textContent.trim().slice(0, 40) + ' '
                       + Math.round(dd.getBoundingClientRect().width) + 'px')""")
        assert not narrow, f"values squeezed beside their terms: {narrow}"
    finally:
        page.context.close()


def test_unit_contact_list_reads_in_one_column_at_200_percent(live_server, browser):
    page = reflow.open_page(browser, live_server, "unit")
    try:
        enlarge_text(page)
        dl = page.locator(".contact").first
        boxes = dl.evaluate("""dl => [...dl.children].map(el => el.getBoundingClientRect().left)""")
        assert len(set(round(left) for left in boxes)) == 1, "terms and values still side by side"
        assert first_unit(live_server).name in page.locator("main h1").inner_text()
    finally:
        page.context.close()


def test_page_types_are_all_covered():
    assert {name for name, _ in CASES} == set(BY_NAME)
