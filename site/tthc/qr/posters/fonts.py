"""The bundled poster fonts, text measurement, and splitting text into Latin and Khmer runs."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from flask import current_app
from PIL import ImageFont, features

MM_PER_PT = 25.4 / 72
_MEASURE_SIZE = 1000  # measure at a large size once, scale linearly: exact for TrueType advances

# Vietnamese is written with precomposed letters after NFC: Noto Sans covers them all.
# Khmer needs its own font and complex shaping.
_KHMER = re.compile(r"([\u1780-\u17ff\u19e0-\u19ff]+)")

REGULAR = "NotoSans-Regular.ttf"
BOLD = "NotoSans-Bold.ttf"
KHMER = "NotoSansKhmer-Regular.ttf"


def fonts_dir() -> Path:
    return Path(current_app.config["STATIC_DIR"]) / "fonts"


def font_file(bold: bool = False, khmer: bool = False) -> Path:
    """Return the TTF for a run of text; never a system font."""
    name = KHMER if khmer else (BOLD if bold else REGULAR)
    path = fonts_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"poster font missing: {path}")
    return path


def runs(text: str) -> list[tuple[str, bool]]:
    """Split text into (piece, is_khmer) runs, in order, empty pieces dropped."""
    return [(piece, i % 2 == 1) for i, piece in enumerate(_KHMER.split(text)) if piece]


@lru_cache(maxsize=64)
def pil_font(path: str, size_px: int) -> ImageFont.FreeTypeFont:
    if not path.endswith(KHMER):
        return ImageFont.truetype(path, size_px, layout_engine=ImageFont.Layout.BASIC)
    # Khmer needs complex shaping (subscript consonants, reordered vowels): without raqm the
    # poster would print wrong text rather than fail, so refuse instead.
    if not features.check("raqm"):
        raise RuntimeError("Pillow is built without raqm: Khmer text cannot be shaped")
    return ImageFont.truetype(path, size_px, layout_engine=ImageFont.Layout.RAQM)


@lru_cache(maxsize=20_000)
def _width_units(piece: str, path: str) -> float:
    return pil_font(path, _MEASURE_SIZE).getlength(piece)


def width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """Return the printed width of a line of text in millimetres."""
    total = 0.0
    for piece, khmer in runs(text):
        path = str(font_file(bold=bold, khmer=khmer))
        total += _width_units(piece, path)
    return total / _MEASURE_SIZE * size_pt * MM_PER_PT


def wrap(text: str, width: float, size_pt: float, bold: bool = False) -> list[str]:
    """Break text into lines no wider than ``width`` mm, at spaces, or inside overlong words."""
    lines: list[str] = []
    current = ""
    space = width_mm(" ", size_pt, bold)
    current_width = 0.0
    for word in text.split():
        word_width = width_mm(word, size_pt, bold)
        if current and current_width + space + word_width <= width:
            current += " " + word
            current_width += space + word_width
            continue
        if current:
            lines.append(current)
        while word_width > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and width_mm(word[:cut], size_pt, bold) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
            word_width = width_mm(word, size_pt, bold)
        current, current_width = word, word_width
    if current:
        lines.append(current)
    return lines
