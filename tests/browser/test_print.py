"""Printing a procedure page: at most two A4 pages, the page's address on paper, no navigation."""

from __future__ import annotations

import io
import statistics

import pytest
from bs4 import BeautifulSoup

from .harness import ARTIFACTS

pytestmark = pytest.mark.browser

HIDDEN_IN_PRINT = [".skip-link", ".site-nav", ".lang-switch", "form[role=search]"]


def median_procedure(live_server):
    """The active procedure whose page holds the median amount of text."""
    from tthc.catalog import get_catalog

    client = live_server.app.test_client()
    with live_server.app.app_context():
        procedures = get_catalog().active
    sizes = []
    for procedure in procedures:
        response = client.get(f"/thu-tuc/{procedure.code}", follow_redirects=True)
        html = response.get_data(as_text=True)
        main = BeautifulSoup(html, "html.parser").select_one("main")
        sizes.append((len(main.get_text(" ", strip=True)) if main else 0, procedure.code))
    sizes.sort()
    middle = statistics.median_low(size for size, _ in sizes)
    return next(code for size, code in sizes if size == middle)


def test_median_procedure_prints_on_two_a4_pages_with_its_address(live_server, browser):
    from pypdf import PdfReader

    code = median_procedure(live_server)
    # Counter staff print from an office computer.
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server.url_for("catalog.procedure", code=code))
    page.emulate_media(media="print")
    for selector in HIDDEN_IN_PRINT:
        shown = [n for n in page.locator(selector).all() if n.is_visible()]
        assert not shown, f"{selector} is printed"
    pdf = page.pdf(format="A4", print_background=False)
    context.close()
    path = ARTIFACTS / "print" / f"procedure-{code}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
    print(f"\nprinted procedure page: {path}")

    reader = PdfReader(io.BytesIO(pdf))
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    assert len(reader.pages) <= 2, f"{code} prints on {len(reader.pages)} A4 pages ({path})"
    site_url = live_server.app.config["SITE_URL"]
    printed_address = f"{site_url}/thu-tuc/{code}".replace("https://", "")
    assert printed_address in text, f"the page address is not on paper ({path})"
    assert "Bỏquađếnnộidungchính" not in text
