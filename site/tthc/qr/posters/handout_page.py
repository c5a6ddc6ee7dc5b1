"""The what-to-bring handout on one A5 sheet: documents to tick, fee and time, where to go, QR."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tthc.catalog import Catalog
from tthc.catalog.handout import handout
from tthc.catalog.labels import CHANNELS
from tthc.catalog.models import Channel, Document, Procedure
from tthc.i18n import _
from tthc.qr.posters.content import PosterContent, _channel_line, procedure_content
from tthc.qr.posters.fonts import wrap
from tthc.qr.posters.layout import GREY, Box, Column, Page, Style, line_height
from tthc.qr.posters.procedure_poster import Format, _bottom
from tthc.text import nfc

# Sized for A5 with a 40 mm QR code, the smallest that scans well from a sheet held in a hand.
HANDOUT = Format("handout", 148, 210, 9, 40, 8.5)
SCALES = (1.12, 1.0, 0.92, 0.85, 0.78)
DOCUMENT_LINES = 3


@dataclass(frozen=True)
class HandoutContent:
    poster: PosterContent  # agency, name, code, field, places, QR and small print
    channel: str
    cases: list[tuple[str, list[str]]]  # case heading ("" for none), documents with amounts
    forms: list[str]
    lines: list[str]  # time and fees of the chosen channel
    hours: list[str]


def _amount(document: Document) -> str:
    parts = []
    if document.originals:
        parts.append(_("%(originals)s bản chính", originals=document.originals))
    if document.copies:
        parts.append(_("%(copies)s bản sao", copies=document.copies))
    if document.form:
        parts.append(_("Mẫu %(form)s", form=document.form))
    if not document.required:
        parts.append(_("Không bắt buộc"))
    return f" ({', '.join(parts)})" if parts else ""


def handout_content(
    catalog: Catalog, procedure: Procedure, day: dt.date, channel: str | None = None
) -> HandoutContent:
    """Collect the handout's texts for one channel, fees as in force on ``day``."""
    chosen = handout(catalog, procedure, channel)
    lines = []
    for option in chosen.options:
        line = _channel_line(option, day)
        label = f"{option.case}: " if option.case else ""
        lines.append(nfc(f"{label}{line.time}; {'; '.join(line.fees)}"))
    forms = [form.code for form in chosen.forms]
    return HandoutContent(
        poster=procedure_content(catalog, procedure, day),
        channel=nfc(str(CHANNELS[chosen.channel])),
        cases=[
            (nfc(case or ""), [nfc(d.name + _amount(d)) for d in documents])
            for case, documents in chosen.cases
        ],
        forms=forms,
        lines=lines,
        hours=[nfc(text) for text in chosen.hours],
    )


def handout_page(content: HandoutContent) -> Page:
    """Return the handout with the largest text that fits; past the smallest, cut documents."""
    for scale in SCALES:
        page, fits = _layout(content, scale, cut=False)
        if fits:
            return page
    page, _fits = _layout(content, SCALES[-1], cut=True)
    return page


def _layout(content: HandoutContent, scale: float, cut: bool) -> tuple[Page, bool]:
    fmt = HANDOUT
    page = Page(fmt.width, fmt.height)
    m, b = fmt.margin, fmt.base * scale
    poster = content.poster
    limit = _bottom(page, poster, fmt) - 2
    col = Column(page, m, m, fmt.width - 2 * m)
    col.paragraph(poster.agency.upper(), Style(fmt.base * 0.9, bold=True, align="center"))
    col.rule(gap=1.5, thickness=0.3)
    # i18n: the heading of a printed handout, above the procedure's name
    col.paragraph(_("Giấy tờ cần mang").upper(), Style(b * 0.95, bold=True, color=GREY))
    col.paragraph(poster.name, Style(b * 1.45, bold=True), max_lines=4)
    meta = _("Mã thủ tục: %(code)s · Lĩnh vực: %(field)s", code=poster.code, field=poster.field)
    col.paragraph(meta, Style(b * 0.85, color=GREY, space_before=0.8))

    heading = Style(b * 1.05, bold=True, space_before=b * 0.3)
    text = Style(b)
    # Everything after the documents, measured first so the documents take what is left.
    tail: list[tuple[str, Style, int | None]] = []
    if content.forms:
        forms = ", ".join(content.forms)
        where = _(
            "Mẫu tờ khai %(forms)s: hỏi tại nơi tiếp nhận hồ sơ hoặc xem trên Cổng Dịch vụ công",
            forms=forms,
        )
        tail.append((where, Style(b * 0.9, space_before=0.8), 3))
    tail.append((_("Thời hạn và phí, lệ phí: %(channel)s", channel=content.channel), heading, 2))
    tail.extend((f"– {line}", Style(b, indent=3), 3) for line in content.lines)
    tail.append((_("Nơi nộp hồ sơ"), heading, None))
    places = poster.places[:3]
    if len(poster.places) > 3:
        places.append(_("và %(count)d nơi khác", count=len(poster.places) - 3))
    tail.extend((f"– {place}", Style(b, indent=3), 2) for place in places)
    if content.hours:
        tail.append((_("Giờ tiếp nhận: %(hours)s", hours="; ".join(content.hours)), text, 3))
    tail_height = sum(_height(col, block) for block in tail)

    more = _("Xem đủ tại %(url)s", url=poster.handout_url) if poster.handout_url else "…"
    more_block = (more, Style(b, bold=True, space_before=0.8), 2)
    more_height = _height(col, more_block)
    bottom = limit - tail_height
    col.paragraph(_("Giấy tờ"), heading)
    box = b * 0.32  # mm: a tick box about the height of a capital letter
    item = Style(b, indent=box + 1.5)
    shown_all = True
    for case, documents in content.cases:
        blocks = [(f"{case}", Style(b * 0.95, bold=True, space_before=0.8), 2)] if case else []
        blocks += [(name, item, DOCUMENT_LINES) for name in documents]
        for i, block in enumerate(blocks):
            needed = _height(col, block)
            if block[1] is not item and i + 1 < len(blocks):  # a heading keeps its first line
                needed += _height(col, blocks[i + 1])
            if col.y + needed + more_height > bottom:
                if not cut:
                    return page, False
                shown_all = False
                break
            top = col.y + block[1].space_before
            col.paragraph(*block)
            if block[1] is item:
                size = min(box, line_height(b) * 0.8)
                page.ops.append(Box(col.x, top + (line_height(b) - size) / 2, size))
        if not shown_all:
            break
    if not shown_all or any(_cut(col, name, item) for _, docs in content.cases for name in docs):
        col.paragraph(*more_block)
    for block in tail:
        col.paragraph(*block)
    return page, col.y <= limit


def _height(col: Column, block: tuple[str, Style, int | None]) -> float:
    text, style, max_lines = block
    lines = len(wrap(text, col.width - style.indent, style.size, style.bold))
    if max_lines is not None:
        lines = min(lines, max_lines)
    return style.space_before + lines * line_height(style.size)


def _cut(col: Column, text: str, style: Style) -> bool:
    return len(wrap(text, col.width - style.indent, style.size, style.bold)) > DOCUMENT_LINES


def channel_of(value: str | None) -> str | None:
    """Return a channel value from its name in either form (truc_tiep or truc-tiep)."""
    if value is None:
        return None
    value = value.replace("-", "_")
    return value if value in {c.value for c in Channel} else None


__all__ = ["HANDOUT", "HandoutContent", "channel_of", "handout_content", "handout_page"]
