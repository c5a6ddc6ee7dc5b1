"""CSV export: opens in Excel with Vietnamese intact and never runs a formula."""

from __future__ import annotations

import csv
import io

import pytest
from admin_helpers import INBOX, add_feedback, parse
from sqlalchemy import select

from tthc.admin.exports import safe_cell
from tthc.admin.models import AuditLog
from tthc.extensions import db
from tthc.feedback import tracking

EXPORT = "/quan-tri/phan-anh/xuat.csv"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+84912345678", "'+84912345678"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("  =1+1", "'  =1+1"),
        ("＝1+1", "'＝1+1"),  # full-width equals sign
        ("Đăng ký thường trú", "Đăng ký thường trú"),
        ("a=b", "a=b"),
        (None, ""),
        (12, "12"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_quoted(value, expected):
    assert safe_cell(value) == expected


def _rows(response) -> list[list[str]]:
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_export_is_utf8_with_bom_and_every_dangerous_cell_is_quoted(admin_app, staff_client):
    code = add_feedback(
        admin_app,
        message='=cmd|"/c calc"!A0 <script>alert(1)</script>',
        name="@Nguyễn Thị Bé",
        phone="+84912345678",
    )
    response = staff_client.get(EXPORT)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.data.startswith(b"\xef\xbb\xbf")
    header, row = _rows(response)
    assert header[0] == "Mã tra cứu" and "Nội dung" in header
    record = dict(zip(header, row, strict=True))
    assert record["Mã tra cứu"] == tracking.display(code)
    assert record["Nội dung"] == '\'=cmd|"/c calc"!A0 <script>alert(1)</script>'
    assert record["Họ tên"] == "'@Nguyễn Thị Bé"
    assert record["Điện thoại"] == "'+84912345678"
    assert record["Trạng thái"] == "Đã tiếp nhận"
    assert b"\r\n" in response.data


def test_export_follows_the_inbox_filters_and_is_logged(admin_app, staff_client):
    kept = add_feedback(admin_app, unit_slug="cong-an-cap-xa")
    add_feedback(admin_app, unit_slug="phong-csqlhc-ve-ttxh")
    link = parse(staff_client.get(INBOX, query_string={"unit": "cong-an-cap-xa"})).select_one(
        "a[href*='xuat.csv']"
    )
    assert "unit=cong-an-cap-xa" in link["href"]
    rows = _rows(staff_client.get(link["href"]))
    assert [row[0] for row in rows[1:]] == [tracking.display(kept)]
    with admin_app.app_context():
        entries = db.session.scalars(
            select(AuditLog).where(AuditLog.action == "feedback.export")
        ).all()
    assert len(entries) == 1
    assert entries[0].details.startswith("1 |") and "unit=cong-an-cap-xa" in entries[0].details
    assert entries[0].staff_email == "can.bo@congan.example.vn"
