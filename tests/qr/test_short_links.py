"""Short links redirect to the current page, count scans, never 404 for a code that ever existed."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import text

from support import FIXED_TODAY
from tthc.catalog import get_catalog
from tthc.extensions import db
from tthc.qr.models import QrScan
from tthc.qr.scans import record_scan, scan_counts, scan_totals


def counts(app, code, unit=None):
    with app.app_context():
        return sum(c.count for c in scan_counts(code=code, unit=unit))


def test_short_link_redirects_to_the_canonical_page(bundled, bundled_app):
    response = bundled.get("/q/1.004222")
    assert response.status_code == 302
    assert response.headers["Location"] == "/thu-tuc/1.004222/dang-ky-thuong-tru"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    page = bundled.get(response.headers["Location"])
    assert page.status_code == 200
    assert "Đăng ký thường trú" in BeautifulSoup(page.data, "html.parser").h1.get_text()


def test_short_link_counts_scans_per_code_unit_and_day(bundled_app):
    client = bundled_app.test_client()
    code = "2.001195"
    before = counts(bundled_app, code, "")
    before_unit = counts(bundled_app, code, "phong-csqlhc-ve-ttxh")
    for _ in range(3):
        assert client.get(f"/q/{code}").status_code == 302
    for _ in range(2):
        assert client.get(f"/q/{code}/phong-csqlhc-ve-ttxh").status_code == 302
    assert counts(bundled_app, code, "") == before + 3
    assert counts(bundled_app, code, "phong-csqlhc-ve-ttxh") == before_unit + 2
    with bundled_app.app_context():
        rows = scan_counts(code=code)
        assert {row.day for row in rows} == {FIXED_TODAY}
        totals = dict((c, n) for c, _, n in scan_totals(since=FIXED_TODAY))
        assert totals[code] == before + before_unit + 5
        by_unit = {(c, u): n for c, u, n in scan_totals(by_unit=True)}
        assert by_unit[(code, "phong-csqlhc-ve-ttxh")] == before_unit + 2


def test_scans_of_another_day_are_a_new_row(tmp_path):
    from support import make_app

    app = make_app(tmp_path)
    with app.app_context():
        db.create_all()
        record_scan("1.004222")
        app.config["TODAY"] = FIXED_TODAY + dt.timedelta(days=1)
        record_scan("1.004222")
        record_scan("1.004222")
        rows = scan_counts(code="1.004222")
    assert [(r.day, r.count) for r in rows] == [
        (FIXED_TODAY + dt.timedelta(days=1), 2),
        (FIXED_TODAY, 1),
    ]


def test_unit_link_redirects_even_for_an_unknown_unit(bundled, bundled_app):
    before = counts(bundled_app, "1.004222", "")
    response = bundled.get("/q/1.004222/don-vi-da-doi-ten")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/thu-tuc/1.004222")
    # An unknown unit is counted without it: no arbitrary text goes into the database.
    assert counts(bundled_app, "1.004222", "") == before + 1
    assert counts(bundled_app, "1.004222", "don-vi-da-doi-ten") == 0


def app_without_scan_table(tmp_path):
    from support import make_app

    app = make_app(tmp_path)
    with app.app_context():
        db.session.execute(text("DROP TABLE IF EXISTS qr_scans"))
        db.session.commit()
    return app


def test_a_failing_count_never_breaks_the_redirect(tmp_path, caplog):
    app = app_without_scan_table(tmp_path)
    client = app.test_client()
    response = client.get("/q/1.004222")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/thu-tuc/1.004222")
    assert client.get("/q/lv/cu-tru").status_code == 302
    assert "could not count a scan" in caplog.text


def test_unknown_code_is_404_with_a_search_box(bundled):
    response = bundled.get("/q/9.999999")
    assert response.status_code == 404
    html = BeautifulSoup(response.data, "html.parser")
    assert "9.999999" in html.get_text()
    assert html.select_one("form[role=search] input[name=q]") is not None


@pytest.mark.parametrize("code", ["abc", "1.004222x", "%E1%BA%A1", "..", "1.004222.99"])
def test_malformed_codes_are_404_not_500(bundled, code):
    assert bundled.get(f"/q/{code}").status_code == 404


def test_field_link_redirects_and_counts(bundled, bundled_app):
    before = counts(bundled_app, "lv/cu-tru")
    response = bundled.get("/q/lv/cu-tru")
    assert response.status_code == 302
    assert response.headers["Location"] == "/linh-vuc/cu-tru"
    assert counts(bundled_app, "lv/cu-tru") == before + 1
    assert bundled.get("/q/lv/khong-co").status_code == 404


def test_replaced_procedure_answers_410_with_its_replacement(fixture_client, fixture_app):
    response = fixture_client.get("/q/1.000001")
    assert response.status_code == 410
    assert response.headers["Cache-Control"] == "no-store"
    html = BeautifulSoup(response.data, "html.parser")
    body = " ".join(html.get_text(" ").split())
    assert "Khai báo tạm vắng (thủ tục cũ)" in body
    assert "01/07/2025" in body  # when
    assert "5548/QĐ-BCA-C06" in body  # by which decision
    links = [a["href"] for a in html.select("a[href]")]
    assert any(href.startswith("/thu-tuc/1.004222") for href in links)
    assert counts(fixture_app, "1.000001") >= 1  # old posters still being scanned is worth knowing


def test_abolished_procedure_answers_410_saying_when_and_why(fixture_client):
    response = fixture_client.get("/q/1.000002/phong-qlhc")
    assert response.status_code == 410
    body = " ".join(BeautifulSoup(response.data, "html.parser").get_text(" ").split())
    assert "bãi bỏ" in body and "15/01/2024" in body and "123/QĐ-BCA" in body


@pytest.mark.parametrize("which", ["bundled_app", "fixture_app"])
def test_every_code_the_catalogue_ever_had_answers(which, request):
    app = request.getfixturevalue(which)
    client = app.test_client()
    with app.app_context():
        catalog = get_catalog()
        codes = [p.code for p in catalog]
        units = [u.slug for u in catalog.units]
        fields = [f.slug for f in catalog.fields]
    assert codes
    for code in codes:
        for url in [f"/q/{code}", *(f"/q/{code}/{unit}" for unit in units)]:
            status = client.get(url).status_code
            assert status in (302, 410), (url, status)
    for field in fields:
        assert client.get(f"/q/lv/{field}").status_code == 302


def test_scan_functions_are_safe_without_a_table(tmp_path):
    app = app_without_scan_table(tmp_path)
    with app.app_context():
        assert record_scan("1.004222") is False


def test_upsert_is_one_statement_on_postgresql_too():
    from sqlalchemy.dialects import postgresql, sqlite

    from tthc.qr.scans import upsert_statement

    for name, dialect in (("postgresql", postgresql.dialect()), ("sqlite", sqlite.dialect())):
        sql = str(upsert_statement(name, "1.004222", "", FIXED_TODAY).compile(dialect=dialect))
        assert "ON CONFLICT (code, unit, day) DO UPDATE SET count = (qr_scans.count +" in sql


@pytest.mark.postgres
def test_scan_counts_on_postgresql(tmp_path):
    import os

    from support import make_app

    url = os.environ.get("DATABASE_URL_TEST")
    if not url:
        pytest.skip("DATABASE_URL_TEST is not set")
    # Only this feature's table: the whole schema is the migrations' business.
    app = make_app(tmp_path, DATABASE_URL=url, DB_UPGRADE_ON_START=False)
    with app.app_context():
        QrScan.__table__.create(db.engine, checkfirst=True)
        db.session.execute(text("DELETE FROM qr_scans WHERE code = 'test-pg'"))
        db.session.commit()
        assert record_scan("test-pg", "u") and record_scan("test-pg", "u")
        assert [(r.unit, r.count) for r in scan_counts(code="test-pg")] == [("u", 2)]
        db.session.execute(text("DELETE FROM qr_scans WHERE code = 'test-pg'"))
        db.session.commit()


def test_head_requests_are_not_counted(bundled, bundled_app):
    before = counts(bundled_app, "1.004222", "")
    assert bundled.head("/q/1.004222").status_code == 302
    assert counts(bundled_app, "1.004222", "") == before


@pytest.mark.parametrize(
    "url", ["/q/1.004222/", "/q/1.004222%20", "/q/1.004222.", "/q/1.004222/cong-an-cap-xa/"]
)
def test_typed_links_are_forgiven(bundled, url):
    response = bundled.get(url)
    assert response.status_code == 302
    assert response.headers["Location"] == "/thu-tuc/1.004222/dang-ky-thuong-tru"
