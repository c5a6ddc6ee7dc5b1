"""Lay out the poster of one procedure on A4, A5 or a counter label."""

from __future__ import annotations

from dataclasses import dataclass

from tthc.i18n import _
from tthc.qr.posters.content import PosterContent
from tthc.qr.posters.fonts import wrap
from tthc.qr.posters.layout import (
    GREY,
    Column,
    Page,
    Qr,
    Style,
    line_height,
    moved,
    paragraph_ops,
)


@dataclass(frozen=True)
class Format:
    """Page size, margins, QR side and base font size of one poster format, in mm and pt."""

    name: str
    width: float
    height: float
    margin: float
    qr: float
    base: float  # body text size in pt; headings scale from it


FORMATS = {
    "a4": Format("a4", 210, 297, 14, 62, 11.5),
    "a5": Format("a5", 148, 210, 10, 46, 8.5),
    "label": Format("label", 100, 70, 4, 40, 6.5),
}
# Larger text first, for elderly readers, when the procedure is short enough to allow it.
SCALES = (1.4, 1.25, 1.12, 1.0, 0.92, 0.85, 0.78, 0.72)
MAX_PLACES = 4

Block = tuple[str, Style, int | None]  # text, style, most lines


def procedure_page(content: PosterContent, size: str) -> Page:
    """Return the poster page with the largest text that fits.

    Each channel gets its own lines when there is room, one compact line otherwise; past the
    smallest text, channels are cut, never where to submit nor whether it can be done online.
    """
    fmt = FORMATS[size]
    if fmt.name == "label":
        return _label(content, fmt)
    for compact in (False, True):
        for scale in SCALES:
            page, fits = _poster(content, fmt, scale, compact, cut=False)
            if fits:
                return page
    page, _fits = _poster(content, fmt, SCALES[-1], compact=True, cut=True)
    return page


def _poster(
    content: PosterContent, fmt: Format, scale: float, compact: bool, cut: bool
) -> tuple[Page, bool]:
    page = Page(fmt.width, fmt.height)
    m, b = fmt.margin, fmt.base
    width = fmt.width - 2 * m
    bottom_top = _bottom(page, content, fmt)
    col = Column(page, m, m, width)
    if content.parent:
        col.paragraph(content.parent.upper(), Style(b * 0.85, align="center"))
    col.paragraph(content.agency.upper(), Style(b * 1.05, bold=True, align="center"))
    col.rule(gap=b * 0.25)
    if content.translated_name:
        col.paragraph(content.translated_name, Style(b * 1.6 * scale, bold=True), max_lines=4)
        official = _("Tên chính thức (tiếng Việt):") + " " + content.name
        col.paragraph(official, Style(b * 1.05 * scale, bold=True, space_before=1), max_lines=4)
    else:
        col.paragraph(content.name, Style(b * 1.75 * scale, bold=True), max_lines=5)
    meta = _("Mã thủ tục: %(code)s · Lĩnh vực: %(field)s", code=content.code, field=content.field)
    col.paragraph(meta, Style(b * 0.9 * scale, color=GREY, space_before=1.5))

    heading = Style(b * 1.1 * scale, bold=True, space_before=b * 0.35 * scale)
    label = Style(b * scale, bold=True, space_before=b * 0.15 * scale)
    indented = Style(b * scale, indent=4)
    channels: list[Block] = []
    for channel in content.channels:
        if compact:
            text = f"{channel.label}: {channel.time}; {'; '.join(channel.fees)}"
            channels.append((text, Style(b * scale, space_before=b * 0.1 * scale), 2))
            continue
        channels.append((channel.label, label, 2))
        channels.append((_("Thời hạn: %(time)s", time=channel.time), indented, None))
        channels.extend((f"– {fee}", indented, 2) for fee in channel.fees)
    places = content.places[:MAX_PLACES]
    if len(content.places) > MAX_PLACES:
        places.append(_("và %(count)d nơi khác", count=len(content.places) - MAX_PLACES))
    tail: list[Block] = [(_("Nơi nộp hồ sơ"), heading, None)]
    tail.extend((f"– {place}", indented, 2) for place in places)
    tail.append((_("Nộp hồ sơ trực tuyến"), heading, None))
    tail.append((content.online, indented, 2))

    limit = bottom_top - 2
    tail_height = sum(_height(col, block) for block in tail)
    col.paragraph(_("Thời hạn giải quyết và phí, lệ phí"), heading)
    more = Style(b * scale, bold=True, space_before=b * 0.15 * scale)
    more_height = _height(col, (_("… Quét mã để xem đầy đủ."), more, None))
    for i, block in enumerate(channels):
        rest = tail_height if i == len(channels) - 1 else tail_height + more_height
        if col.y + _height(col, block) + rest > limit:
            if not cut:
                return page, False
            # i18n: ends a poster's list of channels that did not fit on the page
            col.paragraph(_("… Quét mã để xem đầy đủ."), more)
            break
        col.paragraph(*block)
    for block in tail:
        col.paragraph(*block)
    return page, col.y <= limit


