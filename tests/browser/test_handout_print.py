"""Every what-to-bring handout prints on one A5 sheet in Chromium, documents whole or left out."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup

from .harness import ARTIFACTS

pytestmark = pytest.mark.browser

A5_PT = (148 / 25.4 * 72, 210 / 25.4 * 72)
LOCALES = ("vi-VN", "en-US", "km-KH")  # Vietnamese first: the others print its shortened
KEPT = {"1.004222", "2.001478", "2.001195"}  # kept under tests/artifacts/print/handouts


def squeeze(text: str) -> str:
    """Text without spaces, NFC: PDF extraction breaks lines anywhere a browser wraps them."""
    from tthc.text import nfc

    return "".join(nfc(text).split()).replace("-", "")


def test_every_handout_prints_on_one_a5_sheet(live_server, browser):
    from pypdf import PdfReader

    from tthc.catalog import get_catalog

    with live_server.app.app_context():
        procedures = get_catalog().active
    out = ARTIFACTS / "print" / "handouts"
    out.mkdir(parents=True, exist_ok=True)
    sheets: dict[str, int] = {}
    shortened: dict[str, str] = {}
    problems: list[str] = []
    # Counter staff print from an office computer: every procedure in Vietnamese; in the other
    # languages (longer labels) the procedures whose list is shortened, the fullest sheets.
    for locale in LOCALES:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=locale)
        page = context.new_page()
        full = {where.split()[1] for where in shortened} | KEPT
        for procedure in (
            procedures if locale == LOCALES[0] else [p for p in procedures if p.code in full]
        ):
            code = procedure.code
            where = f"{locale} {code}"
            page.goto(live_server.url_for("catalog.handout", code=code))
            html = BeautifulSoup(page.content(), "html.parser")
            page.emulate_media(media="print")
            pdf = page.pdf(prefer_css_page_size=True)
            page.emulate_media(media="screen")
            reader = PdfReader(io.BytesIO(pdf))
            sheets[where] = len(reader.pages)
            if len(reader.pages) != 1 or code in KEPT:
                (out / f"{code}-{locale}.pdf").write_bytes(pdf)
            if len(reader.pages) != 1:
                continue
            size = reader.pages[0].mediabox
            if (float(size.width), float(size.height)) != pytest.approx(A5_PT, abs=2):
                problems.append(f"{where}: not A5")
            text = squeeze(reader.pages[0].extract_text())
            group = html.select_one(f"[data-checklist='{code}']")
            items = group.select(".checklist li") if group else []
            kept = [li for li in items if "print-omit" not in li.get("class", [])]
            # Whole names: a shortened list leaves documents out, never words of one.
            for li in kept:
                name = li.select_one("label").get_text()
                if squeeze(name) not in text:
                    problems.append(f"{where}: {name[:60]!r} is not printed whole")
            left_out = len(items) - len(kept)
            if left_out:
                shortened[where] = f"{len(kept)}/{len(items)}"
                more = html.select_one(".handout-more")
                if more is None or f"{left_out}" not in more.get_text():
                    problems.append(f"{where}: shortened without saying how many are left out")
                if squeeze(f"/thu-tuc/{code}/giay-to") not in text:
                    problems.append(f"{where}: shortened without the address of the whole list")
            if squeeze(f"/q/{code}") not in text:
                problems.append(f"{where}: the QR's address is not printed")
        context.close()
    fits = sum(1 for count in sheets.values() if count == 1)
    vietnamese = {where.split()[1]: kept for where, kept in shortened.items() if "vi" in where}
    print(
        f"\n{fits} of {len(sheets)} printed handouts fit one A5 sheet; {len(procedures)} in "
        f"Vietnamese, of which {len(vietnamese)} shortened (printed/all): {vietnamese}"
    )
    assert fits == len(sheets), {code: count for code, count in sheets.items() if count != 1}
    assert problems == []
