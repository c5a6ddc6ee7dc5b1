"""The form page and every validation rule, with messages next to the fields."""

import pytest

from feedback.helpers import field_error, parse, tracking_code_of


def test_form_page_has_everything_a_citizen_needs(fb_client):
    response = fb_client.get("/phan-anh")
    assert response.status_code == 200
    page = parse(response)
    assert page.select_one("h1").get_text(strip=True) == "Gửi phản ánh, kiến nghị"
    categories = [node["value"] for node in page.select("input[name=category]")]
    assert categories == ["quy_dinh", "kien_nghi", "thong_tin_sai"]
    consent = page.select_one("input[name=consent]")
    assert consent is not None and not consent.has_attr("checked")
    assert page.select_one("input[name=website]") is not None  # honeypot
    assert page.select_one("input[name=submission_id]")["value"]
    assert page.select_one("input[name=form_token]")["value"]
    assert page.select_one("form.feedback-form")["enctype"] == "multipart/form-data"
    # The personal-data notice comes before the submit button.
    html = str(page)
    assert html.index("Thông báo về dữ liệu cá nhân") < html.index('class="button-primary"')
    notice = page.select_one(".privacy-notice").get_text(" ")
    for topic in ("Thông tin thu thập", "Mục đích", "Người xem", "Thời gian lưu", "Quyền"):
        assert topic in notice


def test_no_inline_scripts_or_styles(fb_client):
    page = parse(fb_client.get("/phan-anh"))
    assert not page.select("script:not([src])")
    assert not page.select("[style]")


def test_complaints_go_to_their_own_procedures(app, fb_client):
    from tthc.catalog import get_catalog

    page = parse(fb_client.get("/phan-anh"))
    links = [a["href"] for a in page.select(".complaint-note a")]
    with app.app_context():
        codes = [p.code for p in get_catalog().in_field("khieu-nai-to-cao")]
    assert codes, "the bundled catalogue has khiếu nại, tố cáo procedures"
    for code in codes:
        assert any(f"/thu-tuc/{code}" in link for link in links)


def test_procedure_and_unit_are_prefilled_from_the_page_it_came_from(fb_client):
    page = parse(fb_client.get("/phan-anh?procedure=1.004222&unit=cong-an-cap-xa"))
    assert page.select_one("input[name=procedure]")["value"].endswith("(1.004222)")
    assert page.select_one("select[name=unit] option[selected]")["value"] == "cong-an-cap-xa"


def test_category_is_prefilled_from_the_wrong_information_link(fb_client):
    page = parse(fb_client.get("/phan-anh?procedure=1.004222&category=thong_tin_sai"))
    assert page.select_one("input[name=category][value=thong_tin_sai]").has_attr("checked")


def test_unknown_prefill_is_ignored(fb_client):
    response = fb_client.get("/phan-anh?procedure=<b>9.999999&unit=khong-co&category=<i>")
    assert response.status_code == 200
    page = parse(response)
    assert all(o["value"] == "" for o in page.select("select[name=unit] option[selected]"))
    assert not page.select_one("input[name=procedure]").get("value")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"category": None}, "category", "Vui lòng chọn loại"),
        ({"category": "khieu_nai"}, "category", ""),
        ({"message": "   "}, "message", "Vui lòng nhập nội dung"),
        ({"message": "a" * 2001}, "message", "vượt quá 2000 ký tự"),
        ({"name": ""}, "name", "Vui lòng nhập họ và tên"),
        ({"name": "A" * 101}, "name", "không quá 100 ký tự"),
        ({"phone": "", "email": ""}, "phone", "số điện thoại hoặc thư điện tử"),
        ({"phone": "12345"}, "phone", "Số điện thoại chưa đúng"),
        ({"phone": "", "email": "not-an-email"}, "email", "thư điện tử chưa đúng"),
        ({"consent": None}, "consent", "đánh dấu ô đồng ý"),
        ({"procedure": "9.999999"}, "procedure", "không có trong danh mục"),
        ({"unit": "khong-co"}, "unit", "không có trong danh sách"),
    ],
)
def test_each_rule_has_a_message_next_to_its_field(submit, overrides, field, message):
    response = submit(**overrides)
    assert response.status_code == 422
    error = field_error(response, field)
    assert error, f"no error shown next to {field}"
    assert message in error
    summary = parse(response).select_one("#error-summary")
    # A group of radios is reached through its first radio.
    target = f"{field}-0" if field == "category" else field
    assert summary is not None and summary.select_one(f"a[href='#{target}']")


