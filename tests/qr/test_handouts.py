"""What-to-bring handouts (`flask qr handouts`) and the documents on the A4 poster."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tthc.catalog import get_catalog
from tthc.catalog.handout import choose_channel
from tthc.catalog.labels import CHANNELS
from tthc.qr.posters.layout import Box, Qr, Text
from tthc.text import nfc

from .conftest import SITE_URL
from .images import decode, degrade, pdf_pages
from .test_posters import _boxes, _overlap, pdf_text

A5_PT = (148 / 25.4 * 72, 210 / 25.4 * 72)


def words(text: str, count: int = 6) -> str:
    """The first words of a document's name: enough to find it, short of any ellipsis."""
    return " ".join(nfc(text).split()[:count])


def squeeze(text: str) -> str:
    """Text without spaces: a name wrapped over lines is still found whole."""
    return "".join(nfc(text).split())


def make_handouts(app, out, *options: str):
    result = app.test_cli_runner().invoke(args=["qr", "handouts", *options, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result


def test_handouts_of_a_field_one_a5_page_each_with_vietnamese_text(bundled_app, tmp_path):
    out = tmp_path / "cu-tru.pdf"
    result = make_handouts(bundled_app, out, "--field", "cu-tru")
    with bundled_app.app_context():
        procedures = get_catalog().in_field("cu-tru")
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) == len(procedures)
    for page, procedure in zip(reader.pages, procedures, strict=True):
        assert float(page.mediabox.width) == pytest.approx(A5_PT[0], abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(A5_PT[1], abs=0.5)
        text = nfc(" ".join(page.extract_text().split()))
        assert "GIẤY TỜ CẦN MANG" in text and procedure.code in text
        assert words(procedure.documents[0].name) in text, procedure.code
        # In person by default; a procedure without that channel shows its first one.
        channel = CHANNELS[choose_channel(procedure, "truc_tiep")]
        assert f"Thời hạn và phí, lệ phí: {channel}" in text
    images = pdf_pages(out.read_bytes(), dpi=200)
    assert decode(images[0]) == [f"{SITE_URL}/q/{procedures[0].code}"]
    assert decode(degrade(pdf_pages(out.read_bytes(), dpi=300)[0])) == [
        f"{SITE_URL}/q/{procedures[0].code}"
    ]
    assert f"{len(procedures)} handouts" in result.output


def test_handouts_show_the_chosen_channel(bundled_app, tmp_path):
    out = tmp_path / "online.pdf"
    make_handouts(bundled_app, out, "--field", "cu-tru", "--channel", "truc-tuyen")
    text = nfc(pdf_text(out.read_bytes()))
    assert "Thời hạn và phí, lệ phí: Trực tuyến" in text
    assert "10.000 ₫" in text  # đăng ký thường trú online


def test_handouts_refuse_unknown_options(bundled_app, tmp_path):
    runner = bundled_app.test_cli_runner()
    out = tmp_path / "x.pdf"
    for options in (["--field", "khong-co"], ["--unit", "khong-co"], ["--channel", "fax"]):
        result = runner.invoke(args=["qr", "handouts", *options, "--out", str(out)])
        assert result.exit_code != 0, options
    assert not out.exists()


def test_every_handout_fits_its_page_with_a_40_mm_qr_and_a_box_per_document(bundled_app):
    from tthc.qr.posters.handout_page import handout_content, handout_page

    shortened = {}
    with bundled_app.test_request_context():
        catalog = get_catalog()
        for procedure in catalog.active:
            content = handout_content(catalog, procedure, bundled_app.config["TODAY"])
            page = handout_page(content)
            (qr,) = [op for op in page.ops if isinstance(op, Qr)]
            assert qr.side >= 40
            qr_box = (qr.x, qr.y, qr.x + qr.side, qr.y + qr.side)
            boxes_drawn = len([op for op in page.ops if isinstance(op, Box)])
            assert 0 < boxes_drawn <= len(procedure.documents) or not procedure.documents
            # The text above the QR block is never under 9 pt, for elderly readers.
            body = [op for op in page.ops if isinstance(op, Text) and op.baseline < qr.y]
            assert min(op.size for op in body) >= 9, procedure.code
            # Whole documents: each printed one is there word for word; the rest are counted.
            text = squeeze("".join(op.text for op in body))
            names = [name for _case, names in content.cases for name in names]
            printed = [name for name in names if squeeze(name) in text]
            # (a name may stand under two cases, as "Giấy tờ của chủ xe")
            assert len(set(printed)) <= boxes_drawn <= len(printed), procedure.code
            assert "…" not in text
            if boxes_drawn < len(names):
                shortened[procedure.code] = f"{boxes_drawn}/{len(names)}"
                more = f"Còn{len(names) - boxes_drawn}giấytờkhác:xemđủtại"
                assert f"{more}tthc.example.gov.vn/thu-tuc/{procedure.code}/giay-to" in text
            boxes = list(_boxes(page))
            for i, (op, box) in enumerate(boxes):
                where = (procedure.code, op.text)
                assert box[0] >= 0 and box[2] <= page.width, where
                assert box[1] >= 0 and box[3] <= page.height - 1, where
                assert not _overlap(box, qr_box), where
                for other, other_box in boxes[i + 1 :]:
                    assert not _overlap(box, other_box), (*where, other.text)
    # The long official lists (permanent residence, security certificates) are the shortened.
    assert {"1.004222", "2.001478"} <= set(shortened), shortened
    print(f"\n{len(shortened)} A5 handouts shortened to whole documents: {shortened}")


@pytest.mark.parametrize("code", ["1.004222", "2.001195", "1.001456", "2.001478"])
def test_a4_poster_lists_documents_decodes_and_keeps_a_large_qr(bundled, bundled_app, code):
    from tthc.qr.posters.content import procedure_content
    from tthc.qr.posters.procedure_poster import procedure_page

    data = bundled.get(f"/qr/{code}/a4.pdf").data
    (image,) = pdf_pages(data)
    assert decode(image) == [f"{SITE_URL}/q/{code}"]
    text = nfc(pdf_text(data))
    with bundled_app.test_request_context():
        catalog = get_catalog()
        procedure = catalog.get(code)
        page = procedure_page(
            procedure_content(catalog, procedure, bundled_app.config["TODAY"]), "a4"
        )
    assert "Giấy tờ cần mang" in text
    first_case = procedure.document_cases[0][1]
    assert words(first_case[0].name) in text
    printed = [op for op in page.ops if isinstance(op, Text) and op.text.startswith("– ")]
    left_out = len(procedure.documents) - sum(
        squeeze(document.name) in squeeze(text) for document in procedure.documents
    )
    assert len(printed) >= 1
    if left_out:
        count = f"Còn {left_out} giấy tờ khác: xem đủ tại"
        assert f"{count} tthc.example.gov.vn/thu-tuc/{code}/giay-to" in text
    else:
        assert "xem đủ tại" not in text
    assert "…" not in text  # whole documents, never cut
    assert "Nơi nộp hồ sơ" in text
    assert next(op for op in page.ops if isinstance(op, Qr)).side >= 40


def test_a4_poster_gives_the_reception_hours_the_record_publishes(bundled):
    text = nfc(pdf_text(bundled.get("/qr/1.004222/a4.pdf").data))
    assert "Giờ tiếp nhận: Giờ hành chính các ngày làm việc từ thứ 2 đến thứ 6" in text
