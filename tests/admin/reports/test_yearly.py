"""The yearly report: the seed report's figures for a chosen year, as a page and as XLSX."""

from __future__ import annotations

import datetime as dt
import io

from admin_helpers import add_feedback, add_staff, login, parse
from openpyxl import load_workbook

from tthc.catalog import get_catalog
from tthc.catalog.models import OnlineLevel
from tthc.extensions import db
from tthc.feedback.models import UnitRating
from tthc.qr.models import QrScan

XNC = "phong-quan-ly-xuat-nhap-canh"
UTC = dt.UTC


def _world(app):
    june = dt.datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
    due = dt.date(2026, 6, 22)
    for answered in (june + dt.timedelta(days=3), june + dt.timedelta(days=5),
                     june + dt.timedelta(days=40)):
        add_feedback(app, received_at=june, answered_at=answered, status="da_tra_loi",
                     due_on=due, unit_slug=XNC, handling_unit=XNC)
    add_feedback(app, received_at=june, due_on=due, unit_slug=XNC)  # open, overdue by now
    add_feedback(app, received_at=june, due_on=due, hidden=True)  # abuse: not counted
    add_feedback(app, received_at=june.replace(year=2025), due_on=due)  # another year
    with app.app_context():
        db.session.add_all(
            [UnitRating(unit_slug=XNC, rating=r, day=dt.date(2026, 7, 1))
             for r in ("rat_hai_long", "hai_long", "khong_hai_long", "hai_long")]
            + [QrScan(code="1.001280", unit=XNC, day=dt.date(2026, 8, 1), count=9),
               QrScan(code="lv/xuat-nhap-canh", unit="", day=dt.date(2026, 8, 1), count=3),
               QrScan(code="1.001280", unit="", day=dt.date(2025, 8, 1), count=100)]
        )
        db.session.commit()


def _catalog_counts(app):
    with app.app_context():
        active = [p for p in get_catalog() if p.is_active]
        levels = [p.online_service.level for p in active if p.online_service]
        full = levels.count(OnlineLevel.FULL)
        partial = levels.count(OnlineLevel.PARTIAL)
    return len(active), full, partial


def test_the_report_page_and_its_spreadsheet(admin_app):
    add_staff(admin_app, email="xem@congan.example.vn", roles=("viewer",))
    client = admin_app.test_client()
    login(client, email="xem@congan.example.vn")
    _world(admin_app)
    # Posters printed from the staff area are counted (one PDF of the field's procedures).
    pdf = client.get("/quan-tri/ap-phich/tai-ve.pdf?field=ly-lich-tu-phap&size=label")
    assert pdf.status_code == 200
    with admin_app.app_context():
        printed = len(get_catalog().in_field("ly-lich-tu-phap"))

    page = parse(client.get("/quan-tri/bao-cao-nam?nam=2026"))
    total, full, partial = _catalog_counts(admin_app)
    text = lambda selector: " ".join(page.select_one(selector).get_text().split())  # noqa: E731
    assert text("#summary-procedures") == (
        f"Trên trang có {total} thủ tục hành chính được công bố, công khai trong năm, trong đó "
        f"{full} thủ tục cung cấp dịch vụ công trực tuyến toàn trình và {partial} thủ tục một phần."
    )
    assert text("#summary-feedback") == (
        "Tiếp nhận 4 phản ánh, kiến nghị qua trang; đã trả lời 3/4, trong đó đúng hạn 2/3. "
        "Chưa trả lời: 0 còn hạn, 1 quá hạn."
    )
    assert text("#summary-ratings").startswith("4 lượt đánh giá")
    assert "75" in text("#summary-ratings")
    # Only this year's scans count: 9 at the counter and 3 of a field poster.
    assert text("#summary-qr") == (
        f"{printed} áp phích QR được in từ khu vực cán bộ (1 lần tải); 12 lượt quét mã QR."
    )

    response = client.get("/quan-tri/bao-cao-nam.xlsx?nam=2026")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    assert book.sheetnames == [
        "Tổng hợp", "Thủ tục theo lĩnh vực", "Phản ánh theo đơn vị", "Hài lòng theo đơn vị",
        "Lượt quét QR theo lĩnh vực",
    ]
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=2, values_only=True)}
    assert summary["Thủ tục hành chính công bố, công khai"] == total
    assert summary["Trong đó: dịch vụ công trực tuyến toàn trình"] == full
    assert summary["Phản ánh, kiến nghị tiếp nhận"] == 4
    assert summary["Phản ánh, kiến nghị đã trả lời"] == 3
    assert summary["Trả lời đúng hạn"] == 2
    assert summary["Chưa trả lời, quá hạn"] == 1
    assert summary["Phản ánh lạm dụng đã ẩn (không tính)"] == 1
    assert summary["Tỷ lệ hài lòng và rất hài lòng"] == 0.75
    assert summary["Áp phích QR đã in từ khu vực cán bộ"] == printed
    assert summary["Lượt quét mã QR"] == 12
    units = list(book["Phản ánh theo đơn vị"].iter_rows(min_row=2, values_only=True))
    assert ("Phòng Quản lý xuất nhập cảnh", 4, 3, 2, 0, 1) in units
    ratings = list(book["Hài lòng theo đơn vị"].iter_rows(min_row=2, values_only=True))
    assert ratings == [("Phòng Quản lý xuất nhập cảnh", 4, 1, 2, 1, 0.75)]
    fields = dict(book["Lượt quét QR theo lĩnh vực"].iter_rows(min_row=2, values_only=True))
    with admin_app.app_context():
        field_name = get_catalog().field("xuat-nhap-canh").name
    assert fields == {field_name: 12}  # the procedure's scans and its field poster's
    by_field = list(book["Thủ tục theo lĩnh vực"].iter_rows(min_row=2, values_only=True))
    assert sum(row[1] for row in by_field) == total


def test_another_year_and_a_bad_year(admin_app, staff_client):
    _world(admin_app)
    page = parse(staff_client.get("/quan-tri/bao-cao-nam?nam=2025"))
    assert "Tiếp nhận 1 phản ánh" in page.select_one("#summary-feedback").get_text()
    for bad in ("1990", "x", ""):
        response = staff_client.get(f"/quan-tri/bao-cao-nam?nam={bad}")
        assert response.status_code == 200
        assert "năm 2026" in parse(response).select_one("h1").get_text()


def test_an_officer_does_not_open_the_report(admin_app):
    add_staff(admin_app, email="o@congan.example.vn", roles=("officer",), units=(XNC,))
    client = admin_app.test_client()
    login(client, email="o@congan.example.vn")
    assert client.get("/quan-tri/bao-cao-nam").status_code == 403
    assert client.get("/quan-tri/bao-cao-nam.xlsx").status_code == 403
