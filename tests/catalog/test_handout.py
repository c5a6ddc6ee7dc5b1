"""The what-to-bring page /thu-tuc/<code>/giay-to on parsed HTML, and its size budget."""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path

import pytest

from support import Page, make_app
from tthc.catalog import get_catalog
from tthc.catalog.handout import LONG_DOCUMENTS, documents_by_case, reception_hours
from tthc.catalog.models import ChannelOption, Document

ROOT = Path(__file__).resolve().parents[2]
CSS = [ROOT / "static" / "css" / "site.css", ROOT / "static" / "css" / "handout.css"]
BUDGET = 40 * 1024


@pytest.fixture(scope="module")
def catalog(app):
    with app.app_context():
        return get_catalog()


def test_handout_lists_every_document_as_a_checklist_with_amounts(get_page, catalog):
    procedure = catalog.get("1.004222")
    page = get_page("/thu-tuc/1.004222/giay-to")
    assert page.status == 200
    assert page.text("h1") == "Giấy tờ cần mang Đăng ký thường trú"
    group = page.select_one("[data-checklist='1.004222']")
    boxes = group.select("input[type=checkbox]")
    assert len(boxes) == len(procedure.documents)
    labels = [" ".join(label.text.split()) for label in group.select("label")]
    assert labels[0] == " ".join(procedure.documents[0].name.split())
    assert "1 bản chính" in group.select_one(".doc-meta").text
    cases = [h.text for h in group.select(".case-title")]
    assert cases == [case for case, _ in procedure.document_cases]


def test_handout_names_forms_with_where_to_get_them(get_page):
    page = get_page("/thu-tuc/2.001195/giay-to")
    forms = [" ".join(li.text.split()) for li in page.select(".forms li")]
    assert forms[0].startswith("Mẫu CC01 (ban hành kèm theo Thông tư số 17/2024/TT-BCA)")
    assert "hỏi mẫu tại nơi tiếp nhận hồ sơ" in forms[0]
    assert page.select(".forms li")[0].select_one("a")["href"].startswith(
        "https://dichvucong.gov.vn/"
    )
    assert [f.split()[1] for f in forms] == ["CC01", "DC02"]


def test_handout_shows_fee_and_time_of_the_chosen_channel_only(get_page):
    in_person = get_page("/thu-tuc/1.004222/giay-to")
    assert "Trực tiếp" in in_person.text("#phi-title")
    assert "20.000" in in_person.text(".handout-facts") and "10.000" not in in_person.text(
        ".handout-facts"
    )
    online = get_page("/thu-tuc/1.004222/giay-to/truc-tuyen")
    assert "Trực tuyến" in online.text("#phi-title")
    assert "10.000" in online.text(".handout-facts")
    current = online.select_one(".handout-channels a[aria-current]")
    assert current["href"] == "/thu-tuc/1.004222/giay-to/truc-tuyen"


def test_handout_fee_is_the_one_in_force_with_its_end_date(get_page):
    text = get_page("/thu-tuc/2.001195/giay-to").text(".handout-facts")
    assert "25.000" in text and "31/12/2026" in text
    assert "Từ 01/01/2027" in text


def test_handout_says_where_and_when_without_inventing(get_page, catalog):
    page = get_page("/thu-tuc/2.001195/giay-to")
    where = page.text("#noi-nop-title + *") + page.text("section[aria-labelledby=noi-nop-title]")
    unit = catalog.units_for(catalog.get("2.001195"))[0]
    assert unit.name in where
    assert unit.opening_hours.split()[0] in where
    # Commune police posts have no verified hours: the portal's own words in the record.
    commune = get_page("/thu-tuc/1.004222/giay-to").text("section[aria-labelledby=noi-nop-title]")
    assert "Giờ hành chính các ngày làm việc" in commune


def test_handout_without_hours_points_to_the_portal_and_the_feedback_form(get_page, catalog):
    code = next(
        p.code
        for p in catalog.active
        if not any(u.opening_hours for u in catalog.units_for(p))
        and not reception_hours(p.channels)
    )
    section = get_page(f"/thu-tuc/{code}/giay-to").select_one(
        "section[aria-labelledby=noi-nop-title]"
    )
    assert "Chưa có giờ tiếp nhận" in section.text
    assert section.select_one(f"a[href='/phan-anh?procedure={code}']") is not None


def test_handout_carries_the_qr_of_the_short_link(get_page):
    page = get_page("/thu-tuc/1.004222/giay-to")
    assert page.select_one("img.handout-qr")["src"] == "/qr/1.004222.svg"
    assert "tthc.example.gov.vn/q/1.004222" in page.text(".handout-foot")
    assert page.select_one("link[href$='handout.css']") is not None
    assert page.select_one("script[src$='checklist.js']") is not None
    assert page.select("script:not([src])") == []


