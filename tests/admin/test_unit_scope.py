"""Officers see and answer only their units' feedback; viewers never see personal data."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from admin_helpers import INBOX, add_feedback, add_staff, login, parse, post_form
from PIL import Image
from sqlalchemy import select

from tthc.admin import roles
from tthc.admin.models import StaffUser
from tthc.extensions import db
from tthc.feedback import photos, tracking
from tthc.feedback.models import Feedback, PageVote, UnitRating

MINE = "phong-quan-ly-xuat-nhap-canh"
ALSO_MINE = "phong-canh-sat-giao-thong"
OTHER = "cong-an-cap-xa"
OFFICER_EMAIL = "xuat.nhap.canh@congan.example.vn"
VIEWER_EMAIL = "bao.cao@congan.example.vn"
SECRET_NAME = "Trần Thị Bảo Mật"
SECRET_PHONE = "0987654321"
SECRET_EMAIL = "nguoi.dan@example.vn"
SECRET_TEXT = "Nội dung riêng của người dân về hồ sơ hộ chiếu."
SECRET_COMMENT = "Góp ý có số điện thoại 0911222333"


def _codes(response) -> set[str]:
    rows = parse(response).select("table.admin-table tbody tr td:first-child a")
    return {tracking.normalize(row.get_text()) for row in rows}


def _client(app, email, role, units=()):
    add_staff(app, email=email, roles=(role,), units=units)
    client = app.test_client()
    assert login(client, email=email).status_code == 302
    return client


@pytest.fixture
def submissions(admin_app):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "green").save(buffer, "JPEG")
    with admin_app.test_request_context():
        mine_photo = photos.store(buffer.getvalue(), "jpg")
        other_photo = photos.store(buffer.getvalue(), "jpg")
    return {
        "mine": add_feedback(admin_app, unit_slug=MINE, photo_file=mine_photo),
        "also_mine": add_feedback(admin_app, unit_slug=ALSO_MINE),
        "other": add_feedback(admin_app, unit_slug=OTHER, photo_file=other_photo),
        "no_unit": add_feedback(admin_app, unit_slug=None, due_on=dt.date(2026, 11, 1)),
    }


@pytest.fixture
def officer(admin_app):
    return _client(admin_app, OFFICER_EMAIL, roles.OFFICER, units=(MINE,))


def test_visible_unit_slugs(admin_app):
    add_staff(admin_app, email="a@example.vn", roles=(roles.ADMIN, roles.OFFICER), units=(MINE,))
    add_staff(admin_app, email="o@example.vn", roles=(roles.OFFICER,), units=(MINE, OTHER))
    add_staff(admin_app, email="v@example.vn", roles=(roles.VIEWER, roles.EDITOR))
    with admin_app.app_context():
        by_email = {u.email: u for u in db.session.scalars(select(StaffUser))}
        assert roles.visible_unit_slugs(by_email["a@example.vn"]) is None
        assert roles.visible_unit_slugs(by_email["o@example.vn"]) == {MINE, OTHER}
        assert roles.visible_unit_slugs(by_email["v@example.vn"]) == set()
        assert roles.visible_unit_slugs(None) == set()
        assert [u.email for u in roles.officers_of_unit(MINE)] == ["a@example.vn", "o@example.vn"]
        assert roles.officers_of_unit(ALSO_MINE) == []


def test_officer_inbox_holds_only_its_units(admin_app, submissions, officer):
    response = officer.get(INBOX)
    assert _codes(response) == {submissions["mine"]}
    page = parse(response)
    options = {o["value"] for o in page.select("select[name=unit] option") if o["value"]}
    assert options == {MINE}
    # asking for another unit's feedback is ignored, not obeyed
    assert _codes(officer.get(INBOX, query_string={"unit": OTHER})) == {submissions["mine"]}
    code = submissions["other"]
    assert _codes(officer.get(INBOX, query_string={"code": code})) == set()
    # the overdue count in the header counts its units only (the unit-less one is overdue)
    assert _codes(officer.get(INBOX, query_string={"overdue": "1"})) == set()


def test_officer_with_two_units_sees_both_and_admin_sees_all(admin_app, submissions):
    both = _client(admin_app, OFFICER_EMAIL, roles.OFFICER, units=(MINE, ALSO_MINE))
    assert _codes(both.get(INBOX)) == {submissions["mine"], submissions["also_mine"]}
    admin = _client(admin_app, "admin@congan.example.vn", roles.ADMIN)
    assert _codes(admin.get(INBOX)) == set(submissions.values())


def test_another_units_submission_does_not_exist_for_an_officer(admin_app, submissions, officer):
    other = submissions["other"]
    base = f"{INBOX}/{other}"
    assert officer.get(base).status_code == 404
    assert officer.get(f"{base}/anh").status_code == 404
    assert officer.get(f"{INBOX}/{submissions['no_unit']}").status_code == 404
    # the forms of its own submission carry a valid token: posting them at another one fails
    mine = f"{INBOX}/{submissions['mine']}"
    assert post_form(officer, mine, f"{base}/tra-loi", {"answer": "Trả lời"}).status_code == 404
    moved = post_form(officer, mine, f"{base}/trang-thai", {"status": "dang_xu_ly"})
    assert moved.status_code == 404
    assert post_form(officer, mine, f"{base}/an", {"reason": "spam"}).status_code == 404
    assert post_form(officer, mine, f"{base}/bo-an").status_code == 404
    with admin_app.app_context():
        stored = db.session.scalar(select(Feedback).where(Feedback.tracking_code == other))
        assert stored.answer is None and stored.status == "da_tiep_nhan" and not stored.hidden


def test_officer_reads_answers_and_downloads_the_photo_of_its_unit(
    admin_app, submissions, officer
):
    mine = f"{INBOX}/{submissions['mine']}"
    page = officer.get(mine)
    assert page.status_code == 200 and "Nguyễn Văn A" in page.get_data(as_text=True)
    photo = officer.get(f"{mine}/anh")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    photo.close()
    sent = post_form(officer, mine, f"{mine}/tra-loi", {"answer": "Hồ sơ đã có kết quả."})
    assert sent.status_code == 302
    with admin_app.app_context():
        stored = db.session.scalar(
            select(Feedback).where(Feedback.tracking_code == submissions["mine"])
        )
        assert stored.answer == "Hồ sơ đã có kết quả." and stored.answered_by == OFFICER_EMAIL


def test_officer_export_holds_only_its_units(admin_app, submissions, officer):
    response = officer.get(f"{INBOX}/xuat.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    codes = {tracking.normalize(cell) for row in rows[1:] for cell in row[:1]}
    assert codes == {submissions["mine"]}
    other = officer.get(f"{INBOX}/xuat.csv", query_string={"unit": OTHER})
    other_rows = list(csv.reader(io.StringIO(other.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(other_rows) == 2


def test_an_officer_without_units_sees_nothing(admin_app, submissions):
    add_staff(admin_app, email="khong.don.vi@example.vn", roles=(roles.OFFICER,))
    client = admin_app.test_client()
    assert login(client, email="khong.don.vi@example.vn").status_code == 302
    assert _codes(client.get(INBOX)) == set()
    assert client.get(f"{INBOX}/{submissions['mine']}").status_code == 404


def _personal_data(admin_app):
    add_feedback(
        admin_app, unit_slug=MINE, name=SECRET_NAME, phone=SECRET_PHONE, email=SECRET_EMAIL,
        message=SECRET_TEXT,
    )
    with admin_app.app_context():
        day = dt.date(2026, 11, 27)
        db.session.add(PageVote(procedure_code="1.004222", useful=False, comment=SECRET_COMMENT,
                                day=day))
        db.session.add(UnitRating(unit_slug=MINE, rating="hai_long", comment=SECRET_COMMENT,
                                  day=day))
        db.session.commit()


def test_a_viewer_sees_reports_and_never_personal_data(admin_app):
    _personal_data(admin_app)
    viewer = _client(admin_app, VIEWER_EMAIL, roles.VIEWER)
    pages = ["/quan-tri/luot-quet", "/quan-tri/luot-quet.csv", "/quan-tri/danh-gia",
             "/quan-tri/ap-phich"]
    for url in pages:
        response = viewer.get(url)
        assert response.status_code == 200, url
        text = response.get_data(as_text=True)
        for secret in (SECRET_NAME, SECRET_PHONE, SECRET_EMAIL, SECRET_TEXT, SECRET_COMMENT):
            assert secret not in text, (url, secret)
    opinions = parse(viewer.get("/quan-tri/danh-gia"))
    assert "không hiện với vai trò của bạn" in opinions.text
    assert opinions.select_one("#unit-ratings") is not None  # the counts are there
    for url in (INBOX, f"{INBOX}/xuat.csv", "/quan-tri/nhat-ky", "/quan-tri/tai-khoan"):
        assert viewer.get(url).status_code == 403, url


def test_comments_go_to_who_acts_on_them(admin_app):
    _personal_data(admin_app)
    with admin_app.app_context():
        db.session.add(UnitRating(unit_slug=OTHER, rating="hai_long", comment="Quầy khác",
                                  day=dt.date(2026, 11, 27)))
        db.session.commit()
    officer = _client(admin_app, OFFICER_EMAIL, roles.OFFICER, units=(MINE,))
    text = officer.get("/quan-tri/danh-gia").get_data(as_text=True)
    assert text.count(SECRET_COMMENT) == 1  # its unit's rating, not the page vote
    assert "Quầy khác" not in text
    editor = _client(admin_app, "bien.tap@example.vn", roles.EDITOR)
    text = editor.get("/quan-tri/danh-gia").get_data(as_text=True)
    assert text.count(SECRET_COMMENT) == 1 and "Quầy khác" not in text  # page votes only
    admin = _client(admin_app, "qt@example.vn", roles.ADMIN)
    text = admin.get("/quan-tri/danh-gia").get_data(as_text=True)
    assert text.count(SECRET_COMMENT) == 2 and "Quầy khác" in text


def test_an_officer_gets_no_link_to_the_audit_log(admin_app, submissions, officer):
    page = parse(officer.get(f"{INBOX}/{submissions['mine']}"))
    assert page.select("a[href*='/quan-tri/nhat-ky']") == []
    admin = _client(admin_app, "qt@example.vn", roles.ADMIN)
    page = parse(admin.get(f"{INBOX}/{submissions['mine']}"))
    assert page.select("a[href*='/quan-tri/nhat-ky']")
