"""Catalogue pages on a small fixture catalogue with every edge case the bundled one may lack."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import Page, make_app

FIXTURES = Path(__file__).parent / "fixtures" / "pages"


@pytest.fixture(scope="module")
def pages_app(tmp_path_factory):
    return make_app(
        tmp_path_factory.mktemp("pages"),
        PROCEDURES_DIR=str(FIXTURES),
        # An unknown and an abolished code must be skipped silently.
        FEATURED_PROCEDURES=["2.001195", "9.999999", "1.000002", "1.004222"],
    )


@pytest.fixture
def page(pages_app):
    client = pages_app.test_client()

    def get(url, **kwargs) -> Page:
        return Page(client.get(url, **kwargs))

    return get


def rows(page: Page) -> list[tuple[str, str, str]]:
    """Return (channel, time, fees) of each row of the summary table, as plain text."""
    found = []
    for row in page.select("table.channels tbody tr"):
        cells = [" ".join(cell.get_text(" ").split()) for cell in row.select("th, td")]
        found.append(tuple(cells))
    return found


def clean(node) -> str:
    return " ".join(node.get_text(" ").split())


# Home


def test_home_lists_featured_fields_and_contact(page):
    home = page("/")
    assert home.status == 200
    assert len(home.select("h1")) == 1
    featured = [a["href"] for a in home.select("#featured-title ~ .proc-list a")]
    assert featured == ["/thu-tuc/2.001195", "/thu-tuc/1.004222"]
    fields = {clean(li.a): clean(li.select_one(".count")) for li in home.select(".field-list li")}
    # Only active procedures count; a field without any is left out.
    assert fields == {
        "Cấp, quản lý căn cước": "1 thủ tục",
        "Đăng ký, quản lý cư trú": "1 thủ tục",
        "Đăng ký, quản lý phương tiện giao thông cơ giới": "1 thủ tục",
    }
    contact = home.text(".contact-box")
    assert "1 Đường Thử, Phường 1, Thành phố Thử" in contact
    assert home.select_one('.contact-box a[href="tel:02993000111"]').text == "0299 3 000 111"
    assert home.select_one('.contact-box a[href="mailto:hotro@example.gov.vn"]')
    assert home.select_one("form[role=search] input[name=q]")


def test_home_list_item_summarises_time_and_fee(page):
    item = page("/").select_one('.proc-item:has(a[href="/thu-tuc/1.004222"]) .proc-meta')
    assert clean(item) == "Cấp xã · 7 ngày làm việc · 10.000 ₫ – 20.000 ₫ · Có nộp trực tuyến"


# Procedure page


def test_procedure_summary_per_channel(page):
    proc = page("/thu-tuc/1.004222")
    assert proc.status == 200
    assert [clean(h) for h in proc.select("h1")] == ["Đăng ký thường trú"]
    assert rows(proc) == [
        ("Trực tiếp", "Thời hạn: 7 ngày làm việc", "Phí, lệ phí: 20.000 ₫/lần"),
        ("Trực tuyến", "Thời hạn: 7 ngày làm việc", "Phí, lệ phí: 10.000 ₫/lần"),
    ]
    assert proc.text(".aliases") == "Còn gọi là: nhập khẩu, hộ khẩu"
    headers = [th["scope"] for th in proc.select("table.channels th")]
    assert headers == ["col", "col", "col", "row", "row"]


def test_procedure_online_button_explains_partial_service(page):
    proc = page("/thu-tuc/1.004222")
    button = proc.select_one(".summary a.button-primary")
    assert button["href"] == "https://dichvucong.bocongan.gov.vn/thuong-tru"
    assert clean(button) == "Nộp hồ sơ trực tuyến"
    assert "vẫn phải đến nơi tiếp nhận" in proc.text(".online")


def test_procedure_where_to_go_lists_units_with_contact(page):
    proc = page("/thu-tuc/1.000001")
    names = [clean(a) for a in proc.select(".summary .unit-name a")]
    assert names == ["Phòng Cảnh sát giao thông", "Công an xã, phường nơi cư trú"]
    cccd = page("/thu-tuc/2.001195")
    assert cccd.select_one('.summary a[href="tel:02993000222"]')
    assert "Sáng thứ 2 đến sáng thứ 7" in cccd.text(".summary")


def test_documents_checklist_grouped_by_case(page):
    proc = page("/thu-tuc/1.004222")
    cases = [clean(h) for h in proc.select("#giay-to h3")]
    assert cases == [
        "Trường hợp đăng ký vào chỗ ở hợp pháp của mình",
        "Trường hợp về ở với người thân",
    ]
    items = proc.select("#giay-to .checklist li")
    assert len(items) == 4
    for item in items:
        box = item.select_one("input[type=checkbox]")
        assert item.select_one(f'label[for="{box["id"]}"]')
    metas = [clean(item.select_one(".doc-meta")) for item in items]
    assert metas == [
        "1 bản chính · Mẫu CT01",
        "1 bản sao",
        "1 bản chính · Mẫu CT01",
        "1 bản chính và 1 bản sao · Không bắt buộc",
    ]


def test_steps_results_legal_basis_changes_and_provenance(page):
    proc = page("/thu-tuc/1.004222")
    assert [clean(li) for li in proc.select("ol.steps li")][0] == "Chuẩn bị hồ sơ."
    assert "Có chỗ ở hợp pháp." in proc.text("#yeu-cau")
    assert "Thông báo kết quả giải quyết thủ tục về cư trú" in proc.text("#ket-qua")
    legal = [clean(li) for li in proc.select("#can-cu li")]
    assert legal[0] == "68/2020/QH14 ngày 13/11/2020: Luật Cư trú"
    changes = proc.select("#thay-doi li")
    # Newest first, each dated.
    assert [c.time["datetime"] for c in changes] == ["2025-07-01", "2023-08-30"]
    assert "(3718/QĐ-CAT)" in clean(changes[1])
    assert "kiểm tra lần cuối ngày 01/07/2026" in proc.text(".provenance")
    source = proc.select_one(".provenance a")
    assert source["href"] == "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/1-004222"


def test_links_to_feedback_and_poster_when_those_features_exist(pages_app, page):
    proc = page("/thu-tuc/1.004222")
    links = [a["href"] for a in proc.select(".page-actions a")]
    if "feedback.form" in pages_app.view_functions:
        assert any("procedure=1.004222" in href for href in links)
    else:
        assert not any("phan-anh" in href for href in links)
    if "qr.poster" in pages_app.view_functions:
        assert any(href.startswith("/qr/1.004222") for href in links)


def test_canonical_and_printed_url(page):
    proc = page("/thu-tuc/1.004222/dang-ky-thuong-tru")
    assert proc.status == 200
    canonical = proc.select_one('link[rel="canonical"]')["href"]
    assert canonical == "https://tthc.example.gov.vn/thu-tuc/1.004222"
    assert proc.text(".print-url").endswith("https://tthc.example.gov.vn/thu-tuc/1.004222")


@pytest.mark.parametrize(
    "url",
    ["/thu-tuc/1.004222/dang-ky-tam-tru", "/thu-tuc/1.004222/x", "/thu-tuc/1.004222%20"],
)
def test_wrong_slug_or_padded_code_redirects_permanently(pages_app, url):
    response = pages_app.test_client().get(url)
    assert response.status_code == 301
    assert response.headers["Location"] == "/thu-tuc/1.004222"


def test_redirect_keeps_the_chosen_language(pages_app):
    response = pages_app.test_client().get("/thu-tuc/1.004222/cu?lang=en")
    assert response.status_code == 301
    assert response.headers["Location"] == "/thu-tuc/1.004222?lang=en"


# Fees


def test_reduced_fee_shows_until_when_and_the_next_fee(page):
    proc = page("/thu-tuc/2.001195")
    direct = rows(proc)[0]
    assert direct[0] == "Trực tiếp"
    assert direct[2] == (
        "Phí, lệ phí: 25.000 ₫/thẻ (đến hết 31/12/2026) Từ 01/01/2027: 50.000 ₫/thẻ"
    )
    assert "toàn bộ trên mạng" in proc.text(".online")


def test_full_fee_after_the_reduction_ends(tmp_path):
    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURES), TODAY=dt.date(2027, 1, 1))
    proc = Page(app.test_client().get("/thu-tuc/2.001195"))
    assert rows(proc)[0][2] == "Phí, lệ phí: 50.000 ₫/thẻ"
    assert "31/12/2026" not in proc.text(".summary")


def test_fee_set_by_regulation_is_never_free_and_cases_are_labelled(page):
    proc = page("/thu-tuc/1.000001")
    assert rows(proc) == [
        (
            "Trực tiếp Cấp biển số xe",
            "Thời hạn: 1 giờ",
            "Phí, lệ phí: Theo quy định tại Thông tư 60/2023/TT-BTC",
        ),
        (
            "Trực tiếp Cấp chứng nhận đăng ký xe",
            "Thời hạn: 2 ngày làm việc",
            "Phí, lệ phí: Theo quy định tại Thông tư 60/2023/TT-BTC",
        ),
        ("Bưu chính", "Thời hạn: 3 ngày làm việc", "Phí, lệ phí: Không thu phí, lệ phí"),
    ]
    assert "Miễn phí" not in proc.text(".summary")


def test_procedure_without_online_service_says_so(page):
    proc = page("/thu-tuc/1.000001")
    assert not proc.select_one(".summary a.button-primary")
    assert "chưa có dịch vụ công trực tuyến" in proc.text(".summary")


# Withdrawn and unknown procedures


def test_abolished_procedure_answers_410_with_reason_date_and_decision(page):
    gone = page("/thu-tuc/1.000002")
    assert gone.status == 410
    notice = gone.text(".notice")
    assert "đã bị bãi bỏ từ ngày 01/01/2023" in notice
    assert "Luật Cư trú 68/2020/QH14" in notice
    assert "Sổ hộ khẩu không còn được cấp" in notice
    assert gone.select_one("form[role=search] input[name=q]")


def test_replaced_procedure_answers_410_with_a_link_to_its_replacement(page):
    gone = page("/thu-tuc/1.000003")
    assert gone.status == 410
    assert "đã được thay thế từ ngày 01/07/2025" in gone.text(".notice")
    link = gone.select_one(".gone a.button-primary")
    assert link["href"] == "/thu-tuc/1.004222"
    assert clean(link) == "Đăng ký thường trú"


def test_withdrawn_procedure_with_a_slug_still_redirects_then_answers_410(pages_app):
    client = pages_app.test_client()
    assert client.get("/thu-tuc/1.000003/cu").status_code == 301
    assert client.get("/thu-tuc/1.000003/cu", follow_redirects=True).status_code == 410


@pytest.mark.parametrize(
    "url",
    [
        "/thu-tuc/9.999999",
        "/thu-tuc/%00",
        "/thu-tuc/" + "1" * 5000,
        "/thu-tuc/%E2%80%AE1.004222",
        "/thu-tuc/..%2F..%2Fetc%2Fpasswd",
        "/thu-tuc/1.004222/a/b",
        "/linh-vuc/khong-co",
        "/linh-vuc/%00",
        "/don-vi/khong-co",
        "/don-vi/" + "x" * 3000,
    ],
)
def test_unknown_addresses_answer_404_with_a_search_box(page, url):
    missing = page(url)
    assert missing.status == 404
    assert len(missing.select("h1")) == 1
    assert missing.select_one("form[role=search] input[name=q]")


# Fields and units


def test_fields_page_lists_counts(page):
    fields = page("/linh-vuc")
    assert fields.status == 200
    items = [clean(li) for li in fields.select(".field-list li")]
    assert "Đăng ký, quản lý cư trú 1 thủ tục" in items
    assert not any("con dấu" in item for item in items)


def test_field_page_groups_by_level_and_lists_withdrawn(page):
    field = page("/linh-vuc/dang-ky-xe")
    assert field.status == 200
    groups = {
        clean(s.h2.contents[0]): [a["href"] for a in s.select(".proc-list a")]
        for s in field.select("section")
    }
    assert groups == {
        "Thực hiện tại cấp tỉnh": ["/thu-tuc/1.000001"],
        "Thực hiện tại cấp xã": ["/thu-tuc/1.000001"],
    }
    cu_tru = page("/linh-vuc/cu-tru")
    withdrawn = [a["href"] for a in cu_tru.select("#withdrawn-title ~ .proc-list a")]
    assert withdrawn == ["/thu-tuc/1.000002", "/thu-tuc/1.000003"]
    assert "1 giờ" in field.text(".proc-meta")


def test_empty_field_is_a_page_not_an_error(page):
    field = page("/linh-vuc/con-dau")
    assert field.status == 200
    assert "không có thủ tục nào" in field.text("main")


def test_units_page_groups_by_level_with_counts(page):
    units = page("/don-vi")
    assert [clean(h) for h in units.select("main h2")] == ["Cấp tỉnh", "Cấp xã"]
    items = {clean(li.a): clean(li.select_one(".count")) for li in units.select(".unit-list li")}
    assert items == {
        "Phòng Cảnh sát quản lý hành chính về trật tự xã hội": "1 thủ tục",
        "Phòng Cảnh sát giao thông": "1 thủ tục",
        "Công an xã, phường nơi cư trú": "2 thủ tục",
    }


def test_unit_page_shows_contact_and_its_procedures(page):
    unit = page("/don-vi/phong-qlhc")
    assert unit.status == 200
    assert clean(unit.select_one("h1")) == "Phòng Cảnh sát quản lý hành chính về trật tự xã hội"
    assert unit.select_one('a[href="tel:02993000222"]')
    assert unit.select_one('a[href="mailto:qlhc@example.gov.vn"]')
    assert "2 Đường Thử" in unit.text(".contact-box")
    # Đăng ký thường trú is done at commune level: not at this provincial department.
    assert [a["href"] for a in unit.select(".proc-list a")] == ["/thu-tuc/2.001195"]
    commune = page("/don-vi/cong-an-xa")
    assert sorted(a["href"] for a in commune.select(".proc-list a")) == [
        "/thu-tuc/1.000001",
        "/thu-tuc/1.004222",
    ]
    # A unit without published contact falls back to the agency hotline.
    csgt = page("/don-vi/phong-csgt")
    assert csgt.select_one('.contact-box a[href="tel:02993000111"]')


# Page frame and accessibility basics


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/thu-tuc/1.004222",
        "/thu-tuc/1.000003",
        "/linh-vuc",
        "/linh-vuc/cu-tru",
        "/don-vi",
        "/don-vi/cong-an-xa",
        "/thu-tuc/khong-co",
    ],
)
def test_every_page_has_one_h1_landmarks_and_labelled_inputs(page, url):
    html = page(url)
    assert len(html.select("h1")) == 1
    assert html.select_one("main#main") and html.select_one("header") and html.select_one("footer")
    assert html.select_one('a.skip-link[href="#main"]')
    assert html.select_one("html")["lang"] == "vi"
    for field in html.select("input:not([type=hidden]), select, textarea"):
        labelled = field.find_parent("label") or (
            field.get("id") and html.select_one(f'label[for="{field["id"]}"]')
        )
        assert labelled or field.get("aria-label"), field
    ids = [node["id"] for node in html.select("[id]")]
    assert len(ids) == len(set(ids))
    # A JSON-LD data block is never executed: the CSP does not concern it.
    code = html.select('script:not([src]):not([type="application/ld+json"])')
    assert not html.select("[style]") and not code


def test_trivial_route_for_benchmarks(pages_app):
    response = pages_app.test_client().get("/healthz/ping")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"


def test_per_visitor_parts_are_not_frozen_in_the_cache(pages_app):
    """A CSRF token on the page is each visitor's own; without one the page sets no cookie."""
    responses = [pages_app.test_client().get("/thu-tuc/1.004222") for _ in range(2)]
    tokens = {
        field["value"]
        for response in responses
        for field in Page(response).select("input[name=csrf_token]")
    }
    if tokens:
        assert len(tokens) == 2
    else:
        assert all("Set-Cookie" not in response.headers for response in responses)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=80))
