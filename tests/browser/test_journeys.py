"""What citizens and staff do, in a real Chromium at phone size, with JavaScript on and off."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from .harness import new_phone, screenshot
from .pages import SEARCH_WITHOUT_DIACRITICS, sample_procedure, staff_login, submit_feedback

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def citizen(request, browser):
    """A citizen's phone, with JavaScript and without: every journey must work both ways."""
    context = new_phone(browser, javascript=request.param)
    page = context.new_page()
    page.javascript = request.param
    yield page
    context.close()


def path_of(page) -> str:
    return urlsplit(page.url).path


def heading(page) -> str:
    return " ".join(page.locator("main h1").first.inner_text().split())


def test_qr_short_link_lands_on_the_procedure_page(live_server, citizen):
    procedure = sample_procedure(live_server)
    response = citizen.goto(live_server.url_for("qr.short", code=procedure.code))
    assert response.status == 200
    assert path_of(citizen).startswith(f"/thu-tuc/{procedure.code}")
    assert heading(citizen) == procedure.name
    if citizen.javascript:
        screenshot(citizen, "journey-qr-procedure")


def test_search_without_diacritics_finds_the_procedure(live_server, citizen):
    procedure = sample_procedure(live_server)
    citizen.goto(live_server.url_for("catalog.home"))
    box = citizen.locator("main form[role=search] input[name=q]").first
    box.fill(SEARCH_WITHOUT_DIACRITICS)
    box.press("Enter")
    citizen.wait_for_url(re.compile(r"/tim-kiem\?"))
    if citizen.javascript:
        screenshot(citizen, "journey-search-results")
    result = citizen.locator(f"main a[href*='/thu-tuc/{procedure.code}']").first
    assert result.is_visible(), citizen.locator("main").inner_text()[:500]
    result.click()
    citizen.wait_for_url(re.compile(rf"/thu-tuc/{re.escape(procedure.code)}"))
    assert heading(citizen) == procedure.name


def test_feedback_gives_a_tracking_code_and_a_status_page(live_server, citizen):
    procedure = sample_procedure(live_server)
    citizen.goto(live_server.url_for("catalog.procedure", code=procedure.code))
    citizen.locator("main a[href*='/phan-anh?']").first.click()
    citizen.wait_for_url(re.compile(r"/phan-anh\?"))
    # Reached from the procedure page, the form already names the procedure.
    assert citizen.locator("input[name=procedure]").input_value().endswith(f"({procedure.code})")
    code = submit_feedback(citizen, live_server, message="Xin hỏi hồ sơ đăng ký thường trú cần gì?")
    assert re.fullmatch(r"[A-Z0-9]{5}(-[A-Z0-9]{5}){2}", code), code
    assert code in citizen.locator("main").inner_text()
    if citizen.javascript:
        screenshot(citizen, "journey-feedback-sent")

    # Later, from another phone, with only the code.
    later = new_phone(citizen.context.browser, javascript=citizen.javascript).new_page()
    later.goto(live_server.url_for("catalog.home"))
    later.goto(live_server.url_for("feedback.form") + "#lookup")
    later.locator("#lookup input[name=ma]").fill(code.replace("-", " ").lower())
    later.locator("#lookup button[type=submit]").click()
    later.wait_for_url(re.compile(rf"/phan-anh/{code}$"))
    assert code in later.locator("main").inner_text()
    later.context.close()


def test_staff_answer_reaches_the_citizen(live_server, citizen):
    answer = "Chào chị, hồ sơ gồm tờ khai CT01 và giấy tờ chứng minh chỗ ở hợp pháp."
    code = submit_feedback(
        citizen, live_server, message="Đăng ký thường trú cho con cần giấy tờ gì?", publish=True
    )

    staff = new_phone(citizen.context.browser, javascript=citizen.javascript).new_page()
    staff_login(staff, live_server)

    staff.locator(f"main a:has-text('{code}')").first.click()
    staff.locator("textarea[name=answer]").fill(answer)
    staff.locator("input[name=publish]").check()
    staff.locator("form[action*='/tra-loi'] button[type=submit]").click()
    staff.wait_for_load_state()
    if citizen.javascript:
        screenshot(staff, "journey-staff-answered")
    staff.context.close()

    citizen.goto(live_server.url_for("feedback.status", code=code))
    assert answer in citizen.locator("main .feedback-answer").inner_text()
    if citizen.javascript:
        screenshot(citizen, "journey-citizen-sees-answer")


def test_switch_to_khmer_and_english_keeps_the_page(live_server, citizen):
    procedure = sample_procedure(live_server)
    citizen.goto(live_server.url_for("catalog.procedure", code=procedure.code))
    start = path_of(citizen)
    assert citizen.locator("html").get_attribute("lang") == "vi"
    assert citizen.locator(".official-language-note").count() == 0

    citizen.locator(".lang-switch a[hreflang=km]").click()
    citizen.wait_for_url(re.compile(r"lang=km"))
    assert path_of(citizen) == start
    assert citizen.locator("html").get_attribute("lang") == "km"
    # Either the reference translation's note or, without a translation, the general one.
    note = citizen.locator(".reference-note, .official-language-note")
    assert re.search(r"[\u1780-\u17ff]", note.inner_text()), note.inner_text()
    # The reference translation is the heading; the official Vietnamese name follows it.
    khmer = procedure.name_translations.get("km")
    assert heading(citizen) == (khmer.text if khmer else procedure.name)
    if khmer:
        assert citizen.locator(".official-name [lang=vi]").inner_text() == procedure.name
    if citizen.javascript:
        screenshot(citizen, "journey-procedure-km")

    # The choice follows the citizen to the next page, without ?lang= in the links.
    citizen.locator("header nav a[href='/linh-vuc']").first.click()
    citizen.wait_for_url(re.compile(r"/linh-vuc$"))
    assert citizen.locator("html").get_attribute("lang") == "km"

    citizen.locator(".lang-switch a[hreflang=en]").click()
    citizen.wait_for_url(re.compile(r"/linh-vuc\?lang=en$"))
    assert citizen.locator("html").get_attribute("lang") == "en"
    citizen.goto(live_server.url_for("catalog.procedure", code=procedure.code))
    assert "Vietnamese" in citizen.locator(".reference-note, .official-language-note").inner_text()
