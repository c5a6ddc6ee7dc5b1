"""Content rules (tthc.catalog.rules): each class of error a reader would catch, on fixtures.

``fixtures/content`` holds 1.000101, with one instance of every class as the portal published
it, and 1.000102, the same procedure written as the rules want; the page tests read what a
citizen sees of the corrected one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from support import Page, make_app
from tthc.catalog.cli import catalog_cli
from tthc.catalog.importer.portal import convert_documents, convert_legal_basis, submission_url
from tthc.catalog.loader import load_catalog
from tthc.catalog.rules import (
    EMPTY_CONTACT,
    ERROR,
    FEE_UNIT,
    LEGAL_DATE,
    NOTE_AS_DOCUMENT,
    NOTE_MEANING,
    ONLINE_SUBMISSION,
    STAGES,
    SUPERSEDED_CHANGE,
    TYPO,
    WARNING,
    check_catalog,
    check_procedure,
    date_after_number,
    fix_typos,
)

FIXTURES = Path(__file__).parent / "fixtures" / "content"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(FIXTURES)


def found(catalog, code):
    return {(f.rule, f.path, f.severity) for f in check_procedure(catalog.get(code), catalog)}


# --- The rules on the fixture ----------------------------------------------------------------


def test_every_class_of_error_is_found_where_it_is(catalog):
    assert found(catalog, "1.000101") == {
        (LEGAL_DATE, "legal_basis.0.issued_on", ERROR),
        (NOTE_MEANING, "channels.0.fees.1.note", ERROR),
        (NOTE_AS_DOCUMENT, "documents.0", ERROR),
        (STAGES, "channels.0.case", ERROR),
        (STAGES, "channels.1.case", ERROR),
        (FEE_UNIT, "channels.0.fees.0.unit", ERROR),
        (SUPERSEDED_CHANGE, "changes.0", ERROR),
        (TYPO, "name", ERROR),
        (TYPO, "documents.1.name", ERROR),
        (TYPO, "legal_basis.1.title", ERROR),
        (ONLINE_SUBMISSION, "online_service.submit_url", ERROR),
    }


def test_the_corrected_procedure_passes_every_rule(catalog):
    assert found(catalog, "1.000102") == set()


def test_messages_are_vietnamese_and_name_the_fix(catalog):
    messages = {f.rule: f.message for f in check_procedure(catalog.get("1.000101"))}
    assert "bỏ ngày" in messages[LEGAL_DATE]
    assert "phải xuất trình" in messages[NOTE_MEANING]
    assert "document_notes" in messages[NOTE_AS_DOCUMENT]
    assert "thêm unit: giấy" in messages[FEE_UNIT]
    assert "superseded_by" in messages[SUPERSEDED_CHANGE]


def test_a_unit_without_any_contact_is_a_warning(catalog):
    units = [f for f in check_catalog(catalog) if f.rule == EMPTY_CONTACT]
    assert [(f.code, f.severity) for f in units] == [("phong-khong-lien-he", WARNING)]


def test_check_lists_content_errors_and_exits_non_zero():
    result = CliRunner().invoke(catalog_cli, ["check", "--dir", str(FIXTURES)])
    assert result.exit_code == 1
    assert "lỗi: 1.000101: legal_basis.0.issued_on:" in result.output
    assert "cảnh báo: phong-khong-lien-he: units:" in result.output
    assert "1.000102" not in result.output
    assert "11 content error(s), 1 warning(s)" in result.output


# --- Legal-basis dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "number", "expected"),
    [
        ("Thông tư số 66/2023/TT-BCA ngày 17 tháng 11 năm 2023", "66/2023/TT-BCA",
         dt.date(2023, 11, 17)),
        ("Thông tư số 53/2025/TT-BCAngày 01/7/2025 của Bộ Công an", "53/2025/TT-BCA",
         dt.date(2025, 7, 1)),
        ("Thông tư số 66/2023/TT-BCA sửa đổi Thông tư số 55/2021/TT-BCA ngày 15/5/2021",
         "66/2023/TT-BCA", None),
        ("Thông tư 160/2023/TT-BTC ngày 01/01/2024", "60/2023/TT-BTC", None),
        ("Nghị định số 105/2025/NĐ-CP, ngày 15/5/2025", "105/2025/NĐ-CP", dt.date(2025, 5, 15)),
    ],
)
def test_a_date_belongs_to_a_number_only_when_it_follows_it(title, number, expected):
    assert date_after_number(title, number) == expected


def test_the_importer_no_longer_takes_another_documents_date():
    basis = convert_legal_basis({
        "so_hieu": "66/2023/TT-BCA",
        "trich_yeu": "Thông tư số 66/2023/TT-BCA sửa đổi Thông tư số 55/2021/TT-BCA ngày 15/5/2021",
    })
    assert "issued_on" not in basis
    # Another title of the same record that names it with its date is a sure source.
    other = "… được sửa đổi bởi Thông tư số 66/2023/TT-BCA ngày 17 tháng 11 năm 2023"
    basis = convert_legal_basis({"so_hieu": "66/2023/TT-BCA", "trich_yeu": "Thông tư"}, [other])
    assert basis["issued_on"] == dt.date(2023, 11, 17)


# --- Notes, typos and the submission address in the importer ---------------------------------


def test_the_importer_files_notes_found_among_documents_as_notes():
    documents, notes = convert_documents([
        {"truong_hop": "* Đăng ký theo danh sách, hồ sơ gồm:",
         "ten_giay_to": "Ví dụ: giấy tờ đã có thì không phải nộp.", "ban_chinh": 0},
        {"truong_hop": "", "ten_giay_to": "Trường hợp nộp hồ sơ trực tuyến thì tải bản điện tử.",
         "ban_chinh": 1, "ban_sao": 1},
        {"truong_hop": "* Đăng ký theo danh sách, hồ sơ gồm:",
         "ten_giay_to": "Tờ khai (Mẫu CT01)", "ban_chinh": 1},
    ])
    assert [d["name"] for d in documents] == ["Tờ khai (Mẫu CT01)"]
    assert notes == [
        {"text": "Ví dụ: giấy tờ đã có thì không phải nộp.", "case": "Đăng ký theo danh sách"},
        "Trường hợp nộp hồ sơ trực tuyến thì tải bản điện tử.",
    ]


def test_known_typos_are_corrected():
    assert fix_typos("Quân đội nhân nhân nhân (đơn vị)") == "Quân đội nhân dân (đơn vị)"
    assert fix_typos("thực hiện tại cấp tinh") == "thực hiện tại cấp tỉnh"
    assert fix_typos("Thông tư số 53/2025/TT-BCAngày 01/7/2025") == (
        "Thông tư số 53/2025/TT-BCA ngày 01/7/2025"
    )
    assert fix_typos("105/2025/CP-NĐ") == "105/2025/NĐ-CP"
    # Legitimate repetitions stay.
    assert fix_typos("phương tiện giao thông thông minh, hành vi vi phạm") == (
        "phương tiện giao thông thông minh, hành vi vi phạm"
    )


def test_a_submission_address_is_taken_only_from_the_record():
    record = {
        "dia_chi_tiep_nhan": "Truy cập “https://evisa.xuatnhapcanh.gov.vn”, tiếng Anh …",
        "cach_thuc_thuc_hien": [],
        "trinh_tu_thuc_hien": [],
        "nguon": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x",
    }
    assert submission_url(record) == "https://evisa.xuatnhapcanh.gov.vn"
    record["dia_chi_tiep_nhan"] = "Xem https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x"
    assert submission_url(record) is None


# --- What the citizen reads: one assertion per class on the corrected page -------------------


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("content"), PROCEDURES_DIR=str(FIXTURES))
    client = app.test_client()

    def get(url) -> Page:
        result = Page(client.get(url))
        assert result.status == 200, url
        return result

    return get


def text(node) -> str:
    return " ".join(node.get_text(" ").split()).replace(" :", ":")


def test_page_legal_basis_shows_only_the_documents_own_date(page):
    items = [text(li) for li in page("/thu-tuc/1.000102").select("#can-cu li")]
    assert items[0].startswith("66/2023/TT-BCA: Thông tư số 66/2023/TT-BCA")
    assert "ngày 15/05/2021:" not in items[0]
    assert items[1].startswith("53/2025/TT-BCA ngày 01/07/2025:")


def test_page_fee_note_keeps_the_source_meaning(page):
    notes = page("/thu-tuc/1.000102").text("#chi-tiet")
    assert "phải xuất trình giấy tờ chứng minh thuộc diện được miễn trừ trường hợp" in notes
    assert "miễn xuất trình" not in notes


def test_page_checklist_holds_documents_and_notes_go_under_it(page):
    proc = page("/thu-tuc/1.000102")
    labels = [text(label) for label in proc.select(".checklist label")]
    assert labels == ["Tờ khai thay đổi thông tin cư trú (Mẫu CT01), Quân đội nhân dân"]
    case_notes = [text(li) for li in proc.select(".checklist + .checklist-notes li")]
    assert case_notes == [
        "Ví dụ: Trường hợp giấy tờ đã có trong Cơ sở dữ liệu thì không phải xuất trình."
    ]
    general = [text(li) for li in proc.select("#giay-to > ul.notes:not(.checklist-notes) li")]
    assert general == ["Lưu ý: văn bản cho thuê nhà không bắt buộc công chứng."]


def test_page_shows_stages_as_stages_and_the_total(page):
    proc = page("/thu-tuc/1.000102")
    row = proc.select("table.channels tbody tr")[0]
    assert text(row.select("td")[0]).startswith("Thời hạn: 5 ngày làm việc (tổng các giai đoạn)")
    stages = [text(li) for li in row.select("ol.stages li")]
    assert stages == [
        "Giai đoạn 1: Công an tiếp nhận đơn: 2 ngày làm việc",
        "Giai đoạn 2: Cục thông báo kết quả: 3 ngày làm việc",
    ]
    assert len(proc.select("table.channels tbody tr")) == 2  # one row per channel, not stage
    # Lists summarise the total the citizen waits, not the first stage.
    item = page("/linh-vuc/cu-tru").select_one('.proc-item:has(a[href="/thu-tuc/1.000102"])')
    assert "5 ngày làm việc" in text(item) and "Từ 2" not in text(item)


def test_page_fee_shows_its_unit_and_one_zero_fee_wording(page):
    proc = page("/thu-tuc/1.000102")
    cells = [text(row.select("td")[1]) for row in proc.select("table.channels tbody tr")]
    assert cells == ["Phí, lệ phí: 10.000 ₫/giấy", "Phí, lệ phí: Không thu phí, lệ phí"]
    assert "Miễn phí" not in proc.text("body")


def test_page_change_log_says_what_superseded_an_entry(page):
    entry = text(page("/thu-tuc/1.000102").select_one("#thay-doi li"))
    assert entry == (
        "05/01/2023: Rút ngắn thời hạn từ 03 xuống 02 ngày làm việc. Không còn áp dụng "
        "(ghi nhận ngày 01/07/2026): thay bằng thời hạn 05 ngày làm việc công bố trên Cổng "
        "Dịch vụ công quốc gia."
    )


def test_page_typos_are_not_shown(page):
    proc = page("/thu-tuc/1.000102")
    assert text(proc.select_one("h1")) == "Thủ tục đã sửa (thực hiện tại cấp tỉnh)"
    body = proc.text("body")
    assert "nhân nhân" not in body and "TT-BCAngày" not in body


def test_page_online_submission_without_an_address_says_where(page):
    online = page("/thu-tuc/1.000102").select_one(".online")
    assert online.select_one("a.button-primary")["href"] == "https://dichvucong.gov.vn/"
    assert "tìm thủ tục theo mã 1.000102" in text(online)
    hrefs = [a["href"] for a in online.select("a")]
    assert "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/1-000102" not in hrefs


def test_unit_page_has_no_heading_without_content(page):
    unit = page("/don-vi/phong-khong-lien-he")
    assert "Liên hệ" not in [text(h).split(" ·")[0] for h in unit.select("h2")]
    for heading in unit.select("h2, h3"):
        following = heading.find_next_sibling()
        assert following is not None and text(following), text(heading)
    # The commune-level entry on a procedure page links to the list of commune units.
    proc = page("/thu-tuc/1.000102")
    assert proc.select_one('.summary a[href="/don-vi#units-xa"]').text == (
        "Công an xã, phường nơi cư trú"
    )
    assert page("/don-vi").select_one("#units-xa")


def _procedure(channels):
    from tthc.catalog.models import Procedure

    return Procedure.model_validate({
        "code": "1.000103", "name": "Thủ tục thử", "field": "cu-tru", "levels": ["tinh"],
        "agency": "Công an tỉnh", "channels": channels,
        "source_url": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x", "verified_on": "2026-07-01",
    })


def test_rows_sharing_a_case_head_are_stages_shown_as_rows():
    rows = [
        {"channel": "truc_tiep", "case": "Doanh nghiệp khác: chuyển xác minh",
         "time": {"value": 3, "unit": "ngay_lam_viec"}},
        {"channel": "truc_tiep", "case": "Doanh nghiệp khác: trả lời kết quả xác minh",
         "time": {"value": 20, "unit": "ngay"}},
        {"channel": "truc_tuyen", "case": "Doanh nghiệp khác: chuyển xác minh",
         "time": {"value": 3, "unit": "ngay_lam_viec"}},
    ]
    paths = {(f.rule, f.path) for f in check_procedure(_procedure(rows)) if f.is_error}
    assert paths == {(STAGES, "channels.0.case"), (STAGES, "channels.1.case")}


def test_a_stage_total_that_is_not_the_sum_is_an_error_and_mixed_units_stay_in_words():
    import datetime as dt

    from tthc.catalog.summary import quick_facts

    stage = {"name": "Giai đoạn", "time": {"value": 2, "unit": "ngay_lam_viec"}}
    wrong = [{"channel": "truc_tiep", "time": {"value": 2, "unit": "ngay_lam_viec"},
              "stages": [stage, stage]}]
    assert [(f.rule, f.path) for f in check_procedure(_procedure(wrong))] == [
        (STAGES, "channels.0.time")
    ]
    mixed = [
        {"channel": "truc_tiep", "time": {"unit": "khac", "text": "15 ngày và 05 ngày làm việc"},
         "stages": [{"name": "A", "time": {"value": 15, "unit": "ngay"}},
                    {"name": "B", "time": {"value": 5, "unit": "ngay_lam_viec"}}]},
        {"channel": "truc_tuyen", "time": {"value": 7, "unit": "ngay_lam_viec"}},
    ]
    procedure = _procedure(mixed)
    assert [f for f in check_procedure(procedure) if f.is_error] == []
    # The list item shows the quickest total: 7 days, not the 15 + 5 of the staged row.
    assert quick_facts(procedure, dt.date(2026, 12, 1)).time.value == 7


def test_the_importer_lists_fee_notes_that_are_not_the_portals_words():
    from tthc.catalog.importer.review import review

    record = {"cach_thuc_thuc_hien": [{"kenh": "Trực tiếp", "phi_le_phi": [
        {"mo_ta": "công dân phải xuất trình giấy tờ chứng minh trừ trường hợp thông tin đã có"}
    ]}], "trinh_tu_thuc_hien": ["x"], "co_quan_thuc_hien": "Công an cấp xã"}
    data = {"code": "1.000104", "agency": "Công an cấp xã", "steps": ["x"], "documents": [{}],
            "channels": [{"channel": "truc_tiep", "time": {"value": 1, "unit": "ngay"}, "fees": [
                {"amount": 0, "note": "người được miễn xuất trình, trừ khi thông tin đã có"},
                {"amount": 0, "note": "công dân phải xuất trình giấy tờ chứng minh"},
            ]}]}
    kinds = [(f.kind, f.message[:40]) for f in review(data, record, dt.date(2026, 12, 1))
             if f.kind == "paraphrase"]
    assert kinds == [("paraphrase", "truc_tiep: fee note is not the portal's ")]


def empty_headings(page: Page) -> list[str]:
    """Return the headings of the main content with nothing under them before the next one."""
    main = page.select_one("main")
    headings = main.select("h1, h2, h3, h4")
    empty = []
    for heading in headings:
        level = int(heading.name[1])
        content = ""
        for node in heading.find_all_next():
            if node.name in ("h1", "h2", "h3", "h4") and int(node.name[1]) <= level:
                break
            if main not in node.parents:
                break
            if node.name not in ("h1", "h2", "h3", "h4"):
                content += node.get_text(" ", strip=True) or ("x" if node.name == "input" else "")
        if not content.strip():
            empty.append(text(heading))
    return empty


def test_no_page_of_the_bundled_catalogue_has_a_heading_without_content(tmp_path):
    from tthc.catalog import get_catalog

    app = make_app(tmp_path)
    client = app.test_client()
    with app.app_context():
        catalog = get_catalog()
        urls = [f"/thu-tuc/{p.code}" for p in catalog.active]
        urls += [f"/don-vi/{u.slug}" for u in catalog.units] + ["/don-vi", "/", "/linh-vuc"]
    for url in urls:
        page = Page(client.get(url))
        assert page.status == 200, url
        assert empty_headings(page) == [], url


def test_raw_rows_each_starting_with_a_deadline_are_stages():
    rows = [
        {"channel": "truc_tiep", "time": {"value": 2, "unit": "ngay_lam_viec"},
         "note": "+ Trong thời hạn 02 ngày làm việc, Công an gửi văn bản cho Cục."},
        {"channel": "truc_tiep", "time": {"value": 3, "unit": "ngay_lam_viec"},
         "note": "+ Trong thời hạn 03 ngày làm việc, Cục gửi thông báo cho doanh nhân."},
        {"channel": "truc_tuyen", "time": {"value": 2, "unit": "ngay_lam_viec"},
         "note": "+ Trong thời hạn 02 ngày làm việc, Công an gửi văn bản cho Cục."},
    ]
    paths = {(f.rule, f.path) for f in check_procedure(_procedure(rows)) if f.is_error}
    assert paths == {(STAGES, "channels.0"), (STAGES, "channels.1")}