def test_handout_addresses_that_do_not_fit_redirect_or_404(client):
    assert client.get("/thu-tuc/1.004222/giay-to/bay-bong").headers["Location"].endswith(
        "/thu-tuc/1.004222/giay-to"
    )
    # 1.004222 has no postal channel.
    assert client.get("/thu-tuc/1.004222/giay-to/buu-chinh").status_code == 301
    assert client.get("/thu-tuc/9.999999/giay-to").status_code == 404


def test_procedure_page_links_to_its_handout_and_remembers_ticks(get_page, catalog):
    page = get_page("/thu-tuc/2.001195")
    assert page.select_one(".handout-link a")["href"] == "/thu-tuc/2.001195/giay-to"
    boxes = page.select("#giay-to [data-checklist='2.001195'] input[type=checkbox]")
    assert len(boxes) == len(catalog.get("2.001195").documents)
    assert page.select_one("script[src$='share.js']") is not None


def words(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_a_long_list_in_several_cases_is_read_case_by_case_on_the_documents_page(
    get_page, catalog
):
    """1.004222: twelve documents in six cases, and long notes. Its page lists the cases, each
    a link to its part of the documents page, which holds every document and the notes."""
    procedure = catalog.get("1.004222")
    assert documents_by_case(procedure)
    page = get_page("/thu-tuc/1.004222")
    assert page.select("#giay-to input[type=checkbox]") == []
    items = page.select("#giay-to .case-index li")
    assert [words(li.select_one("a")) for li in items] == [
        " ".join(case.split()) for case, _ in procedure.document_cases
    ]
    assert [words(li.select_one(".doc-meta")) for li in items] == [
        f"{len(documents)} giấy tờ" for _, documents in procedure.document_cases
    ]
    handout = get_page("/thu-tuc/1.004222/giay-to")
    for li in items:
        path, anchor = li.select_one("a")["href"].split("#")
        assert path == "/thu-tuc/1.004222/giay-to"
        assert words(handout.select_one(f"h3#{anchor}.case-title")) == words(li.select_one("a"))
    # The notes under the whole list went with it: read on the documents page, on screen.
    note = "Không yêu cầu xuất trình Giấy khai sinh đối với trường hợp trẻ em mới sinh"
    assert note in words(handout.select_one(".print-omit .notes"))
    assert note not in words(page.select_one("#giay-to"))
    assert "Bản sao là bản chụp có chứng thực" in words(handout.select_one(".hint.print-omit"))
    assert page.select_one(".handout-link a")["href"] == "/thu-tuc/1.004222/giay-to"


def test_a_short_list_in_several_cases_stays_on_the_procedure_page(get_page, catalog):
    procedure = catalog.get("1.010038")
    assert len(procedure.document_cases) > 1 and not documents_by_case(procedure)
    page = get_page("/thu-tuc/1.010038")
    assert len(page.select("#giay-to input[type=checkbox]")) == len(procedure.documents)
    assert page.select_one(".case-index") is None
    assert page.select_one(".print-omit .notes") is None


def test_which_lists_are_read_case_by_case(catalog):
    base = catalog.get("1.010038")

    def procedure(documents, notes=()):
        return base.model_copy(update={"documents": documents, "document_notes": list(notes)})

    def document(case, length=20):
        return Document.model_validate({"name": "Giấy tờ " + "x" * length, "case": case})

    two_cases = [document("A"), document("B")]
    assert not documents_by_case(procedure(two_cases))
    assert documents_by_case(procedure(two_cases, ["Lưu ý " + "y" * LONG_DOCUMENTS]))
    assert documents_by_case(procedure([document("A")] * 5 + [document("B")] * 5))
    # One case, or documents outside every case: the list stays on the page, however long.
    assert not documents_by_case(procedure([document("A", LONG_DOCUMENTS)] * 2))
    assert not documents_by_case(procedure([document(None)] * 6 + [document("B")] * 6))


def test_reception_hours_come_from_the_portal_wording():
    note = (
        "- Nộp hồ sơ trực tiếp tại Công an cấp xã. Thời gian tiếp nhận hồ sơ: Giờ hành chính các "
        "ngày làm việc từ thứ 2 đến thứ 6 (trừ các ngày nghỉ lễ, tết theo quy định của pháp luật)."
    )
    option = ChannelOption.model_validate(
        {"channel": "truc_tiep", "time": {"value": 2, "unit": "ngay_lam_viec"}, "note": note}
    )
    assert reception_hours([option, option]) == [
        "Giờ hành chính các ngày làm việc từ thứ 2 đến thứ 6 (trừ các ngày nghỉ lễ, tết theo quy "
        "định của pháp luật)"
    ]


def test_median_handout_with_its_stylesheets_fits_the_budget(client, catalog):
    sizes = [len(client.get(f"/thu-tuc/{p.code}/giay-to").get_data()) for p in catalog.active]
    css = sum(path.stat().st_size for path in CSS)
    assert statistics.median(sizes) + css <= BUDGET, (statistics.median(sizes), css)


def test_a_form_links_to_its_blank_only_when_the_record_gives_the_address(tmp_path):
    root = tmp_path / "catalogue"
    shutil.copytree(Path(__file__).parent / "fixtures" / "broken" / "base", root)
    record = root / "cu-tru" / "1.004222-dang-ky-thuong-tru.yaml"
    record.write_text(
        record.read_text(encoding="utf-8")
        + "documents:\n"
        + "  - {name: Tờ khai (Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA),\n"
        + "     form: CT01,\n"
        + "     form_url: 'https://dichvucong.gov.vn/mau/ct01.docx'}\n"
        + "  - {name: Phiếu đề nghị (Mẫu DC02), form: DC02}\n",
        encoding="utf-8",
    )
    client = make_app(tmp_path, PROCEDURES_DIR=str(root)).test_client()
    page = Page(client.get("/thu-tuc/1.004222/giay-to"))
    ct01, dc02 = page.select(".forms li")
    assert ct01.select_one("a")["href"] == "https://dichvucong.gov.vn/mau/ct01.docx"
    assert "Thông tư số 53/2025/TT-BCA" in ct01.text
    assert dc02.select_one("strong").text == "Mẫu DC02"
    assert "hỏi mẫu tại nơi tiếp nhận hồ sơ" in dc02.text
    procedure_page = Page(client.get("/thu-tuc/1.004222"))
    links = [a["href"] for a in procedure_page.select(".checklist .doc-meta a")]
    assert links == ["https://dichvucong.gov.vn/mau/ct01.docx"]


def test_shorten_keeps_what_every_applicant_needs_then_the_usual_case_whole_documents():
    from tthc.catalog.handout import shorten

    cases = [("Trường hợp A", ["a1", "a2-long"]), (None, ["all1", "all2"]), ("B", ["b1"])]
    everything = shorten(cases, lambda selection, omitted: True)
    assert everything.cases == cases and everything.omitted == 0

    # Room for three documents of size 1, "a2-long" costs 3: the documents without a case come
    # first, then the first case, skipping what does not fit for a shorter one after it.
    def fits(selection, omitted):
        cost = sum(3 if name.endswith("long") else 1 for _c, names in selection for name in names)
        return cost + (1 if omitted else 0) <= 4

    kept = shorten(cases, fits)
    assert kept.cases == [("Trường hợp A", ["a1"]), (None, ["all1", "all2"])]
    assert kept.omitted == 2
    assert kept.omits(0, 1) and not kept.omits(0, 0) and kept.omits(2) and not kept.omits(1)
    assert kept.shown == ["a1", "all1", "all2"]
    # Nothing fits: nothing is printed but the line saying where the list is.
    assert shorten(cases, lambda selection, omitted: not selection).omitted == 5


def test_long_handout_marks_what_paper_leaves_out_and_says_where_the_rest_is(get_page, catalog):
    procedure = catalog.get("1.004222")
    page = get_page("/thu-tuc/1.004222/giay-to")
    group = page.select_one("[data-checklist='1.004222']")
    # The screen keeps the whole list; only print hides the marked documents.
    assert len(group.select("input[type=checkbox]")) == len(procedure.documents)
    items = group.select(".checklist li")
    left_out = [li for li in items if "print-omit" in li.get("class", [])]
    assert 0 < len(left_out) < len(items)
    # The first case (the usual one: one's own home) is printed, the rarer ones left out.
    assert "print-omit" not in group.select_one(".case-title")["class"]
    more = page.select_one("p.print-only.handout-more")
    assert more.text == (
        f"Còn {len(left_out)} giấy tờ khác: xem đủ tại tthc.example.gov.vn/thu-tuc/1.004222/giay-to"
    )
    # A short list is printed whole, without that line.
    short = get_page("/thu-tuc/2.001195/giay-to")
    assert short.select(".print-omit") == [] and short.select_one(".handout-more") is None


def test_handout_print_estimate_counts_lines_as_a_wide_font_wraps_them():
    from tthc.catalog.handout import text_lines

    assert text_lines("Giấy tờ của chủ xe", 65) == 1
    # About 35 characters a line in a 62 mm column at 9 pt.
    assert 13 <= text_lines("chữ " * 120, 62) <= 16
    assert text_lines("x" * 200, 30) >= 7  # a word longer than the line breaks inside it
