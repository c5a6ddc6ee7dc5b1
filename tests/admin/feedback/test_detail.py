"""One submission: read it, answer it, move it along, hide it, download its photo."""

from __future__ import annotations

import io

import pytest
from admin_helpers import INBOX, LOGIN, add_feedback, csrf_token, parse, post_form
from PIL import Image
from sqlalchemy import select

from tthc.admin.models import AuditLog
from tthc.extensions import db
from tthc.feedback import photos, tracking
from tthc.feedback.models import Feedback, FeedbackStatus

XSS = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def _detail(code: str) -> str:
    return f"/quan-tri/phan-anh/{code}"


def _stored(app, code: str) -> Feedback:
    with app.app_context():
        return db.session.scalar(select(Feedback).where(Feedback.tracking_code == code))


def _audit(app, action: str) -> list[AuditLog]:
    with app.app_context():
        return db.session.scalars(select(AuditLog).where(AuditLog.action == action)).all()


def _public_status(app, code: str) -> str:
    response = app.test_client().get(f"/phan-anh/{tracking.display(code)}")
    assert response.status_code == 200
    return " ".join(parse(response).get_text(" ").split())


def test_detail_shows_every_field_escaped_and_is_logged(admin_app, staff_client):
    code = add_feedback(
        admin_app, message=XSS, name=XSS, email="a@example.vn", procedure_code="1.004222"
    )
    response = staff_client.get(_detail(code))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "<script>alert(1)" not in html and "onerror=alert(2)>" not in html
    page = parse(response)
    assert page.select("main script") == []
    assert XSS in page.select_one(".admin-message").get_text()
    text = page.get_text(" ")
    assert "0912345678" in text and "a@example.vn" in text
    assert "1.004222" in text
    [entry] = _audit(admin_app, "feedback.view")
    assert entry.target == code and entry.staff_email == "can.bo@congan.example.vn"


def test_an_unknown_code_is_a_404(staff_client):
    assert staff_client.get(_detail("AAAAABBBBBCCCCC")).status_code == 404
    assert staff_client.get(_detail("nonsense")).status_code == 404


def test_a_published_answer_appears_on_the_public_status_page(admin_app, staff_client):
    code = add_feedback(admin_app, answer_may_be_published=True)
    answer = "Hồ sơ của ông đã được giải quyết ngày 25/11/2026. <b>Xin cảm ơn</b>."
    response = post_form(
        staff_client,
        _detail(code),
        f"{_detail(code)}/tra-loi",
        {"answer": answer, "publish": "y"},
    )
    assert response.status_code == 302
    stored = _stored(admin_app, code)
    assert stored.status == FeedbackStatus.ANSWERED.value
    assert stored.answered_by == "can.bo@congan.example.vn"
    assert stored.answer_published
    public = _public_status(admin_app, code)
    assert "Hồ sơ của ông đã được giải quyết" in public
    assert "<b>Xin cảm ơn</b>" in public  # shown as text, not markup
    assert "Nguyễn Văn A" not in public and "0912345678" not in public
    [entry] = _audit(admin_app, "feedback.answer")
    assert entry.target == code and entry.details == "published"


def test_an_answer_stays_private_without_the_citizens_consent(admin_app, staff_client):
    code = add_feedback(admin_app, answer_may_be_published=False)
    page = parse(staff_client.get(_detail(code)))
    assert page.select_one("input[name=publish]") is None
    post_form(
        staff_client,
        _detail(code),
        f"{_detail(code)}/tra-loi",
        {"answer": "Trả lời riêng cho người gửi.", "publish": "y"},
    )
    stored = _stored(admin_app, code)
    assert stored.answer == "Trả lời riêng cho người gửi." and not stored.answer_published
    assert "Trả lời riêng cho người gửi" not in _public_status(admin_app, code)


def test_an_unpublished_answer_is_not_shown(admin_app, staff_client):
    code = add_feedback(admin_app, answer_may_be_published=True)
    post_form(staff_client, _detail(code), f"{_detail(code)}/tra-loi", {"answer": "Nội bộ."})
    assert not _stored(admin_app, code).answer_published
    assert "Nội bộ." not in _public_status(admin_app, code)