def test_message_of_exactly_2000_characters_with_line_breaks_is_accepted(submit):
    # Browsers send line breaks as CRLF but count them as one character.
    message = ("x" * 99 + "\r\n") * 20
    assert len(message.replace("\r\n", "\n")) == 2000
    assert submit(message=message).status_code == 303


def test_email_alone_is_enough(submit):
    assert submit(phone="", email="an.nguyen@example.vn").status_code == 303


def test_form_keeps_what_was_typed(submit):
    response = submit(
        name="",
        message="Nội dung <b>đậm</b> của tôi",
        phone="0912 345 678",
        procedure="1.004222",
        category="kien_nghi",
    )
    page = parse(response)
    assert (
        page.select_one("textarea[name=message]").get_text().lstrip()
        == "Nội dung <b>đậm</b> của tôi"
    )
    assert page.select_one("input[name=phone]")["value"] == "0912 345 678"
    assert page.select_one("input[name=category][value=kien_nghi]").has_attr("checked")
    assert page.select_one("input[name=procedure]")["value"] == "1.004222"
    assert "<b>đậm</b>" not in response.get_data(as_text=True)


def test_photo_must_be_chosen_again_after_an_error(submit, jpeg_bytes):
    import io

    response = submit(name="", photo=(io.BytesIO(jpeg_bytes), "anh.jpg"))
    assert response.status_code == 422
    assert "chọn lại ảnh" in parse(response).select_one(".photo-again").get_text()


# The text a citizen consented to, by notice version: change the notice, bump the version.
NOTICE_FINGERPRINTS = {
    "2026-11-28": "a9dbd59b6cf23aea52e6dfced089acd59ee62367a609472527f3b9ca2168e5f2",
    # Same wording; the agency's name marked lang="vi" for English and Khmer voices.
    "2026-12-02": "bc7b5a5edb954be934ef07d9fab1aba6bb7f3e1aca00e0fcb42c269792d86ed2",
}


def test_privacy_notice_changes_come_with_a_new_version():
    import hashlib
    from pathlib import Path

    from tthc.feedback.views import PRIVACY_NOTICE_VERSION

    template = Path(__file__).parents[2] / "site/tthc/templates/feedback/_privacy_notice.html"
    fingerprint = hashlib.sha256(template.read_bytes()).hexdigest()
    assert NOTICE_FINGERPRINTS.get(PRIVACY_NOTICE_VERSION) == fingerprint, (
        "feedback/_privacy_notice.html changed: set a new PRIVACY_NOTICE_VERSION in "
        "feedback/views.py and record its fingerprint here"
    )


def test_the_procedure_field_does_not_ship_the_catalogue(fb_client):
    page = parse(fb_client.get("/phan-anh"))
    assert page.select_one("input[name=procedure][autocomplete=off]") is not None
    assert len(page.select("option")) < 40  # units only, not 177 procedures
    script = page.select_one("script[src*='picker.js']")
    assert script["data-input"] == "procedure" and script["data-api"] == "/api/v1/search"


def test_without_javascript_words_lead_to_a_choice_of_procedures(submit):
    response = submit(procedure="dang ky thuong tru")
    assert response.status_code == 422
    assert "chọn một thủ tục" in field_error(response, "procedure")
    choices = parse(response).select("#procedure-pick input[type=radio][name=procedure_pick]")
    assert choices and "1.004222" in [choice["value"] for choice in choices]
    # Picking one of them sends the form, with that procedure.
    sent = submit(procedure="dang ky thuong tru", procedure_pick="1.004222")
    assert sent.status_code == 303


@pytest.mark.parametrize("typed", ["1.004222", "Đăng ký thường trú (1.004222)"])
def test_a_code_or_a_picked_suggestion_is_taken_as_it_is(fb_app, submit, typed):
    from tthc.feedback import service

    code = tracking_code_of(submit(procedure=typed))
    with fb_app.app_context():
        assert service.find_by_code(code).procedure_code == "1.004222"


def test_words_matching_nothing_say_so(submit):
    response = submit(procedure="qqqq zzzz xxxx")
    assert response.status_code == 422
    assert "Không tìm thấy thủ tục" in field_error(response, "procedure")


@pytest.mark.parametrize("language", ["vi", "en", "km"])
def test_the_form_with_its_stylesheet_stays_within_40_kb(fb_client, language):
    page = fb_client.get(f"/phan-anh?lang={language}")
    css_bytes = 0
    for link in parse(page).select('link[rel="stylesheet"]'):  # site.css and forms.css
        with fb_client.get(link["href"]) as css:
            css_bytes += len(css.get_data())
    assert css_bytes > 10_000
    assert len(page.get_data()) + css_bytes <= 40 * 1024
