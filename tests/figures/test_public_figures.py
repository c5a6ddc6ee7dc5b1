"""/so-lieu on a fixture database: figures per month and unit, small groups suppressed, SVG, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
import xml.etree.ElementTree as ET

import pytest

from support import Page, make_app
from tthc.extensions import db
from tthc.feedback.models import Feedback, PageVote, UnitRating
from tthc.qr.models import QrScan

XNC = "phong-quan-ly-xuat-nhap-canh"
PCCC = "phong-canh-sat-pccc-cnch"
SVG = "{http://www.w3.org/2000/svg}"


def _feedback(received: dt.datetime, unit: str, *, answered_after: int | None, due: dt.date,
              name: str = "Phạm Thị Riêng Tư", hidden: bool = False) -> Feedback:
    return Feedback(
        tracking_code=uuid.uuid4().hex[:15].upper(),
        submission_id=str(uuid.uuid4()),
        category="quy_dinh",
        message="Nội dung riêng của người gửi",
        name=name,
        phone="0912345678",
        notice_version="test",
        consented_at=received,
        status="da_tra_loi" if answered_after is not None else "da_tiep_nhan",
        received_at=received,
        answered_at=received + dt.timedelta(days=answered_after) if answered_after else None,
        due_on=due,
        unit_slug=unit,
        handling_unit=unit,
        hidden=hidden,
    )


@pytest.fixture(scope="module")
def figures_app(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("figures"))
    march = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)  # Monday 10:00 in Vietnam
    due = dt.date(2026, 3, 23)
    rows = [
        # XNC, March: 6 received, 5 answered (4 on time, 1 late), 1 still open
        *[_feedback(march, XNC, answered_after=days, due=due) for days in (1, 3, 7, 9, 14)],
        _feedback(march, XNC, answered_after=30, due=due),  # answered 01/04: late
        _feedback(march, XNC, answered_after=None, due=due),
        # PCCC: 3 received in April, too few to show anything
        *[_feedback(march + dt.timedelta(days=31), PCCC, answered_after=2, due=due)
          for _ in range(3)],
        # hidden abuse, and last year's: not counted
        _feedback(march, XNC, answered_after=None, due=due, hidden=True),
        _feedback(march.replace(year=2025), XNC, answered_after=1, due=due),
    ]
    votes = [PageVote(procedure_code="1.001280", useful=i < 4, day=dt.date(2026, 5, 1))
             for i in range(6)]
    votes += [PageVote(procedure_code="1.004222", useful=True, day=dt.date(2026, 5, 1))
              for _ in range(2)]
    ratings = [UnitRating(unit_slug=XNC, rating=r, day=dt.date(2026, 6, 1))
               for r in ("rat_hai_long", "hai_long", "hai_long", "khong_hai_long", "hai_long")]
    ratings.append(UnitRating(unit_slug=PCCC, rating="hai_long", day=dt.date(2026, 6, 1)))
    scans = [
        QrScan(code="1.001280", unit=XNC, day=dt.date(2026, 7, 1), count=30),
        QrScan(code="1.001280", unit="", day=dt.date(2026, 7, 2), count=12),
        QrScan(code="1.004222", unit="", day=dt.date(2026, 7, 2), count=4),
        QrScan(code="lv/xuat-nhap-canh", unit="", day=dt.date(2026, 7, 2), count=50),
    ]
    with app.app_context():
        db.session.add_all(rows + votes + ratings + scans)
        db.session.commit()
    return app


@pytest.fixture(scope="module")
def page(figures_app):
    return Page(figures_app.test_client().get("/so-lieu?nam=2026"))


def _cells(page, table_id):
    return [
        [" ".join(c.get_text(" ").split()) for c in row.select("th, td")]
        for row in page.select(f"#{table_id} tbody tr")
    ]


def test_the_page_answers_without_personal_data(page):
    assert page.status == 200
    assert page.text("h1") == "Số liệu năm 2026"
    body = page.text()
    assert "Phạm Thị Riêng Tư" not in body and "0912345678" not in body
    assert "Nội dung riêng" not in body


def test_figures_per_month(page):
    rows = _cells(page, "table-months")
    assert len(rows) == 12
    # March: 7 counted (the hidden one and last year's left out), 6 answered, 5 of them on time;
    # working days to answer 1, 3, 5, 7, 10, 21 (30 days over 30/4-1/5): median 6.
    assert rows[2] == ["Tháng 3", "7", "6", "83%", "6"]
    assert rows[3][1] == "Dưới 5 phản ánh, không công bố"  # April: PCCC's 3
    assert rows[0][1] == "Dưới 5 phản ánh, không công bố"


def test_the_total_is_withheld_when_it_would_give_away_a_small_group(page):
    # 10 in the year, XNC's 7 shown: the total would tell PCCC's 3.
    assert "Không công bố tổng cả năm" in page.text("#fb-title + p")
    assert "tiếp nhận 10" not in page.text()


def test_figures_per_unit_suppress_small_groups(page):
    rows = dict((row[0], row[1:]) for row in _cells(page, "table-units"))
    assert rows["Phòng Quản lý xuất nhập cảnh"] == ["7", "6", "83%", "6"]
    assert rows["Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ"] == [
        "Dưới 5 phản ánh, không công bố"
    ]


def test_votes_ratings_and_scans(page):
    useful = _cells(page, "table-useful")
    assert len(useful) == 1 and useful[0][1:] == ["6", "4", "2", "67%"]
    assert "1 thủ tục khác có dưới 5 trả lời" in page.text()
    ratings = _cells(page, "table-ratings")
    assert ratings == [["Phòng Quản lý xuất nhập cảnh", "5", "1", "3", "1"]]
    scans = _cells(page, "table-scans")
    assert len(scans) == 1 and scans[0][1] == "42"  # both counters; field posters apart


def test_charts_are_svg_with_a_title_and_bars(page):
    charts = page.select("svg.chart")
    assert len(charts) == 4
    for chart in charts:
        root = ET.fromstring(str(chart))
        assert root.tag == f"{SVG}svg" and root.get("role") == "img"
        title = root.find(f"{SVG}title")
        assert title is not None and title.text
        assert root.get("aria-labelledby") == title.get("id")
    months = ET.fromstring(str(page.select_one("#chart-months")))
    bars = [r for r in months.iter(f"{SVG}rect") if r.get("class") == "bar"]
    # Only March has a group of 5 or more: received and answered.
    assert sorted(b.find(f"{SVG}title").text for b in bars) == [
        "T3, Tiếp nhận: 7", "T3, Đã trả lời: 6",
    ]
    on_time = ET.fromstring(str(page.select_one("#chart-on-time")))
    texts = ["".join(t.itertext()) for t in on_time.iter(f"{SVG}text")]
    assert "dưới 5, không công bố" in texts


def test_csv_downloads(figures_app):
    client = figures_app.test_client()
    response = client.get("/so-lieu/phan-anh.csv?nam=2026")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Năm", "Tháng", "Đơn vị"]
    assert ["2026", "3", "Phòng Quản lý xuất nhập cảnh", "7", "6", "83.3", "6"] in rows
    assert [
        "2026", "4", "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ", "<5", "", "", ""
    ] in rows
    for table in ("huu-ich", "hai-long", "luot-quet"):
        assert client.get(f"/so-lieu/{table}.csv?nam=2026").status_code == 200
    assert client.get("/so-lieu/khac.csv").status_code == 404


def test_an_unknown_year_falls_back_to_this_year(figures_app):
    for asked in ("1999", "abc", "20266"):
        page = Page(figures_app.test_client().get(f"/so-lieu?nam={asked}"))
        assert page.status == 200 and page.text("h1") == "Số liệu năm 2026"
    picker = Page(figures_app.test_client().get("/so-lieu")).select("#nam option")
    years = [option["value"] for option in picker]
    assert years == ["2026", "2025"]