def test_an_empty_answer_is_refused_next_to_the_field(admin_app, staff_client):
    code = add_feedback(admin_app)
    response = post_form(staff_client, _detail(code), f"{_detail(code)}/tra-loi", {"answer": " "})
    assert response.status_code == 400
    assert "Nhập nội dung trả lời." in parse(response).select_one(".field-error").get_text()
    assert _stored(admin_app, code).answer is None


def test_status_moves_follow_the_flow(admin_app, staff_client):
    code = add_feedback(admin_app)
    action = f"{_detail(code)}/trang-thai"
    options = [o["value"] for o in parse(staff_client.get(_detail(code))).select("#status option")]
    assert options == ["dang_xu_ly", "da_dong"]
    assert (
        post_form(staff_client, _detail(code), action, {"status": "dang_xu_ly"}).status_code == 302
    )
    assert _stored(admin_app, code).status == "dang_xu_ly"
    refused = post_form(staff_client, _detail(code), action, {"status": "da_tra_loi"})
    assert refused.status_code == 400
    assert "Không thể chuyển sang trạng thái này." in parse(refused).select_one(".field-error").text
    assert _stored(admin_app, code).status == "dang_xu_ly"
    post_form(staff_client, _detail(code), action, {"status": "da_dong"})
    stored = _stored(admin_app, code)
    assert stored.status == "da_dong" and stored.closed_at is not None
    details = [entry.details for entry in _audit(admin_app, "feedback.status")]
    assert sorted(details) == ["da_tiep_nhan → dang_xu_ly", "dang_xu_ly → da_dong"]
    assert "Đã đóng" in _public_status(admin_app, code)


def test_hiding_takes_a_submission_out_of_the_inbox_but_keeps_it(admin_app, staff_client):
    code = add_feedback(admin_app, message="Lời lẽ xúc phạm")
    without_reason = post_form(staff_client, _detail(code), f"{_detail(code)}/an", {"reason": ""})
    assert without_reason.status_code == 400
    post_form(staff_client, _detail(code), f"{_detail(code)}/an", {"reason": "Lời lẽ xúc phạm"})
    stored = _stored(admin_app, code)
    assert stored.hidden and stored.hidden_reason == "Lời lẽ xúc phạm"
    assert code not in staff_client.get(INBOX).get_data(as_text=True)
    assert code in staff_client.get(INBOX, query_string={"hidden": "1"}).get_data(as_text=True)
    post_form(staff_client, _detail(code), f"{_detail(code)}/bo-an")
    assert not _stored(admin_app, code).hidden
    assert {e.action for e in _audit(admin_app, "feedback.hide")} == {"feedback.hide"}
    assert len(_audit(admin_app, "feedback.unhide")) == 1


def test_changes_need_the_csrf_token(admin_app, staff_client):
    code = add_feedback(admin_app)
    for action, data in (
        ("tra-loi", {"answer": "Giả mạo"}),
        ("trang-thai", {"status": "da_dong"}),
        ("an", {"reason": "Giả mạo"}),
    ):
        response = staff_client.post(f"{_detail(code)}/{action}", data=data)
        assert response.status_code == 400
        assert "hết hạn" in parse(response).text
    stored = _stored(admin_app, code)
    assert stored.answer is None and stored.status == "da_tiep_nhan" and not stored.hidden


def test_a_token_from_another_session_does_not_work(admin_app, staff_client):
    code = add_feedback(admin_app)
    foreign = csrf_token(admin_app.test_client(), LOGIN)
    response = staff_client.post(
        f"{_detail(code)}/trang-thai", data={"status": "da_dong", "csrf_token": foreign}
    )
    assert response.status_code == 400
    assert _stored(admin_app, code).status == "da_tiep_nhan"


