"""Catalogue pages on the bundled catalogue: real values, every page answering, the size budget."""

from __future__ import annotations

import datetime as dt
import statistics
from pathlib import Path

import pytest

from support import Page, make_app
from tthc.catalog import get_catalog
from tthc.catalog.models import Channel
from tthc.official import bulleted

ROOT = Path(__file__).resolve().parents[2]
STYLESHEET = ROOT / "static" / "css" / "site.css"
BUDGET = 40 * 1024


@pytest.fixture(scope="module")
def catalog(app):
    with app.app_context():
        return get_catalog()


def rows_of(page: Page, channel: str) -> list:
    """The summary rows that name one channel (alone, or with others that share its row)."""
    return [
        row
        for row in page.select("table.channels tbody tr")
        if channel in row.select_one(".channel-name").get_text(strip=True).split(" và ")
    ]


def channel_cells(page: Page, channel: str) -> list[str]:
    """Return the fee cells of the summary rows of one channel, as plain text."""
    return [" ".join(row.select("td")[1].get_text(" ").split()) for row in rows_of(page, channel)]


def time_cells(page: Page, channel: str) -> list[str]:
    return [" ".join(row.select("td")[0].get_text(" ").split()) for row in rows_of(page, channel)]


def test_thuong_tru_fees_and_time_per_channel(get_page):
    page = get_page("/thu-tuc/1.004222")
    assert page.status == 200
    assert page.text("h1") == "Đăng ký thường trú"
    assert channel_cells(page, "Trực tiếp")[0].startswith("Phí, lệ phí: 20.000 ₫")
    assert channel_cells(page, "Trực tuyến")[0].startswith("Phí, lệ phí: 10.000 ₫")
    assert time_cells(page, "Trực tiếp") == ["Thời hạn: 7 ngày làm việc"]
    # "Công an xã, phường nơi cư trú" stands for every commune post: it links to their list.
    assert page.select_one('.summary a[href="/don-vi#units-xa"]')


@pytest.mark.parametrize("code", ["2.001195", "1.014063"])
def test_can_cuoc_reduced_fee_until_the_end_of_2026(get_page, code):
    page = get_page(f"/thu-tuc/{code}")
    direct = channel_cells(page, "Trực tiếp")[0]
    assert "25.000 ₫" in direct
    assert "31/12/2026" in direct
    assert "Từ 01/01/2027: 50.000 ₫" in direct


@pytest.mark.parametrize("code", ["2.001195", "1.014063"])
def test_can_cuoc_full_fee_from_2027(tmp_path, code):
    app = make_app(tmp_path, TODAY=dt.date(2027, 1, 2))
    page = Page(app.test_client().get(f"/thu-tuc/{code}"))
    direct = channel_cells(page, "Trực tiếp")[0]
    assert direct.startswith("Phí, lệ phí: 50.000 ₫")
    assert "25.000" not in direct and "31/12/2026" not in page.text(".summary")


def test_every_procedure_answers_with_its_page(client, catalog):
    for procedure in catalog:
        response = client.get(f"/thu-tuc/{procedure.code}")
        expected = 200 if procedure.is_active else 410
        assert response.status_code == expected, procedure.code
        page = Page(response)
        assert page.text("h1") == " ".join(procedure.name.split())
        if procedure.is_active:
            assert page.select("table.channels tbody tr"), procedure.code
        slugged = client.get(f"/thu-tuc/{procedure.code}/{procedure.slug}")
        assert slugged.status_code == expected


def test_fees_set_by_a_regulation_are_never_shown_as_free(client, catalog, app):
    with app.app_context():
        from tthc import clock

        today = clock.today()
    regulated = [
        p
        for p in catalog.active
        if any(fee.set_by for option in p.channels for fee in option.fees_on(today))
    ]
    for procedure in regulated:
        page = Page(client.get(f"/thu-tuc/{procedure.code}"))
        assert "Theo quy định tại" in page.text(".summary"), procedure.code


def test_online_service_button_and_source_link(get_page, catalog):
    online = next(p for p in catalog.active if p.online_service)
    page = get_page(f"/thu-tuc/{online.code}")
    # The export gives no submission page for the bundled procedures: the page says where to
    # submit in words and links the portal's start page, never the information page.
    assert not online.online_service.submit_url
    assert page.select_one(".summary a.button-primary")["href"] == "https://dichvucong.gov.vn/"
    assert f"tìm thủ tục theo mã {online.code}" in page.text(".online")
    assert page.select_one(".provenance a")["href"] == str(online.source_url)