def test_no_path_segment_makes_a_page_fail(pages_app, text):
    client = pages_app.test_client()
    segment = quote(text, safe="")
    for url in (
        f"/thu-tuc/{segment}",
        f"/thu-tuc/1.004222/{segment}",
        f"/linh-vuc/{segment}",
        f"/don-vi/{segment}",
        f"/?q={segment}&lang={segment}",
    ):
        assert client.get(url).status_code in {200, 301, 308, 404, 410}, url


def test_cached_pages_follow_the_day(tmp_path):
    """A fee window ends at midnight even for a worker that cached the page before."""
    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURES), HTTP_MEMO_ENTRIES=16)
    client = app.test_client(use_cookies=False)
    assert "25.000 ₫/thẻ" in rows(Page(client.get("/thu-tuc/2.001195")))[0][2]
    app.config["TODAY"] = dt.date(2027, 1, 1)
    assert rows(Page(client.get("/thu-tuc/2.001195")))[0][2] == "Phí, lệ phí: 50.000 ₫/thẻ"
    assert "25.000" not in Page(client.get("/")).text(".proc-list")


def test_featured_list_from_a_configured_string(tmp_path):
    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURES), FEATURED_PROCEDURES="1.004222, 2.001195")
    home = Page(app.test_client().get("/"))
    featured = [a["href"] for a in home.select("#featured-title ~ .proc-list a")]
    assert featured == ["/thu-tuc/1.004222", "/thu-tuc/2.001195"]


