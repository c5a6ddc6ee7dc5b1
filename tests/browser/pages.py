"""Every page type of the site, and how a browser reaches each one in the state worth checking."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

# A procedure every deployment of the Sóc Trăng catalogue has: Đăng ký thường trú.
SAMPLE_CODE = "1.004222"
SEARCH_WITHOUT_DIACRITICS = "dang ky thuong tru"
TRACKING_CODE = re.compile(r"/phan-anh/([A-Z0-9][A-Z0-9-]{3,})")


def catalog_of(server):
    from tthc.catalog import get_catalog

    with server.app.app_context():
        return get_catalog()


def sample_procedure(server):
    catalog = catalog_of(server)
    procedure = catalog.get(SAMPLE_CODE) or next(iter(catalog.active), None)
    if procedure is None:
        pytest.skip("the bundled catalogue has no active procedure yet")
    return procedure


def abolished_procedure(server):
    catalog = catalog_of(server)
    active = {p.code for p in catalog.active}
    gone = [p for p in catalog.procedures if p.code not in active]
    if not gone:
        pytest.skip("the bundled catalogue has no abolished or replaced procedure to show a 410")
    return gone[0]


def first_unit(server):
    units = list(catalog_of(server).units)
    if not units:
        pytest.skip("procedures/units.yaml lists no unit")
    return units[0]


def submit_feedback(page, server, *, message: str, publish: bool = False) -> str:
    """Fill the feedback form as a citizen does and return the tracking code it gives."""
    if "/phan-anh" not in page.url:
        page.goto(server.url_for("feedback.form"))
    tap_label(page, "input[name=category]")
    # By name, not by label: the same helper fills the form in every language.
    page.locator("textarea[name=message]").fill(message)
    page.locator("input[name=name]").fill("Trần Thị Mai")
    page.locator("input[name=phone]").fill("0912 345 678")
    if publish:
        tap_label(page, "input[name=publish_answer]")
    tap_label(page, "input[name=consent]")
    page.locator("form.feedback-form [type=submit]").first.click()
    page.wait_for_load_state()
    return tracking_code_on(page)


def tap_label(page, selector: str) -> None:
    """Tick a radio or checkbox the way a person does: by tapping its label."""
    box = page.locator(selector).first
    page.locator(f"label[for='{box.get_attribute('id')}']").click()
    assert box.is_checked(), f"tapping the label of {selector} did not tick it"


def tracking_code_on(page) -> str:
    link = page.locator("a[href*='/phan-anh/']").first
    match = TRACKING_CODE.search(page.url) or TRACKING_CODE.search(link.get_attribute("href") or "")
    assert match, f"no tracking code on {page.url}: {page.inner_text('main')[:300]}"
    return match.group(1)


def show_form_errors(page, server) -> None:
    """Send the feedback form empty, past the browser's own checks, to get the server's errors."""
    page.goto(server.url_for("feedback.form"))
    form = page.locator("form.feedback-form")
    form.evaluate("form => { form.noValidate = true; }")
    form.locator("button[type=submit], input[type=submit]").first.click()
    page.wait_for_load_state()


def staff_password(app) -> str:
    """Create the staff account with the CLI (or reset it) and return its one-time password."""
    from .harness import STAFF_EMAIL

    runner = app.test_cli_runner()
    result = runner.invoke(args=["staff", "create", STAFF_EMAIL, "--role", "admin"])
    if result.exit_code != 0:
        result = runner.invoke(args=["staff", "reset-password", STAFF_EMAIL])
    assert result.exit_code == 0, result.output
    return re.search(rf"{re.escape(STAFF_EMAIL)}: (\S+)", result.output).group(1)


def staff_login(page, server) -> None:
    """Log in as staff with a fresh one-time password, replacing it as the site requires."""
    from .harness import STAFF_EMAIL

    one_time = staff_password(server.app)
    page.goto(server.url_for("admin.login"))
    page.locator("input[name=email]").fill(STAFF_EMAIL)
    page.locator("input[name=password]").fill(one_time)
    page.locator("form[action*='/dang-nhap'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/quan-tri/doi-mat-khau"))
    new_password = "mot cau rat de nho cua can bo 2026"
    page.locator("input[name=current_password]").fill(one_time)
    page.locator("input[name=new_password]").fill(new_password)
    page.locator("input[name=confirm]").fill(new_password)
    page.locator("form[action$='/doi-mat-khau'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/quan-tri/phan-anh"))


def _staff_inbox(page, server):
    _feedback_status(page, server)
    staff_login(page, server)
    return page.goto(server.url_for("admin.inbox_page"))


def _staff_detail(page, server):
    _staff_inbox(page, server)
    link = page.locator("main td a[href*='/quan-tri/phan-anh/']").first
    return page.goto(server.url(link.get_attribute("href")))


def _staff_account(page, server):
    _staff_inbox(page, server)
    page.goto(server.url_for("admin.accounts"))
    link = page.locator("main #accounts a").first
    return page.goto(server.url(link.get_attribute("href")))


@dataclass(frozen=True)
class PageType:
    name: str
    status: int
    open: Callable  # (page, server) -> None: leaves the browser on the page in its state


def _goto(url_of: Callable) -> Callable:
    def open_page(page, server):
        return page.goto(url_of(server))

    return open_page


def _feedback_status(page, server):
    code = getattr(server, "feedback_code", None)
    if code is None:
        code = submit_feedback(page, server, message="Xin hỏi thời gian cấp thẻ căn cước.")
        server.feedback_code = code
    return page.goto(server.url_for("feedback.status", code=code))


PAGE_TYPES = [
    PageType("home", 200, _goto(lambda s: s.url_for("catalog.home"))),
    PageType("procedure", 200, _goto(
        lambda s: s.url_for("catalog.procedure", code=sample_procedure(s).code))),
    PageType("fields", 200, _goto(lambda s: s.url_for("catalog.fields"))),
    PageType("field", 200, _goto(
        lambda s: s.url_for("catalog.field", slug=sample_procedure(s).field))),
    PageType("units", 200, _goto(lambda s: s.url_for("catalog.units"))),
    PageType("unit", 200, _goto(lambda s: s.url_for("catalog.unit", slug=first_unit(s).slug))),
    PageType("guides", 200, _goto(lambda s: s.url_for("catalog.guides"))),
    PageType("guide", 200, _goto(lambda s: s.url_for("catalog.guide", slug="chuyen-nha"))),
    PageType("handout", 200, _goto(
        lambda s: s.url_for("catalog.handout", code=sample_procedure(s).code))),
    PageType("open-data", 200, _goto(lambda s: s.url_for("api.docs"))),
    PageType("search", 200, _goto(
        lambda s: s.url_for("search.results", q=SEARCH_WITHOUT_DIACRITICS))),
    PageType("search-nothing", 200, _goto(lambda s: s.url_for("search.results", q="zzqxw"))),
    PageType("feedback-form", 200, _goto(lambda s: s.url_for("feedback.form"))),
    PageType("feedback-errors", 200, show_form_errors),
    PageType("feedback-status", 200, _feedback_status),
    PageType("feedback-unknown-code", 404, _goto(
        lambda s: s.url_for("feedback.status", code="ABCDE-ABCDE-ABCDE"))),
    PageType("rate-unit", 200, _goto(
        lambda s: s.url_for("feedback.rate", unit=first_unit(s).slug))),
    PageType("qr-unknown-code", 404, _goto(lambda s: s.url_for("qr.short", code="9.999999"))),
    PageType("staff-login", 200, _goto(lambda s: s.url_for("admin.login"))),
    PageType("staff-inbox", 200, _staff_inbox),
    PageType("staff-detail", 200, _staff_detail),
    PageType("staff-account", 200, _staff_account),
    PageType("not-found", 404, _goto(lambda s: s.url("/thu-tuc/9.999999"))),
    PageType("gone", 410, _goto(
        lambda s: s.url_for("catalog.procedure", code=abolished_procedure(s).code))),
]
PAGE_TYPE_NAMES = [page_type.name for page_type in PAGE_TYPES]
BY_NAME = {page_type.name: page_type for page_type in PAGE_TYPES}
