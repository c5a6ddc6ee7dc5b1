"""`flask qr posters`: one multi-page PDF per unit and/or field."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tthc.catalog import get_catalog

from .conftest import SITE_URL
from .images import decode, pdf_pages


def make_posters(app, out, *options: str):
    """Run `flask qr posters` with these options into `out`, check it succeeded, return it."""
    result = app.test_cli_runner().invoke(args=["qr", "posters", *options, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result


def test_posters_of_a_field(bundled_app, tmp_path):
    out = tmp_path / "cu-tru.pdf"
    result = make_posters(bundled_app, out, "--field", "cu-tru", "--size", "a5")
    with bundled_app.app_context():
        expected = [p.code for p in get_catalog().in_field("cu-tru")]
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) == len(expected)
    for page, code in zip(reader.pages, expected, strict=True):
        assert code in page.extract_text()
    first = pdf_pages(out.read_bytes(), dpi=150)[0]
    assert decode(first) == [f"{SITE_URL}/q/{expected[0]}"]
    assert f"{len(expected)} posters" in result.output


def test_posters_of_a_unit_encode_the_unit(fixture_app, tmp_path):
    out = tmp_path / "unit.pdf"
    make_posters(fixture_app, out, "--unit", "phong-qlhc", "--size", "label")
    with fixture_app.app_context():
        catalog = get_catalog()
        expected = [p.code for p in catalog.procedures_at(catalog.unit("phong-qlhc"))]
    pages = pdf_pages(out.read_bytes(), dpi=300)
    assert len(pages) == len(expected) == 2  # the withdrawn procedures are left out
    for page, code in zip(pages, expected, strict=True):
        assert decode(page) == [f"{SITE_URL}/q/{code}/phong-qlhc"]


def test_unknown_unit_or_field_is_refused(bundled_app, tmp_path):
    runner = bundled_app.test_cli_runner()
    out = tmp_path / "x.pdf"
    result = runner.invoke(args=["qr", "posters", "--unit", "khong-co", "--out", str(out)])
    assert result.exit_code != 0 and "khong-co" in result.output
    result = runner.invoke(args=["qr", "posters", "--field", "khong-co", "--out", str(out)])
    assert result.exit_code != 0 and "khong-co" in result.output
    result = runner.invoke(args=["qr", "posters", "--size", "a3", "--out", str(out)])
    assert result.exit_code != 0
    assert not out.exists()


def test_staff_download_is_the_same_function(fixture_app):
    from tthc import clock
    from tthc.qr.posters import posters_pdf, select_procedures

    with fixture_app.test_request_context():
        procedures = select_procedures(field="cu-tru")
        body = posters_pdf(procedures, "a4", clock.today())
    assert [p.code for p in procedures] == ["1.000003", "1.004222"]
    assert len(PdfReader(io.BytesIO(body)).pages) == 2


@pytest.mark.slow
def test_whole_catalogue_a4_pdf_every_page_decodes_to_its_own_link(bundled_app, tmp_path):
    out = tmp_path / "all.pdf"
    make_posters(bundled_app, out)
    with bundled_app.app_context():
        expected = [f"{SITE_URL}/q/{p.code}" for p in get_catalog().active]
    pages = pdf_pages(out.read_bytes(), dpi=100)
    assert [decode(page) for page in pages] == [[url] for url in expected]
