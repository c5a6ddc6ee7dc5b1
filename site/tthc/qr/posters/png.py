"""Render one poster page as a 300 dpi PNG preview with the same layout as the PDF."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from tthc.qr.codes import matrix
from tthc.qr.posters.fonts import MM_PER_PT, font_file, pil_font, runs
from tthc.qr.posters.layout import Box, Page, Qr, Rule, Text

DPI = 300


def px(mm: float) -> int:
    return round(mm / 25.4 * DPI)


def render(page: Page) -> bytes:
    """Return the PNG bytes of a page at 300 dpi (greyscale, white background)."""
    image = Image.new("L", (px(page.width), px(page.height)), 255)
    draw = ImageDraw.Draw(image)
    for op in page.ops:
        if isinstance(op, Text):
            _draw_text(draw, op)
        elif isinstance(op, Rule):
            draw.rectangle(
                (px(op.x1), px(op.y - op.thickness / 2), px(op.x2), px(op.y + op.thickness / 2)),
                fill=0,
            )
        elif isinstance(op, Qr):
            _draw_qr(image, op)
        elif isinstance(op, Box):
            box = (px(op.x), px(op.y), px(op.x + op.side), px(op.y + op.side))
            draw.rectangle(box, outline=0, width=max(1, px(op.thickness)))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(DPI, DPI), compress_level=6)
    return buffer.getvalue()


def _draw_text(draw: ImageDraw.ImageDraw, op: Text) -> None:
    size_px = max(1, round(op.size * MM_PER_PT / 25.4 * DPI))
    x = op.x / 25.4 * DPI
    y = px(op.baseline)
    grey = round(sum(op.color) / 3)
    for piece, khmer in runs(op.text):
        font = pil_font(str(font_file(bold=op.bold and not khmer, khmer=khmer)), size_px)
        draw.text((x, y), piece, font=font, fill=grey, anchor="ls")
        x += font.getlength(piece)


def _draw_qr(image: Image.Image, op: Qr) -> None:
    modules = matrix(op.url)
    count = len(modules)
    side = px(op.side)
    scale = max(1, side // count)  # whole pixels per module keep the symbol crisp
    symbol = Image.new("L", (count, count), 255)
    symbol.putdata([0 if dark else 255 for row in modules for dark in row])
    symbol = symbol.resize((count * scale, count * scale), Image.Resampling.NEAREST)
    box = Image.new("L", (side, side), 255)
    offset = (side - count * scale) // 2
    box.paste(symbol, (offset, offset))
    image.paste(box, (px(op.x), px(op.y)))