def test_home_counts_fields_and_featured(get_page, catalog):
    home = get_page("/")
    assert home.status == 200
    counts = {}
    for item in home.select(".field-list li"):
        count = item.select_one(".count").get_text(strip=True)
        counts[item.a["href"]] = int(count.split()[0].replace(".", ""))
    assert sum(counts.values()) == len(catalog.active)
    expected = {f"/linh-vuc/{field.slug}": n for field, n in catalog.field_counts()}
    assert counts == expected
    featured = [a["href"] for a in home.select("#featured-title ~ .proc-list a")]
    assert "/thu-tuc/1.004222" in featured and "/thu-tuc/2.001195" in featured


def test_field_pages_list_every_active_procedure(client, catalog):
    for field, count in catalog.field_counts():
        page = Page(client.get(f"/linh-vuc/{field.slug}"))
        assert page.status == 200
        assert page.text("h1") == field.name
        listed = {a["href"] for a in page.select("section .proc-list a")}
        assert len(listed) == count


def test_unit_pages_answer(client, catalog):
    assert Page(client.get("/don-vi")).status == 200
    for unit in catalog.units:
        page = Page(client.get(f"/don-vi/{unit.slug}"))
        assert page.status == 200
        assert page.text("h1") == unit.name
        # A directory: each procedure's name, its times and fees on its own page.
        assert page.select(".proc-list .proc-item") and not page.select(".proc-meta")


def words(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_channels_with_the_same_time_and_fees_for_a_case_share_its_row(get_page, catalog):
    page = get_page("/thu-tuc/1.013076")  # three cases, each alike in person and online
    rows = page.select("table.channels tbody tr")
    assert [words(row.select_one(".channel-name")) for row in rows] == [
        "Trực tiếp và trực tuyến"
    ] * 3
    cases = [option.case for option in catalog.get("1.013076").channels_of(Channel.IN_PERSON)]
    assert [words(row.select_one(".channel-case")) for row in rows] == cases
    assert [words(row.select("td")[0]) for row in rows] == [
        "Thời hạn: 2 ngày làm việc", "Thời hạn: 7 ngày làm việc", "Thời hạn: 1 giờ"
    ]
    # Another fee online: a row each.
    thuong_tru = get_page("/thu-tuc/1.004222").select("table.channels tbody tr")
    assert [words(row.select_one(".channel-name")) for row in thuong_tru] == [
        "Trực tiếp", "Trực tuyến"
    ]
    english = get_page("/thu-tuc/1.013076?lang=en").select_one("table.channels .channel-name")
    assert words(english) == "In person and online"


def test_what_every_channel_note_shares_is_given_once_first(get_page):
    page = get_page("/thu-tuc/1.013076")
    terms = [words(term) for term in page.select(".channel-notes dt")]
    assert terms == [
        "Trực tiếp và trực tuyến",
        "Trực tiếp và trực tuyến (Cấp chứng nhận thu hồi đăng ký, biển số xe)",
        "Trực tiếp và trực tuyến (Cấp lại biển số định danh)",
        "Trực tiếp và trực tuyến (Cấp biển số định danh lần đầu)",
    ]
    notes = words(page.select_one(".channel-notes"))
    assert notes.count("Chủ xe kê khai Giấy khai đăng ký xe trên Cổng Dịch vụ công") == 1
    assert notes.count("thời hạn xác minh là 30 ngày") == 3  # inside each case's own item
    first = words(page.select(".channel-notes dd")[0])
    assert first.startswith("Cách thức thực hiện:") and "Thời hạn giải quyết" not in first


def test_no_word_of_the_channels_notes_is_lost(client, catalog):
    for procedure in catalog.active:
        notes = [option.note for option in procedure.channels if option.note]
        if not notes:
            continue
        shown = words(Page(client.get(f"/thu-tuc/{procedure.code}")).select_one(".channel-notes"))
        for note in notes:
            parts = bulleted(note)
            pieces = [parts.lead] + [
                piece for item in parts.items for piece in (item.text, *item.sub)
            ]
            for piece in filter(None, pieces):
                assert " ".join(piece.split()) in shown, (procedure.code, piece)


def test_median_procedure_page_and_stylesheet_fit_the_budget(client, catalog):
    sizes = [len(client.get(f"/thu-tuc/{p.code}").get_data()) for p in catalog.active]
    median = statistics.median(sizes)
    total = median + STYLESHEET.stat().st_size
    assert total <= BUDGET, f"median page {median} B + CSS {STYLESHEET.stat().st_size} B"
