"""Render poster pages as one vector PDF with embedded Noto fonts and selectable text."""

from __future__ import annotations

from collections.abc import Iterable

from fpdf import FPDF

from tthc.qr.codes import dark_runs, matrix
from tthc.qr.posters.fonts import font_file, runs, width_mm
from tthc.qr.posters.layout import Box, Page, Qr, Rule, Text

try:
    import uharfbuzz  # noqa: F401 - fpdf2 shapes text with it

    HAS_HARFBUZZ = True
except ImportError:  # pragma: no cover - a dependency; Vietnamese renders without it
    HAS_HARFBUZZ = False

FAMILY = "NotoSans"
KHMER_FAMILY = "NotoSansKhmer"


def new_document(title: str, author: str) -> FPDF:
    pdf = FPDF(unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.c_margin = 0
    pdf.set_compression(True)
    pdf.add_font(FAMILY, "", str(font_file()))
    pdf.add_font(FAMILY, "B", str(font_file(bold=True)))
    pdf.add_font(KHMER_FAMILY, "", str(font_file(khmer=True)))
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creator("tthc")
    pdf.set_lang("vi")
    return pdf


def add_page(pdf: FPDF, page: Page) -> None:
    pdf.add_page(format=(page.width, page.height))
    for op in page.ops:
        if isinstance(op, Text):
            _draw_text(pdf, op)
        elif isinstance(op, Rule):
            pdf.set_draw_color(0, 0, 0)
            pdf.set_line_width(op.thickness)
            pdf.line(op.x1, op.y, op.x2, op.y)
        elif isinstance(op, Qr):
            _draw_qr(pdf, op)
        elif isinstance(op, Box):
            pdf.set_draw_color(0, 0, 0)
            pdf.set_line_width(op.thickness)
            pdf.rect(op.x, op.y, op.side, op.side, style="D")


def _draw_text(pdf: FPDF, op: Text) -> None:
    pdf.set_text_color(*op.color)
    x = op.x
    for piece, khmer in runs(op.text):
        if khmer:
            _draw_shaped(pdf, x, op, piece)
        else:
            pdf.set_font(FAMILY, "B" if op.bold else "", op.size)
            pdf.text(x, op.baseline, piece)
        x += width_mm(piece, op.size, op.bold)


def _draw_shaped(pdf: FPDF, x: float, op: Text, piece: str) -> None:
    # Khmer needs HarfBuzz to place subscript consonants and vowels, and FPDF.text() does not
    # shape: a one-line cell does. Vietnamese in NFC is one glyph per letter and skips this.
    _shaping(pdf, True)
    pdf.set_font(KHMER_FAMILY, "", op.size)
    height = pdf.font_size
    # fpdf2 puts a cell's baseline at half its height plus 0.3 of the font size.
    pdf.set_xy(x, op.baseline - 0.5 * height - 0.3 * pdf.font_size)
    pdf.cell(w=0, h=height, text=piece)
    _shaping(pdf, False)


def _shaping(pdf: FPDF, wanted: bool) -> None:
    wanted = wanted and HAS_HARFBUZZ
    if bool(pdf.text_shaping) != wanted:
        pdf.set_text_shaping(wanted)


def _draw_qr(pdf: FPDF, op: Qr) -> None:
    modules = matrix(op.url)
    module = op.side / len(modules)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(op.x, op.y, op.side, op.side, style="F")
    pdf.set_fill_color(0, 0, 0)
    # Runs overlap their neighbours by a hair so no white seams appear when rasterised.
    for y, x, length in dark_runs(modules):
        pdf.rect(op.x + x * module, op.y + y * module, length * module, module * 1.02, style="F")


def render(pages: Iterable[Page], title: str, author: str) -> bytes:
    """Return the PDF bytes of the pages, in order."""
    pdf = new_document(title, author)
    for page in pages:
        add_page(pdf, page)
    return bytes(pdf.output())
