"""Khmer text on posters: its own bundled font, shaped the same way in the PDF and the PNG."""

from __future__ import annotations

import io

from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader

from tthc.qr.posters import pdf, png
from tthc.qr.posters.fonts import runs
from tthc.qr.posters.layout import Page, Text

from .images import pdf_pages

KHMER = "ស្កេនកូដដើម្បីមើលការណែនាំចុងក្រោយ"


def test_runs_split_khmer_from_latin():
    assert runs(f"Quét mã · {KHMER} · 1.004222") == [
        ("Quét mã · ", False),
        (KHMER, True),
        (" · 1.004222", False),
    ]


def test_khmer_renders_alike_in_pdf_and_png(bundled_app):
    page = Page(148, 30, [Text(10, 20, f"Quét mã {KHMER}", 16)])
    with bundled_app.test_request_context():
        pdf_bytes = pdf.render([page], "t", "a")
        png_bytes = png.render(page)
    fonts = {
        str(font.get_object()["/BaseFont"])
        for font in PdfReader(io.BytesIO(pdf_bytes)).pages[0]["/Resources"]["/Font"].values()
    }
    assert any("NotoSansKhmer" in name for name in fonts)
    (rendered,) = pdf_pages(pdf_bytes, dpi=300)
    preview = Image.open(io.BytesIO(png_bytes)).convert("L").resize(rendered.size)
    difference = ImageStat.Stat(ImageChops.difference(rendered.convert("L"), preview)).mean[0]
    # Shaped by HarfBuzz in both: about 4; the PDF unshaped (subscripts misplaced) gives about 7.5.
    assert difference < 5.5


def test_poster_in_khmer_interface_still_renders(bundled):
    response = bundled.get("/qr/1.004222/a4.pdf?lang=km")
    assert response.status_code == 200
    assert "Accept-Language" in response.headers["Vary"]


def test_khmer_posters_need_pillow_with_raqm():
    from PIL import features

    assert features.check("raqm"), "Pillow must be built with raqm to shape Khmer on posters"


def test_without_raqm_khmer_fails_loudly_instead_of_printing_broken_text(monkeypatch):
    import pytest
    from PIL import features

    from support import ROOT
    from tthc.qr.posters import fonts

    bundled = ROOT / "static" / "fonts"
    monkeypatch.setattr(features, "check", lambda name: False)
    fonts.pil_font.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="raqm"):
            fonts.pil_font(str(bundled / fonts.KHMER), 20)
        assert fonts.pil_font(str(bundled / fonts.REGULAR), 20)
    finally:
        fonts.pil_font.cache_clear()
