"""The what-to-bring handout on one A5 sheet: documents to tick, fee and time, where to go, QR."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tthc.catalog import Catalog
from tthc.catalog.handout import Cases, handout, more_line, shorten
from tthc.catalog.labels import CHANNELS
from tthc.catalog.models import Channel, Document, Procedure
from tthc.i18n import _
from tthc.qr.posters.content import PosterContent, _channel_line, procedure_content
from tthc.qr.posters.layout import GREY, Box, Column, Page, Style, line_height
from tthc.qr.posters.procedure_poster import Format, _bottom
from tthc.text import nfc

# Sized for A5 with a 40 mm QR code, the smallest that scans well from a sheet held in a hand.
HANDOUT = Format("handout", 148, 210, 8, 40, 9)
# Larger text when it fits; never under 9 pt for elderly readers: past that, whole documents are
# left out (catalog.handout.shorten, as on the A4 poster and the browser-printed handout).
SCALES = (1.15, 1.07, 1.0)


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
    """Return the handout with the largest text that fits; past the smallest, fewer documents."""
    for scale in SCALES:
        page, fits = _layout(content, scale, content.cases, 0)
        if fits:
            return page
    scale = SCALES[-1]
    kept = shorten(content.cases, lambda cases, omitted: _layout(content, scale, cases, omitted)[1])
    page, _fits = _layout(content, scale, kept.cases, kept.omitted)
    return page


def _layout(
    content: HandoutContent, scale: float, cases: Cases[str], omitted: int
) -> tuple[Page, bool]:
    """Lay out the handout with the documents of ``cases``; ``omitted`` more are not printed."""
    fmt = HANDOUT
    page = Page(fmt.width, fmt.height)
    m, b = fmt.margin, fmt.base * scale
    poster = content.poster
    limit = _bottom(page, poster, fmt) - 2
    col = Column(page, m, m, fmt.width - 2 * m)
    col.paragraph(poster.agency.upper(), Style(fmt.base, bold=True, align="center"))
    col.rule(gap=1.5, thickness=0.3)
    # i18n: the heading of a printed handout, above the procedure's name
    col.paragraph(_("Giấy tờ cần mang").upper(), Style(b, bold=True, color=GREY))
    col.paragraph(poster.name, Style(b * 1.35, bold=True))
    meta = _("Mã thủ tục: %(code)s · Lĩnh vực: %(field)s", code=poster.code, field=poster.field)
    col.paragraph(meta, Style(b, color=GREY, space_before=0.8))

    heading = Style(b * 1.05, bold=True, space_before=b * 0.3)
    text = Style(b)
    col.paragraph(_("Giấy tờ"), heading)
    box = b * 0.32  # mm: a tick box about the height of a capital letter
    item = Style(b, indent=box + 1.5)
    for case, documents in cases:
        if case:
            col.paragraph(case, Style(b, bold=True, space_before=0.8))
        for name in documents:
            top = col.y
            col.paragraph(name, item)  # whole: official wording is never cut
            size = min(box, line_height(b) * 0.8)
            page.ops.append(Box(col.x, top + (line_height(b) - size) / 2, size))
    if omitted:
        url = poster.handout_url or poster.qr_url.split("://", 1)[-1]
        col.paragraph(more_line(omitted, url), Style(b, bold=True, space_before=0.8))
    if content.forms:
        forms = ", ".join(content.forms)
        where = _(
            "Mẫu tờ khai %(forms)s: hỏi tại nơi tiếp nhận hồ sơ hoặc xem trên Cổng Dịch vụ công",
            forms=forms,
        )
        col.paragraph(where, Style(b, space_before=0.8))
    col.paragraph(_("Thời hạn và phí, lệ phí: %(channel)s", channel=content.channel), heading)
    for line in content.lines:
        col.paragraph(f"– {line}", Style(b, indent=3))
    col.paragraph(_("Nơi nộp hồ sơ"), heading)
    places = poster.places[:3]
    if len(poster.places) > 3:
        places.append(_("và %(count)d nơi khác", count=len(poster.places) - 3))
    for place in places:
        col.paragraph(f"– {place}", Style(b, indent=3))
    if content.hours:
        col.paragraph(_("Giờ tiếp nhận: %(hours)s", hours="; ".join(content.hours)), text)
    return page, col.y <= limit


def channel_of(value: str | None) -> str | None:
    """Return a channel value from its name in either form (truc_tiep or truc-tiep)."""
    if value is None:
        return None
    value = value.replace("-", "_")
    return value if value in {c.value for c in Channel} else None


__all__ = ["HANDOUT", "HandoutContent", "channel_of", "handout_content", "handout_page"]
