"""The editor's repeated parts with static/js/editor.js, in Chromium: a fee is added, a document
moved up and a step removed in place (no page load), the draft saved has exactly those changes;
without JavaScript the same buttons post the form as before.

The fee is a fixture (12345 đồng, "thử nghiệm"), never a real one; the drafts are removed
afterwards (restore_catalogue) so the other browser tests see the bundled catalogue.
"""

from __future__ import annotations

import re

import pytest

from .harness import new_phone, screenshot
from .test_editor import CODE, log_in_as, restore_catalogue  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

EDITOR = "bien.tap.js@example.gov.vn"
FEE = "Phí thử nghiệm của trình duyệt"


def editor_page(browser, live_server, javascript=True):
    page = new_phone(
        browser,
        javascript=javascript,
        viewport={"width": 1024, "height": 900},
        is_mobile=False,
        has_touch=False,
    ).new_page()
    log_in_as(page, live_server, EDITOR, "editor")
    page.goto(live_server.url_for("admin.edit_procedure", procedure_code=CODE))
    return page


def diff_rows(page) -> list[tuple[str, str, str]]:
    rows = page.locator("table.editor-diff tbody tr")
    return [
        (
            rows.nth(i).locator("th").inner_text().strip(),
            rows.nth(i).locator("td").nth(0).inner_text().strip(),
            rows.nth(i).locator("td").nth(1).inner_text().strip(),
        )
        for i in range(rows.count())
    ]


def names(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("els => els.map(e => e.name)")


def test_add_move_and_remove_in_place_then_save(live_server, browser, restore_catalogue):  # noqa: F811
    page = editor_page(browser, live_server)
    loads = []
    page.on("framenavigated", lambda frame: loads.append(frame.url))
    page.evaluate("window.__samePage = true")

    documents = page.locator("[id^=f-documents-][id$=-name]")
    first, second = documents.nth(0).input_value(), documents.nth(1).input_value()
    steps = page.locator("#f-steps fieldset, #f-steps > .form-field")
    step_count = steps.count()
    last_step = page.locator(f"#f-steps-{step_count - 1}").input_value()
    fees = "#f-channels-2-fees > fieldset.editor-group"
    fee_count = page.locator(fees).count()

    # a fee: the server's blank item, asked for in the background, the page stays
    page.locator("#f-channels-2-fees > button[value='add:channels.2.fees']").click()
    new = f"#f-channels-2-fees-{fee_count}-name"
    page.locator(new).wait_for()
    assert page.evaluate("document.activeElement.id") == new[1:]
    assert page.locator("input[name='channels.2.fees.__n']").input_value() == str(fee_count + 1)
    page.locator(new).fill(FEE)
    page.locator(f"#f-channels-2-fees-{fee_count}-amount").fill("12345")
    page.locator(".editor-live", has_text="Đã thêm").wait_for()  # the add is a background fetch

    # the second document up: its inputs now read documents.0, the button keeps the focus
    page.locator("#f-documents-1 button[value='up:documents.1']").click()
    assert documents.nth(0).input_value() == second
    assert documents.nth(1).input_value() == first
    assert page.locator("#f-documents-0-name").input_value() == second
    assert page.locator("label[for='f-documents-0-name']").count() == 1
    focused = page.evaluate("document.activeElement.value")
    assert focused == "down:documents.0"  # the first has no "Lên"; its "Xuống" has the focus
    assert page.locator("#f-documents-0 button[value^='up:']").count() == 0
    assert page.locator("#f-documents-1 button[value='up:documents.1']").count() == 1
    page.locator(".editor-live", has_text="Đã chuyển").wait_for()

    # the last step removed
    page.locator(f"button[value='remove:steps.{step_count - 1}']").click()
    assert page.locator("input[name='steps.__n']").input_value() == str(step_count - 1)
    assert page.locator(f"#f-steps-{step_count - 1}").count() == 0
    assert page.locator(f"#f-steps-{step_count - 2} button[value^='down:']").count() == 0
    page.locator(".editor-live", has_text="Đã xóa").wait_for()
    assert page.evaluate("document.activeElement.id") == f"f-steps-{step_count - 2}"

    assert page.evaluate("window.__samePage === true")
    assert loads == []  # no page load for any of the three
    screenshot(page, "editor-script-in-place")

    page.locator("#meta-reason").fill("Thử nghiệm sửa tại chỗ bằng JavaScript (dữ liệu thử nghiệm)")
    page.locator("button[name=action][value=save]").click()  # no "leave the page?" dialog
    page.wait_for_url(re.compile(rf"/quan-tri/thu-tuc/{re.escape(CODE)}$"))
    page.locator("a[href*='/ban-nhap/']").first.click()
    page.wait_for_url(re.compile(r"/quan-tri/ban-nhap/\d+$"))
    rows = diff_rows(page)
    screenshot(page, "editor-script-draft-diff")
    page.context.close()
    fee_rows = [r for r in rows if r[0].endswith(f"Khoản thu {fee_count + 1}")]
    doc_rows = [r for r in rows if re.match(r"Thành phần hồ sơ › Giấy tờ [12] › ", r[0])]
    step_rows = [r for r in rows if r[0] == "Trình tự thực hiện"]
    assert len(rows) == len(fee_rows) + len(doc_rows) + len(step_rows), rows  # nothing else
    [(_label, old, new)] = fee_rows  # one new fee, no other fee changed
    assert old == "—" and FEE in new and '"amount": 12345' in new
    swapped = {(old, new) for label, old, new in doc_rows if label.endswith("Tên giấy tờ")}
    assert swapped == {(first, second), (second, first)}, doc_rows
    [(_label, old, new)] = step_rows  # the steps without the last one
    assert new.split("\n") == old.split("\n")[:-1] and old.split("\n")[-1] == last_step
    assert len(old.split("\n")) == step_count


def test_unsaved_changes_ask_before_leaving_but_not_when_saving(live_server, browser):
    page = editor_page(browser, live_server)
    page.locator("#f-steps-0").fill("Thay đổi chưa lưu")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.evaluate("location.href = '/'")  # a scripted navigation runs beforeunload
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert "/quan-tri/thu-tuc/" in page.url
    page.context.close()


def test_without_javascript_the_buttons_post_the_form(live_server, browser):
    page = editor_page(browser, live_server, javascript=False)
    count = page.locator("input[name='steps.__n']").input_value()
    with page.expect_navigation():
        page.locator("#f-steps > button[value='add:steps']").click()
    assert page.locator("input[name='steps.__n']").input_value() == str(int(count) + 1)
    assert page.locator(f"#f-steps-{count}").get_attribute("autofocus") is not None
    with page.expect_navigation():
        page.locator("#f-documents-1 button[value='up:documents.1']").click()
    assert page.locator("#f-documents-0 button[value^='up:']").count() == 0
    page.context.close()