@pytest.fixture
def photo_code(admin_app):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    with admin_app.test_request_context():
        name = photos.store(buffer.getvalue(), "jpg")
    return add_feedback(admin_app, photo_file=name)


def test_staff_download_the_photo_as_an_attachment(admin_app, staff_client, photo_code):
    page = parse(staff_client.get(_detail(photo_code)))
    link = page.select_one("a[download]")
    assert link["href"] == f"{_detail(photo_code)}/anh"
    response = staff_client.get(link["href"])
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert Image.open(io.BytesIO(response.data)).size == (40, 30)
    response.close()
    assert [e.target for e in _audit(admin_app, "feedback.photo")] == [photo_code]


def test_nobody_else_gets_the_photo(admin_app, photo_code):
    response = admin_app.test_client().get(f"{_detail(photo_code)}/anh")
    assert response.status_code == 302 and LOGIN in response.headers["Location"]


def test_a_missing_photo_is_a_404(admin_app, staff_client):
    code = add_feedback(admin_app, photo_file="gone.jpg")
    assert staff_client.get(f"{_detail(code)}/anh").status_code == 404
    assert "Tệp ảnh không còn" in parse(staff_client.get(_detail(code))).text


def test_a_purged_submission_shows_no_personal_data(admin_app, staff_client):
    import datetime as dt

    from tthc.feedback import service

    closed = dt.datetime(2025, 1, 2, tzinfo=dt.UTC)
    code = add_feedback(admin_app, status="da_dong", closed_at=closed, email="x@example.vn")
    with admin_app.app_context():
        assert service.purge(30) == 1
    page = parse(staff_client.get(_detail(code)))
    text = page.get_text(" ")
    assert "Nguyễn Văn A" not in text and "0912345678" not in text and "x@example.vn" not in text
    assert "đã được xóa" in text


def test_an_answer_can_be_corrected_and_withdrawn_from_the_public_page(admin_app, staff_client):
    code = add_feedback(admin_app, answer_may_be_published=True)
    action = f"{_detail(code)}/tra-loi"
    post_form(staff_client, _detail(code), action, {"answer": "Bản đầu.", "publish": "y"})
    assert "Bản đầu." in _public_status(admin_app, code)
    page = parse(staff_client.get(_detail(code)))
    assert page.select_one("textarea[name=answer]").get_text().strip() == "Bản đầu."
    assert page.select_one("input[name=publish]").has_attr("checked")
    post_form(staff_client, _detail(code), action, {"answer": "Bản đã sửa."})
    public = _public_status(admin_app, code)
    assert "Bản đầu." not in public and "Bản đã sửa." not in public


def test_staff_pages_work_in_every_interface_language(admin_app, staff_client):
    code = add_feedback(admin_app)
    for language in ("vi", "en", "km"):
        for url in (INBOX, _detail(code), "/quan-tri/nhat-ky", "/quan-tri/danh-gia"):
            response = staff_client.get(url, query_string={"lang": language})
            assert response.status_code == 200, (language, url)
            assert parse(response).select_one("html")["lang"] == language


@pytest.mark.parametrize(
    ("action", "service_call", "data"),
    [
        ("tra-loi", "answer", {"answer": "Hồ sơ đã có kết quả."}),
        ("an", "hide", {"reason": "Trùng lặp"}),
        ("bo-an", "unhide", {}),
    ],
)
def test_a_busy_database_says_so_on_the_detail_page_and_logs_nothing(
    admin_app, staff_client, monkeypatch, action, service_call, data
):
    from tthc.feedback import service

    def busy(*args, **kwargs):
        raise service.StorageUnavailable

    code = add_feedback(admin_app)
    monkeypatch.setattr(service, service_call, busy)
    response = post_form(staff_client, _detail(code), f"{_detail(code)}/{action}", data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(_detail(code))
    page = staff_client.get(_detail(code)).get_data(as_text=True)
    assert "Chưa lưu được vì cơ sở dữ liệu đang bận. Vui lòng thử lại." in page
    assert _audit(admin_app, f"feedback.{service_call}") == []
