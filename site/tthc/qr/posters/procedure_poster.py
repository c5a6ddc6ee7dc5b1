"""Lay out the poster of one procedure on A4, A5 or a counter label."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tthc.catalog.handout import more_line, shorten
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
# The A4 poster lists what to bring in the space between the fees and where to go.
WITH_DOCUMENTS = {"a4"}
MIN_DOCUMENTS = 3  # a scale is chosen only if at least this many documents fit beside the rest
DOCUMENT_LINES = 2  # of each of the first documents, when choosing the scale
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
    if content.hours and fmt.name in WITH_DOCUMENTS:
        hours = "; ".join(content.hours)
        tail.append((_("Giờ tiếp nhận: %(hours)s", hours=hours), indented, 3))
    tail.append((_("Nộp hồ sơ trực tuyến"), heading, None))
    tail.append((content.online, indented, 2))

    limit = bottom_top - 2
    tail_height = sum(_height(col, block) for block in tail)
    documents = _documents(content, scale, fmt) if fmt.name in WITH_DOCUMENTS else None
    if documents:
        # A scale is chosen only if the first documents fit, at most two lines each.
        title, cases, see_all = documents
        case, items = cases[0]
        needed = [title, *([case] if case else [])]
        needed += [(text, style, DOCUMENT_LINES) for text, style, _n in items[:MIN_DOCUMENTS]]
        tail_height += sum(_height(col, block) for block in (*needed, see_all(99)))
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
    if documents:
        tail_height = sum(_height(col, block) for block in tail)
        _place_documents(col, documents, limit - tail_height)
    for block in tail:
        col.paragraph(*block)
    return page, col.y <= limit


# The heading, each case's heading (None for none) with one block per document, and the line
# that ends a shortened list, for a count of documents left out.
Documents = tuple[Block, list[tuple[Block | None, list[Block]]], Callable[[int], Block]]


def _documents(content: PosterContent, scale: float, fmt: Format) -> Documents | None:
    """Return the heading, the cases' blocks and the "see all" line of the documents."""
    if not any(documents for _case, documents in content.document_cases):
        return None
    b = fmt.base
    heading = (
        _("Giấy tờ cần mang"),
        Style(b * 1.1 * scale, bold=True, space_before=b * 0.35 * scale),
        None,
    )
    case_style = Style(b * 0.95 * scale, bold=True, space_before=b * 0.1 * scale)
    item = Style(b * 0.95 * scale, indent=4)
    cases: list[tuple[Block | None, list[Block]]] = [
        ((case, case_style, None) if case else None, [(f"– {name}", item, None) for name in names])
        for case, names in content.document_cases
        if names
    ]
    url = content.handout_url or content.qr_url.split("://", 1)[-1]
    more_style = Style(b * 0.95 * scale, bold=True, space_before=0.5)
    return heading, cases, lambda count: (more_line(count, url), more_style, None)


def _place_documents(col: Column, documents: Documents, bottom: float) -> None:
    """Draw the whole documents that fit above ``bottom``, chosen by the shared shortening;
    say how many more there are, and where, when some are left out."""
    heading, cases, more = documents
    col.paragraph(*heading)
    top = col.y

    def fits(selection: list[tuple[Block | None, list[Block]]], omitted: int) -> bool:
        blocks = [b for case, items in selection for b in ([case] if case else []) + items]
        if omitted:
            blocks.append(more(omitted))
        return top + sum(_height(col, block) for block in blocks) <= bottom

    kept = shorten(cases, fits)
    for case, items in kept.cases:
        for block in [case] if case else []:
            col.paragraph(*block)
        for block in items:
            col.paragraph(*block)
    if kept.omitted:
        col.paragraph(*more(kept.omitted))


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
