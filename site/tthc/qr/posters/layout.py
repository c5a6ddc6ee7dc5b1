"""A poster page as a list of positioned drawing operations, shared by the PDF and PNG renderers."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tthc.qr.posters.fonts import MM_PER_PT, width_mm, wrap
from tthc.text import nfc

LINE_HEIGHT = 1.3  # line box in multiples of the font size
ASCENT = 1.0  # baseline below the top of the line box, in multiples of the font size

GREY = (90, 90, 90)
BLACK = (0, 0, 0)


@dataclass(frozen=True)
class Text:
    """One line of text; ``x`` is the left edge and ``baseline`` the baseline, in mm."""

    x: float
    baseline: float
    text: str
    size: float
    bold: bool = False
    color: tuple[int, int, int] = BLACK


@dataclass(frozen=True)
class Rule:
    x1: float
    x2: float
    y: float
    thickness: float = 0.4


@dataclass(frozen=True)
class Qr:
    """A QR symbol (quiet zone included) drawn in a square of side ``side`` mm."""

    x: float
    y: float
    side: float
    url: str


@dataclass(frozen=True)
class Box:
    """An empty square to tick by hand (the checklist of a handout), side ``side`` mm."""

    x: float
    y: float
    side: float
    thickness: float = 0.3


Op = Text | Rule | Qr | Box


@dataclass
class Page:
    width: float
    height: float
    ops: list[Op] = field(default_factory=list)


@dataclass(frozen=True)
class Style:
    size: float
    bold: bool = False
    color: tuple[int, int, int] = BLACK
    indent: float = 0.0
    space_before: float = 0.0  # mm
    align: str = "left"


def line_height(size_pt: float) -> float:
    return size_pt * LINE_HEIGHT * MM_PER_PT


@dataclass
class Column:
    """Stack wrapped paragraphs downwards from ``top`` inside a column of width ``width``."""

    page: Page
    x: float
    top: float
    width: float
    y: float = 0.0

    def __post_init__(self) -> None:
        self.y = self.top

    def paragraph(self, text: str, style: Style, max_lines: int | None = None) -> None:
        self.y += style.space_before
        ops, height = paragraph_ops(self.x, self.y, self.width, text, style, max_lines)
        self.page.ops.extend(ops)
        self.y += height

    def rule(self, gap: float = 2.0, thickness: float = 0.4) -> None:
        self.y += gap
        self.page.ops.append(Rule(self.x, self.x + self.width, self.y, thickness))
        self.y += gap


def paragraph_ops(
    x: float, top: float, width: float, text: str, style: Style, max_lines: int | None = None
) -> tuple[list[Text], float]:
    """Return the lines of a wrapped paragraph and its height in mm."""
    inner = width - style.indent
    lines = wrap(nfc(text), inner, style.size, style.bold)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _ellipsize(lines[-1], inner, style)
    step = line_height(style.size)
    ops = []
    for i, line in enumerate(lines):
        left = x + style.indent
        if style.align == "center":
            left = x + (width - width_mm(line, style.size, style.bold)) / 2
        baseline = top + i * step + style.size * ASCENT * MM_PER_PT
        ops.append(Text(left, baseline, line, style.size, style.bold, style.color))
    return ops, len(lines) * step


def _ellipsize(line: str, width: float, style: Style) -> str:
    while line and width_mm(line + "…", style.size, style.bold) > width:
        line = line[:-1].rstrip()
    return line + "…"


def moved(ops: list[Text], top: float) -> list[Text]:
    """Return text lines laid out from y = 0 moved down so their box starts at ``top``."""
    return [replace(op, baseline=op.baseline + top) for op in ops]
