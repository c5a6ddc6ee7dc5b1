"""Posters: the QR on them decodes, the text is selectable Vietnamese, fees are those of the day."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tthc.catalog import get_catalog
from tthc.qr.posters.layout import Qr, Text
from tthc.text import nfc

from .conftest import SITE_URL
from .images import decode, degrade, pdf_pages, png_image

A4_PX = (2480, 3508)  # 300 dpi
A5_PX = (1748, 2480)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.parametrize(("size", "pixels"), [("a4", A4_PX), ("a5", A5_PX), ("label", None)])
def test_poster_png_is_300_dpi_and_its_qr_decodes(bundled, size, pixels):
    response = bundled.get(f"/qr/1.004222/{size}.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    image = png_image(response.data)
    if pixels:
        assert image.size == pixels
    assert tuple(round(v) for v in image.info["dpi"]) == (300, 300)
    assert decode(image) == [f"{SITE_URL}/q/1.004222"]
    assert decode(degrade(image)) == [f"{SITE_URL}/q/1.004222"]


@pytest.mark.parametrize("size", ["a4", "a5", "label"])
def test_poster_pdf_decodes_when_rasterised_and_keeps_vietnamese_text(bundled, size):
    response = bundled.get(f"/qr/2.001195/{size}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    (page,) = pdf_pages(response.data)
    assert decode(page) == [f"{SITE_URL}/q/2.001195"]
    assert decode(degrade(pdf_pages(response.data, dpi=300)[0])) == [f"{SITE_URL}/q/2.001195"]
    text = nfc(pdf_text(response.data))
    assert "Cấp đổi thẻ căn cước" in text
    assert "Quét mã để xem hướng dẫn mới nhất" in text
    assert "2.001195" in text


def test_pdf_page_sizes(bundled):
    for size, (width, height) in {"a4": (210, 297), "a5": (148, 210), "label": (100, 70)}.items():
        reader = PdfReader(io.BytesIO(bundled.get(f"/qr/1.004222/{size}.pdf").data))
        box = reader.pages[0].mediabox
        assert float(box.width) == pytest.approx(width / 25.4 * 72, abs=0.5)
        assert float(box.height) == pytest.approx(height / 25.4 * 72, abs=0.5)


def test_pdf_embeds_only_the_bundled_noto_fonts(bundled):
    reader = PdfReader(io.BytesIO(bundled.get("/qr/1.004222/a4.pdf").data))
    fonts = set()
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        fonts.add(str(font["/BaseFont"]))
        descendant = font["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"]  # embedded, never a system font
    assert fonts and all("NotoSans" in name for name in fonts)


def test_a4_poster_content_on_the_print_date(fixture_client):
    text = nfc(pdf_text(fixture_client.get("/qr/2.001195/a4.pdf").data))
    assert "CÔNG AN TỈNH THỬ NGHIỆM" in text
    assert "Cấp đổi thẻ căn cước (cấp tỉnh)" in text
    assert "Mã thủ tục: 2.001195" in text
    assert "Trực tiếp" in text and "Trực tuyến" in text
    assert "7 ngày làm việc" in text
    # The 50 % reduction is in force on 28/11/2026, the full fee only from 2027.
    assert "25.000" in text and "31/12/2026" in text
    assert "50.000" not in text
    assert "Phòng Cảnh sát quản lý hành chính về trật tự xã hội" in text  # where to submit
    assert "Số 1 Đường Thử" in text
    assert "Dịch vụ công trực tuyến một phần" in text  # online: yes
    assert "0299 3 888 999" in text  # hotline
    assert "In ngày 28/11/2026" in text
    assert "thu-nghiem" not in text  # the site URL comes from SITE_URL, not agency.yaml


def test_fees_change_with_the_print_date(tmp_path):
    import datetime as dt

    from support import make_app

    from .conftest import FIXTURE_PROCEDURES

    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURE_PROCEDURES), TODAY=dt.date(2027, 1, 4))
    text = nfc(pdf_text(app.test_client().get("/qr/2.001195/a4.pdf").data))
    assert "50.000" in text and "25.000" not in text
    assert "In ngày 04/01/2027" in text


def test_poster_without_hotline_gives_the_feedback_address(bundled, bundled_app):
    with bundled_app.app_context():
        assert get_catalog().agency.hotline is None
        version = get_catalog().version
    text = nfc(pdf_text(bundled.get("/qr/1.004222/a4.pdf").data))
    assert "Phản ánh, kiến nghị tại tthc.example.gov.vn/" in text
    assert f"Phiên bản dữ liệu {version}" in text


def test_whether_it_can_be_done_online_is_said(fixture_app):
    from tthc.catalog.models import Channel
    from tthc.qr.posters.content import procedure_content

    with fixture_app.test_request_context():
        catalog = get_catalog()
        day = fixture_app.config["TODAY"]
        with_service = procedure_content(catalog, catalog.get("1.004222"), day)
        assert with_service.online == (
            "Có: Dịch vụ công trực tuyến toàn trình tại dichvucong.bocongan.gov.vn"
        )
        long = catalog.get("1.000003")  # online channels, no online-service record
        assert procedure_content(catalog, long, day).online == "Có"
        offline = long.model_copy(
            update={"channels": [c for c in long.channels if c.channel is not Channel.ONLINE]}
        )
        assert procedure_content(catalog, offline, day).online == "Chưa thực hiện được trực tuyến"


def test_unit_poster_encodes_the_counter_and_names_it(fixture_client):
    response = fixture_client.get("/qr/1.004222/a4.png?unit=cong-an-xa")
    assert decode(png_image(response.data)) == [f"{SITE_URL}/q/1.004222/cong-an-xa"]
    text = nfc(pdf_text(fixture_client.get("/qr/1.004222/a5.pdf?unit=cong-an-xa").data))
    assert "Công an xã, phường nơi cư trú" in text
    assert fixture_client.get("/qr/1.004222/a4.pdf?unit=khong-co").status_code == 404


def _boxes(page):
    from tthc.qr.posters.fonts import MM_PER_PT, width_mm

    for op in page.ops:
        if isinstance(op, Text):
            height = op.size * MM_PER_PT
            width = width_mm(op.text, op.size, op.bold)
            yield op, (op.x, op.baseline - 0.8 * height, op.x + width, op.baseline + 0.2 * height)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("size", ["a4", "a5", "label"])
@pytest.mark.parametrize("which", ["fixture_app", "bundled_app"])
def test_every_text_line_stays_on_the_page_and_clear_of_the_rest(request, which, size):
    from tthc.qr.posters.content import procedure_content
    from tthc.qr.posters.procedure_poster import procedure_page

    app = request.getfixturevalue(which)
    with app.test_request_context():
        catalog = get_catalog()
        for procedure in catalog.active:
            page = procedure_page(procedure_content(catalog, procedure, app.config["TODAY"]), size)
            qr = next(op for op in page.ops if isinstance(op, Qr))
            qr_box = (qr.x, qr.y, qr.x + qr.side, qr.y + qr.side)
            boxes = list(_boxes(page))
            for i, (op, box) in enumerate(boxes):
                where = (procedure.code, op.text)
                assert box[0] >= 0 and box[2] <= page.width, where
                assert box[1] >= 0 and box[3] <= page.height - 1, where
                assert not _overlap(box, qr_box), where
                for other, other_box in boxes[i + 1 :]:
                    assert not _overlap(box, other_box), (*where, other.text)


def test_long_procedure_keeps_every_section(fixture_client):
    data = fixture_client.get("/qr/1.000003/a5.pdf").data
    text = nfc(pdf_text(data))
    for needed in ("Nơi nộp hồ sơ", "Nộp hồ sơ trực tuyến", "15 ngày làm việc", "2 tháng"):
        assert needed in text
    assert "Xác minh" in text or "xác minh" in text
    assert decode(pdf_pages(data)[0]) == [f"{SITE_URL}/q/1.000003"]


def test_too_many_channels_are_cut_with_a_pointer_to_the_qr(fixture_app):
    from dataclasses import replace

    from tthc.qr.posters.content import ChannelLine, procedure_content
    from tthc.qr.posters.procedure_poster import procedure_page

    with fixture_app.test_request_context():
        catalog = get_catalog()
        content = procedure_content(catalog, catalog.get("1.004222"), fixture_app.config["TODAY"])
        line = ChannelLine
        many = [line(f"Trực tiếp (trường hợp {i})", "7 ngày", ["20.000 ₫"]) for i in range(60)]
        page = procedure_page(replace(content, channels=many), "a5")
    lines = [op.text for op in page.ops if isinstance(op, Text)]
    assert "… Quét mã để xem đầy đủ." in lines
    assert "Nơi nộp hồ sơ" in lines and "Nộp hồ sơ trực tuyến" in lines
    qr = next(op for op in page.ops if isinstance(op, Qr))
    body = [op for op in page.ops if isinstance(op, Text) and op.x < qr.x + qr.side]
    assert all(op.baseline < qr.y or op.baseline > qr.y + qr.side for op in body)


def test_poster_of_a_withdrawn_procedure_is_410(fixture_client):
    assert fixture_client.get("/qr/1.000001/a4.pdf").status_code == 410
    assert fixture_client.get("/qr/1.000002/label.png").status_code == 410


@pytest.mark.parametrize(
    "url", ["/qr/1.004222/a3.pdf", "/qr/1.004222/a4.jpg", "/qr/9.999999/a4.pdf", "/qr/lv/x.pdf"]
)
def test_unknown_poster_is_a_clear_404(bundled, url):
    response = bundled.get(url)
    assert response.status_code == 404
    assert "<h1>" in response.get_data(as_text=True)


def test_posters_are_cached_per_day_with_an_etag(bundled):
    first = bundled.get("/qr/1.004222/label.pdf")
    assert "max-age=3600" in first.headers["Cache-Control"]
    again = bundled.get("/qr/1.004222/label.pdf", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_field_poster_has_one_decodable_qr_per_procedure(bundled, bundled_app):
    with bundled_app.app_context():
        procedures = get_catalog().in_field("cu-tru")
    expected = {f"{SITE_URL}/q/{p.code}" for p in procedures} | {f"{SITE_URL}/q/lv/cu-tru"}
    response = bundled.get("/qr/lv/cu-tru.pdf")
    assert response.status_code == 200
    found = set()
    for page in pdf_pages(response.data, dpi=250):
        found.update(decode(page))
    assert found == expected
    text = nfc(pdf_text(response.data))
    assert "Đăng ký, quản lý cư trú" in text
    for procedure in procedures:
        assert procedure.code in text
    png = png_image(bundled.get("/qr/lv/cu-tru.png").data)
    assert f"{SITE_URL}/q/lv/cu-tru" in decode(png)


def test_field_poster_pages(bundled, bundled_app):
    with bundled_app.app_context():
        catalog = get_catalog()
        field, count = max(catalog.field_counts(), key=lambda item: item[1])
    reader = PdfReader(io.BytesIO(bundled.get(f"/qr/lv/{field.slug}.pdf").data))
    assert len(reader.pages) == -(-count // 16)
    last = len(reader.pages)
    assert bundled.get(f"/qr/lv/{field.slug}.png?page={last}").status_code == 200
    assert bundled.get(f"/qr/lv/{field.slug}.png?page={last + 1}").status_code == 404
    assert bundled.get(f"/qr/lv/{field.slug}.png?page=abc").status_code == 400


def test_field_poster_for_a_unit_encodes_the_unit(fixture_client):
    response = fixture_client.get("/qr/lv/cu-tru.pdf?unit=cong-an-xa")
    assert response.status_code == 200
    found = set()
    for page in pdf_pages(response.data, dpi=250):
        found.update(decode(page))
    assert found == {
        f"{SITE_URL}/q/lv/cu-tru",
        f"{SITE_URL}/q/1.000003/cong-an-xa",
        f"{SITE_URL}/q/1.004222/cong-an-xa",
    }
    assert "Công an xã, phường nơi cư trú" in nfc(pdf_text(response.data))
    assert fixture_client.get("/qr/lv/cu-tru.pdf?unit=khong-co").status_code == 404


def test_posters_are_rate_limited_per_client(tmp_path):
    from support import make_app

    app = make_app(tmp_path, RATELIMIT_ENABLED=True, QR_POSTER_RATE_LIMIT="3 per minute")
    client = app.test_client()
    statuses = [client.get("/qr/1.004222/label.pdf").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/qr/1.004222.png").status_code == 200  # QR images are not limited
    assert client.get("/q/1.004222").status_code == 302  # nor the short links
