"""Lay out a field poster: the field's name and a grid of one QR per procedure, on A4 pages."""

from __future__ import annotations

from tthc.catalog import Catalog
from tthc.catalog.models import FieldOfProcedures, Procedure, Unit
from tthc.i18n import _, translated_name
from tthc.qr.codes import field_short_url, short_url
from tthc.qr.posters.content import feedback_line, small_print
from tthc.qr.posters.layout import GREY, Column, Page, Qr, Style, moved, paragraph_ops
from tthc.text import nfc

WIDTH, HEIGHT, MARGIN = 210, 297, 12
COLUMNS, ROWS = 4, 4
CELL_QR = 32  # mm: 0.6 mm modules or more for every code the site prints
HEADER_QR = 30


def field_pages(
    catalog: Catalog,
    field: FieldOfProcedures,
    procedures: list[Procedure],
    day,
    unit: Unit | None = None,
) -> list[Page]:
    """Return one page per COLUMNS × ROWS procedures (at least one page).

    With a unit, each procedure's code names that counter, as on its single posters.
    """
    per_page = COLUMNS * ROWS
    chunks = [procedures[i : i + per_page] for i in range(0, len(procedures), per_page)] or [[]]
    return [
        _page(catalog, field, chunk, day, unit, number, len(chunks))
        for number, chunk in enumerate(chunks, start=1)
    ]


def _page(catalog, field, procedures, day, unit, number: int, total: int) -> Page:
    page = Page(WIDTH, HEIGHT)
    width = WIDTH - 2 * MARGIN
    text_width = width - HEADER_QR - 4
    col = Column(page, MARGIN, MARGIN, text_width)
    if catalog.agency.parent:
        col.paragraph(nfc(catalog.agency.parent).upper(), Style(9.5))
    col.paragraph(nfc(catalog.agency.name).upper(), Style(11.5, bold=True))
    col.paragraph(_("Thủ tục hành chính lĩnh vực"), Style(11, space_before=3))
    col.paragraph(nfc(field.name), Style(19, bold=True), max_lines=3)
    if unit:
        col.paragraph(_("Nơi nộp: %(unit)s", unit=nfc(unit.name)), Style(10.5), max_lines=2)
    col.paragraph(
        _("Quét mã của từng thủ tục để xem hướng dẫn mới nhất"), Style(10.5, space_before=1.5)
    )
    qr_x = WIDTH - MARGIN - HEADER_QR
    page.ops.append(Qr(qr_x, MARGIN, HEADER_QR, field_short_url(field.slug)))
    caption, caption_height = paragraph_ops(
        qr_x, MARGIN + HEADER_QR, HEADER_QR, _("Cả lĩnh vực"), Style(7.5, align="center")
    )
    page.ops.extend(caption)
    header_bottom = max(col.y, MARGIN + HEADER_QR + caption_height) + 3
    col.y = header_bottom
    col.width = width
    col.rule(gap=1)

    footer = Style(7.5, color=GREY)
    footer_text = f"{small_print(catalog, day)} · " + _(
        "Trang %(number)d/%(total)d", number=number, total=total
    )
    footer_ops, footer_height = paragraph_ops(MARGIN, 0, width, footer_text, footer)
    feedback = feedback_line(catalog)
    feedback_ops, feedback_height = paragraph_ops(MARGIN, 0, width, feedback, Style(9))
    footer_top = HEIGHT - MARGIN - footer_height
    feedback_top = footer_top - 1 - feedback_height
    page.ops.extend(moved(feedback_ops, feedback_top))
    page.ops.extend(moved(footer_ops, footer_top))

    grid_top = col.y + 1
    cell_w = width / COLUMNS
    cell_h = (feedback_top - 2 - grid_top) / ROWS
    for i, procedure in enumerate(procedures):
        x = MARGIN + (i % COLUMNS) * cell_w
        y = grid_top + (i // COLUMNS) * cell_h
        url = short_url(procedure.code, unit.slug if unit else None)
        page.ops.append(Qr(x + (cell_w - CELL_QR) / 2, y, CELL_QR, url))
        translation = translated_name(procedure)
        used = 0.0
        if translation:  # the name in the poster's language, then the official one
            names, used = paragraph_ops(
                x + 1.5, y + CELL_QR + 0.5, cell_w - 3,
                nfc(translation), Style(8, bold=True, align="center"), max_lines=2,
            )
            page.ops.extend(names)
        names, official = paragraph_ops(
            x + 1.5, y + CELL_QR + 0.5 + used, cell_w - 3, nfc(procedure.display_short_name),
            Style(7 if translation else 8, bold=True, align="center"),
            max_lines=2 if translation else 3,
        )
        page.ops.extend(names)
        used += official
        code_ops, _height = paragraph_ops(
            x + 1.5, y + CELL_QR + 0.5 + used, cell_w - 3, procedure.code,
            Style(7, color=GREY, align="center"),
        )
        page.ops.extend(code_ops)
    return page
