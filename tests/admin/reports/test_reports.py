"""Scan counts, poster downloads and the audit log page."""

from __future__ import annotations

import csv
import datetime as dt
import io

from admin_helpers import add_feedback, parse
from pypdf import PdfReader

from tthc.catalog import get_catalog
from tthc.extensions import db
from tthc.qr.models import QrScan

TODAY = dt.date(2026, 11, 28)
SCANS = "/quan-tri/luot-quet"
POSTERS = "/quan-tri/ap-phich"
AUDIT = "/quan-tri/nhat-ky"


def _scan(app, code, unit, day, count):
    with app.app_context():
        db.session.add(QrScan(code=code, unit=unit, day=day, count=count))
        db.session.commit()


def _table(response) -> list[list[str]]:
    rows = parse(response).select("table.admin-table tbody tr")
    return [[" ".join(td.get_text(" ").split()) for td in row.select("td")] for row in rows]


def test_scan_counts_per_code_and_unit_over_a_period(admin_app, staff_client):
    _scan(admin_app, "1.004222", "cong-an-cap-xa", TODAY, 5)
    _scan(admin_app, "1.004222", "cong-an-cap-xa", TODAY - dt.timedelta(days=3), 2)
    _scan(admin_app, "1.004222", "phong-csqlhc-ve-ttxh", TODAY, 4)
    _scan(admin_app, "1.004222", "cong-an-cap-xa", TODAY - dt.timedelta(days=60), 100)
    _scan(admin_app, "lv/cu-tru", "", TODAY, 1)

    totals = _table(staff_client.get(SCANS))
    assert totals[0][0] == "1.004222" and totals[0][-1] == "11"
    assert "Đăng ký thường trú" in totals[0][1]
    assert totals[1][0] == "lv/cu-tru" and totals[1][1].startswith("Lĩnh vực:")

    with admin_app.app_context():
        commune = get_catalog().unit("cong-an-cap-xa").name
    by_unit = _table(staff_client.get(SCANS, query_string={"by_unit": "1"}))
    assert ["1.004222", totals[0][1], commune, "7"] in by_unit

    all_time = _table(staff_client.get(SCANS, query_string={"days": "0"}))
    assert all_time[0][-1] == "111"
    week = staff_client.get(SCANS, query_string={"days": "7"})
    assert _table(week)[0][-1] == "11"
    assert "Tổng cộng: 12 lượt quét" in parse(week).text
    assert staff_client.get(SCANS, query_string={"days": "-5"}).status_code == 200


def test_scan_counts_export_as_csv(admin_app, staff_client):
    _scan(admin_app, "1.004222", "cong-an-cap-xa", TODAY, 3)
    response = staff_client.get(f"{SCANS}.csv", query_string={"days": "30"})
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == ["Mã", "Thủ tục / lĩnh vực", "Đơn vị", "Lượt quét"]
    assert rows[1][0] == "1.004222" and rows[1][3] == "3"


def test_poster_page_links_each_procedure_for_the_chosen_counter(staff_client):
    page = parse(staff_client.get(POSTERS, query_string={"unit": "cong-an-cap-xa"}))
    links = [a["href"] for a in page.select(".admin-poster-links a")]
    assert "/qr/1.014063/a4.pdf?unit=cong-an-cap-xa" in links
    assert "/qr/1.014063/label.pdf?unit=cong-an-cap-xa" in links
    field_links = [a["href"] for a in page.select(".admin-poster-field p a")]
    assert any(href.startswith("/qr/lv/") for href in field_links)
    # a poster link really answers with a PDF
    response = staff_client.get("/qr/1.014063/a4.pdf?unit=cong-an-cap-xa")
    assert response.status_code == 200 and response.mimetype == "application/pdf"


def test_batch_download_is_one_pdf_with_a_page_per_procedure(admin_app, staff_client):
    with admin_app.app_context():
        expected = [p for p in get_catalog().active if p.field == "can-cuoc"]
    response = staff_client.get(f"{POSTERS}/tai-ve.pdf", query_string={"field": "can-cuoc"})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert len(PdfReader(io.BytesIO(response.data)).pages) == len(expected)


def test_audit_page_lists_who_viewed_what_escaped(admin_app, staff_client):
    code = add_feedback(admin_app)
    staff_client.get(f"/quan-tri/phan-anh/{code}")
    staff_client.get("/quan-tri/phan-anh/xuat.csv")
    staff_client.get(AUDIT, query_string={"staff": "<script>x</script>"})
    response = staff_client.get(AUDIT)
    rows = _table(response)
    actions = [row[2] for row in rows]
    assert "Xem phản ánh" in actions and "Xuất CSV" in actions and "Đăng nhập" in actions
    assert all(row[1] == "can.bo@congan.example.vn" for row in rows)
    html = response.get_data(as_text=True)
    assert "<script>x" not in html
    only_views = _table(staff_client.get(AUDIT, query_string={"action": "feedback.view"}))
    assert [row[2] for row in only_views] == ["Xem phản ánh"]
    for_code = _table(staff_client.get(AUDIT, query_string={"target": code}))
    assert {row[2] for row in for_code} == {"Xem phản ánh"}


def test_opinions_page_sums_ratings_and_votes_and_escapes_comments(admin_app, staff_client):
    from tthc.feedback.models import PageVote, UnitRating

    with admin_app.app_context():
        for rating in ("rat_hai_long", "hai_long", "hai_long", "khong_hai_long"):
            db.session.add(UnitRating(unit_slug="cong-an-cap-xa", rating=rating, day=TODAY))
        db.session.add(
            UnitRating(unit_slug="cong-an-cap-xa", rating="hai_long", day=TODAY - dt.timedelta(90))
        )
        db.session.add(
            PageVote(
                procedure_code="1.004222",
                useful=False,
                day=TODAY,
                comment="<script>alert(1)</script> thiếu mẫu CT01",
            )
        )
        db.session.add(PageVote(procedure_code="1.004222", useful=True, day=TODAY))
        db.session.add(PageVote(procedure_code="2.001195", useful=True, day=TODAY))
        db.session.commit()
        commune = get_catalog().unit("cong-an-cap-xa").name

    response = staff_client.get("/quan-tri/danh-gia")
    assert response.status_code == 200
    page = parse(response)
    [unit_row] = [
        [c.get_text(strip=True) for c in tr.select("td")]
        for tr in page.select("#unit-ratings tbody tr")
    ]
    assert unit_row[0] == commune
    assert unit_row[1:5] == ["1", "2", "1", "4"]
    assert unit_row[5].replace("\xa0", "") == "75%"
    votes = [
        [c.get_text(" ", strip=True) for c in tr.select("td")]
        for tr in page.select("#page-votes tbody tr")
    ]
    assert votes[0][0].startswith("1.004222") and votes[0][1:] == ["1", "1"]
    html = response.get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html

    all_time = parse(staff_client.get("/quan-tri/danh-gia", query_string={"days": "0"}))
    assert all_time.select_one("#unit-ratings tbody tr td:nth-of-type(5)").get_text() == "5"