def test_a_unit_page_names_each_procedure_once_official_until_a_translation_is_checked(tmp_path):
    # The unit page lists each procedure under one name to stay light. A reference translation
    # appears there alone only once an editor has checked it; until then, the official name.
    catalog = tmp_path / "catalog"
    shutil.copytree(FIXTURES, catalog)
    checked = catalog / "can-cuoc" / "2.001195-cap-doi-the-can-cuoc.yaml"
    checked.write_text(
        checked.read_text(encoding="utf-8")
        + "name_translations:\n  km:\n    text: ប្តូរអត្តសញ្ញាណប័ណ្ណ\n    reviewed: true\n",
        encoding="utf-8",
    )
    unchecked = catalog / "cu-tru" / "1.004222-dang-ky-thuong-tru.yaml"
    unchecked.write_text(
        unchecked.read_text(encoding="utf-8")
        + "name_translations:\n  km:\n    text: ចុះបញ្ជីស្នាក់នៅអចិន្ត្រៃយ៍\n    reviewed: false\n",
        encoding="utf-8",
    )
    client = make_app(tmp_path, PROCEDURES_DIR=str(catalog)).test_client()
    province = Page(client.get("/don-vi/phong-qlhc?lang=km"))
    link = province.select_one('.proc-list a[href="/thu-tuc/2.001195"]')
    assert clean(link) == "ប្តូរអត្តសញ្ញាណប័ណ្ណ"
    commune = Page(client.get("/don-vi/cong-an-xa?lang=km"))
    link = commune.select_one('.proc-list a[href="/thu-tuc/1.004222"]')
    assert clean(link) == "Đăng ký thường trú"
    assert link.select_one('span[lang="vi"]')
