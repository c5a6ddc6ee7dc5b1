"""The feedback form's procedure picker in a real Chromium at phone size (static/js/picker.js)."""

from __future__ import annotations

import pytest
from tests.browser.harness import browser, live_server, phone  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_typing_offers_procedures_and_enter_picks_one_without_sending(live_server, phone):  # noqa: F811
    phone.goto(live_server.url("/phan-anh"))
    box = phone.locator("#procedure")
    assert box.get_attribute("role") == "combobox"
    box.press_sequentially("dang ky tam t", delay=30)
    options = phone.locator("#procedure-suggestions [role=option]")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    names = [options.nth(i).inner_text() for i in range(options.count())]
    target = names.index("Đăng ký tạm trú (1.004194)")
    for _ in range(target + 1):
        box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == f"procedure-suggestions-{target}"
    box.press("Enter")
    assert box.input_value() == "Đăng ký tạm trú (1.004194)"
    assert box.get_attribute("aria-expanded") == "false"
    assert phone.url.endswith("/phan-anh")  # picked, not sent
    # A picked value is not searched again.
    box.press_sequentially(" ", delay=30)
    phone.wait_for_timeout(600)
    assert phone.locator("#procedure-suggestions").is_hidden()