def _height(col: Column, block: Block) -> float:
    text, style, max_lines = block
    _ops, height = paragraph_ops(col.x, 0, col.width, text, style, max_lines)
    return style.space_before + height


def _bottom(page: Page, content: PosterContent, fmt: Format) -> float:
    """Draw the QR block and the small print at the bottom; return the top of the block."""
    m, b = fmt.margin, fmt.base
    small = Style(b * 0.65, color=GREY)
    small_ops, small_height = paragraph_ops(
        m, 0, fmt.width - 2 * m, content.small_print, small
    )
    small_top = fmt.height - m - small_height
    page.ops.extend(moved(small_ops, small_top))
    qr_top = small_top - 2 - fmt.qr
    page.ops.append(Qr(m, qr_top, fmt.qr, content.qr_url))
    text_x = m + fmt.qr + 4
    col = Column(page, text_x, qr_top + fmt.qr * 0.12, fmt.width - m - text_x)
    col.paragraph(content.scan_hint, Style(b * 1.35, bold=True))
    col.paragraph(content.qr_url.split("://", 1)[-1], Style(b * 0.9, space_before=1.5))
    col.paragraph(content.feedback, Style(b * 0.9, space_before=b * 0.4))
    return qr_top


def _label(content: PosterContent, fmt: Format) -> Page:
    """A small counter label: the QR on the left, name, code and times on the right."""
    page = Page(fmt.width, fmt.height)
    m, b = fmt.margin, fmt.base
    small = Style(b * 0.75, color=GREY)
    small_ops, small_height = paragraph_ops(m, 0, fmt.width - 2 * m, content.small_print, small)
    small_top = fmt.height - m - small_height
    page.ops.extend(moved(small_ops, small_top))
    qr_top = (small_top - fmt.qr) / 2 + 2
    page.ops.append(Qr(m - 1, qr_top, fmt.qr, content.qr_url))
    x = m + fmt.qr + 1
    col = Column(page, x, m, fmt.width - m - x)
    col.paragraph(content.agency, Style(b * 0.9, color=GREY), max_lines=2)
    title = next(
        (
            style
            for style in (Style(b * f, bold=True, space_before=1) for f in (1.5, 1.3, 1.15))
            if len(wrap(content.short_name, col.width, style.size, bold=True)) <= 4
        ),
        Style(b * 1.15, bold=True, space_before=1),
    )
    if content.translated_name:
        col.paragraph(content.translated_name, title, max_lines=3)
        col.paragraph(content.short_name, Style(b * 0.9, bold=True), max_lines=2)
    else:
        col.paragraph(content.short_name, title, max_lines=4)
    col.paragraph(content.code, Style(b, space_before=0.5))
    col.paragraph(content.scan_hint, Style(b * 1.05, bold=True, space_before=1.5), max_lines=2)
    limit = small_top - 1
    for channel in content.channels:
        text = f"{channel.label}: {channel.time} · {', '.join(channel.amounts)}"
        ops, height = paragraph_ops(col.x, col.y + 0.6, col.width, text, Style(b * 0.9), 2)
        if col.y + 0.6 + height > limit - line_height(b * 0.9):
            col.paragraph("…", Style(b * 0.9))
            break
        page.ops.extend(ops)
        col.y += 0.6 + height
    return page
