"""The status page: what a tracking code shows, and never a person's data."""

import datetime as dt

import pytest

from feedback.helpers import parse, tracking_code_of
from tthc.extensions import db
from tthc.feedback import service, tracking

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'&'


@pytest.fixture
def code(submit):
    return tracking_code_of(
        submit(
            name="Trần Thị Bình",
            phone="0987 654 321",
            email="binh.tran@example.vn",
            message=f"Nội dung riêng tư {XSS}",
            publish_answer="y",
            procedure="1.004222",
            unit="cong-an-cap-xa",
        )
    )


def answer(app, code, text, publish=True):
    with app.app_context():
        service.answer(
            service.find_by_code(code), text, staff_email="canbo@example.vn", publish=publish
        )


def test_status_page_shows_status_due_date_and_links(fb_client, code):
    response = fb_client.get(f"/phan-anh/{code}")
    assert response.status_code == 200
    page = parse(response)
    summary = page.select_one(".feedback-summary").get_text(" ")
    assert "Đã tiếp nhận" in summary
    # Received on 28/11/2026 (a Saturday in the tests): 15 working days end on 18/12/2026.
    assert "18/12/2026" in summary
    assert "Đăng ký thường trú" in summary
    assert page.select_one(".status-steps [aria-current=step]").get_text() == "Đã tiếp nhận"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response.headers["X-Robots-Tag"]


def test_no_personal_data_on_the_status_page(fb_app, fb_client, code):
    answer(fb_app, code, "Đã cập nhật thời hạn trên trang.")
    text = fb_client.get(f"/phan-anh/{code}").get_data(as_text=True)
    for private in (
        "Trần Thị Bình",
        "0987",
        "654 321",
        "binh.tran",
        "Nội dung riêng tư",
        "canbo@example.vn",
    ):
        assert private not in text


def test_published_answer_is_shown_escaped(fb_app, fb_client, code):
    answer(fb_app, code, f"Trả lời dòng một\n{XSS}")
    response = fb_client.get(f"/phan-anh/{code}")
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    page = parse(response)
    answer_text = page.select_one(".answer-text").get_text("\n")
    assert "Trả lời dòng một" in answer_text and XSS in answer_text
    assert "Đã trả lời" in page.select_one(".feedback-summary").get_text()


def test_answer_is_not_published_without_the_citizens_consent(fb_app, fb_client, submit):
    code = tracking_code_of(submit())  # publish_answer not ticked
    answer(fb_app, code, "Câu trả lời riêng")
    page = parse(fb_client.get(f"/phan-anh/{code}"))
    assert page.select_one(".answer-text") is None
    assert "Câu trả lời riêng" not in page.get_text()
    assert "qua số điện thoại hoặc thư điện tử" in page.get_text()


def test_answer_kept_private_by_staff_is_not_shown(fb_app, fb_client, code):
    answer(fb_app, code, "Chỉ gửi riêng", publish=False)
    assert "Chỉ gửi riêng" not in fb_client.get(f"/phan-anh/{code}").get_data(as_text=True)


def test_lookup_is_case_insensitive_and_tolerant(fb_client, code):
    typed = code.lower().replace("-", " ")
    response = fb_client.get("/phan-anh/tra-cuu", query_string={"ma": typed})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/phan-anh/{code}")
    plain = fb_client.get(f"/phan-anh/{code.replace('-', '').lower()}")
    assert plain.status_code == 301
    assert plain.headers["Location"].endswith(f"/phan-anh/{code}")


@pytest.mark.parametrize("typed", ["ABCDE-FGHJK-MNPQR", "K7M2Q-9XH4C-TN3PB", "abc", XSS, "0" * 15])
def test_unknown_or_malformed_codes_get_a_helpful_404(fb_client, typed):
    response = fb_client.get("/phan-anh/tra-cuu", query_string={"ma": typed})
    if response.status_code == 303:
        response = fb_client.get(response.headers["Location"])
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html
    page = parse(response)
    assert page.select_one("h1").get_text() == "Không tìm thấy mã tra cứu"
    assert page.select_one("input[name=ma]") is not None


def test_overdue_is_said(fb_app, fb_client, code):
    with fb_app.app_context():
        feedback = service.find_by_code(code)
        feedback.due_on = dt.date(2026, 11, 1)
        db.session.commit()
    page = parse(fb_client.get(f"/phan-anh/{code}"))
    assert page.select_one(".overdue").get_text() == "Đã quá hạn"


def test_status_code_alphabet_in_the_not_found_hint_matches(fb_client):
    text = parse(fb_client.get("/phan-anh/x")).get_text()
    assert f"{tracking.LENGTH} ký tự" in text


def test_status_page_says_so_when_the_database_is_down(fb_client, code, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def broken(_code):
        raise OperationalError("SELECT", {}, Exception("unable to open database file"))

    monkeypatch.setattr(service, "find_by_code", broken)
    response = fb_client.get(f"/phan-anh/{code}")
    assert response.status_code == 503
    text = response.get_data(as_text=True)
    assert "Đã gửi thành công" not in text and "Chưa tra cứu được" in text
