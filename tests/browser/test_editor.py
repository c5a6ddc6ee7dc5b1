"""An editor changes a fee, with its date and decision, and a reviewer publishes it: in Chromium.

The amount is a fixture (12345 đồng), never a real fee; the revisions are removed afterwards so
the shared live server serves the bundled catalogue to the other browser tests.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from .harness import new_phone, screenshot

pytestmark = pytest.mark.browser

CODE = "1.014064"  # Cấp lại thẻ căn cước
EDITOR = "bien.tap.trinh.duyet@example.gov.vn"
REVIEWER = "duyet.trinh.duyet@example.gov.vn"
PASSWORD = "mot cau mat khau rat dai cua can bo 2026"  # noqa: S105 (throwaway test database)


def log_in_as(page, server, email: str, role: str) -> None:
    """Create the account with the CLI, log in with the one-time password, replace it."""
    runner = server.app.test_cli_runner()
    result = runner.invoke(args=["staff", "create", email, "--role", role])
    if result.exit_code != 0:
        result = runner.invoke(args=["staff", "reset-password", email])
    assert result.exit_code == 0, result.output
    one_time = re.search(rf"{re.escape(email)}: (\S+)", result.output).group(1)
    page.goto(server.url_for("admin.login"))
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(one_time)
    page.locator("form[action*='/dang-nhap'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/quan-tri/doi-mat-khau"))
    page.locator("input[name=current_password]").fill(one_time)
    page.locator("input[name=new_password]").fill(PASSWORD)
    page.locator("input[name=confirm]").fill(PASSWORD)
    page.locator("form[action$='/doi-mat-khau'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/quan-tri/thu-tuc"))


@pytest.fixture
def restore_catalogue(live_server):
    yield
    from sqlalchemy import delete

    from tthc.catalog.revisions import CatalogDraft, CatalogRevision
    from tthc.catalog.store import catalog_store
    from tthc.extensions import db

    with live_server.app.app_context():
        for model in (CatalogDraft, CatalogRevision):
            db.session.execute(delete(model))
        db.session.commit()
        catalog_store().refresh()


def test_an_editor_changes_a_fee_from_a_date_and_a_reviewer_publishes_it(
    live_server, browser, restore_catalogue
):
    editor = new_phone(
        browser, viewport={"width": 1024, "height": 900}, is_mobile=False, has_touch=False
    ).new_page()
    log_in_as(editor, live_server, EDITOR, "editor")
    editor.goto(live_server.url_for("admin.edit_procedure", procedure_code=CODE))
    amount = editor.locator("#f-channels-0-fees-0-amount")
    assert amount.input_value() != "12345"
    amount.fill("12345")
    editor.locator("#meta-reason").fill("Điều chỉnh lệ phí theo văn bản mới (dữ liệu thử nghiệm)")
    editor.locator("#meta-decision_number").fill("Thông tư số 00/2026/TT-BTC (thử nghiệm)")
    editor.locator("#meta-decision_date").fill("2026-11-20")
    editor.locator("#meta-applies_from").fill("2026-11-28")
    screenshot(editor, "editor-fee-changed")
    editor.locator("button[name=action][value=submit]").click()
    editor.wait_for_url(re.compile(r"/quan-tri/ban-nhap/\d+$"))
    diff = editor.locator("table.editor-diff").inner_text()
    assert "12345" in diff
    screenshot(editor, "editor-draft-submitted")
    draft_url = editor.url
    editor.context.close()

    reviewer = new_phone(
        browser, viewport={"width": 1024, "height": 900}, is_mobile=False, has_touch=False
    ).new_page()
    log_in_as(reviewer, live_server, REVIEWER, "reviewer")
    draft_path = urlsplit(draft_url).path
    reviewer.locator(f"a[href='{draft_path}']").first.click()  # from the list of drafts
    assert "12345" in reviewer.locator("table.editor-diff").inner_text()
    screenshot(reviewer, "reviewer-sees-the-diff")
    reviewer.locator("form.publish-form button[type=submit]").click()
    reviewer.wait_for_url(re.compile(rf"/quan-tri/thu-tuc/{re.escape(CODE)}/lich-su"))
    assert REVIEWER in reviewer.locator("table.history").inner_text()
    screenshot(reviewer, "reviewer-published-history")
    reviewer.context.close()

    citizen = new_phone(browser).new_page()
    citizen.goto(live_server.url_for("catalog.procedure", code=CODE))
    assert "12.345" in citizen.locator("main").inner_text()
    screenshot(citizen, "citizen-sees-the-new-fee")
    citizen.context.close()
