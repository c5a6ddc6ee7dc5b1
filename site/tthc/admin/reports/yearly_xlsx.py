"""The yearly report as an XLSX workbook (openpyxl): one sheet per part, as in the report."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from tthc.admin.reports.yearly import YearlyReport
from tthc.feedback.models import RATING_LABELS, Rating
from tthc.i18n import _

BOLD = Font(bold=True)


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list], *, first=False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = BOLD
    for row in rows:
        sheet.append(row)
    sheet.column_dimensions["A"].width = 60
    for letter in "BCDEFG":
        sheet.column_dimensions[letter].width = 16
    return sheet


def _share(value: float | None):
    return None if value is None else round(value, 4)


def workbook_bytes(report: YearlyReport) -> bytes:
    """The workbook of one year's report."""
    book = Workbook()
    f, p, r = report.feedback, report.procedures, report.ratings
    summary = [
        [_("Thủ tục hành chính công bố, công khai"), p.total],
        [_("Trong đó: dịch vụ công trực tuyến toàn trình"), p.full_online],
        [_("Trong đó: dịch vụ công trực tuyến một phần"), p.partial_online],
        [_("Phản ánh, kiến nghị tiếp nhận"), f.received],
        [_("Phản ánh, kiến nghị đã trả lời"), f.answered],
        [_("Trả lời đúng hạn"), f.on_time],
        [_("Chưa trả lời, còn hạn"), f.open_in_time],
        [_("Chưa trả lời, quá hạn"), f.open_overdue],
        [_("Phản ánh lạm dụng đã ẩn (không tính)"), report.hidden],
        [_("Lượt đánh giá mức độ hài lòng"), r.total],
        [_("Tỷ lệ hài lòng và rất hài lòng"), _share(r.satisfied_share)],
        [_("Áp phích QR đã in từ khu vực cán bộ"), report.posters_printed],
        [_("Lượt quét mã QR"), report.scans],
    ]
    header = [_("Chỉ tiêu năm %(year)s", year=report.year), _("Số liệu")]
    sheet = _sheet(book, _("Tổng hợp"), header, summary, first=True)
    sheet["B11"].number_format = "0.0%"
    _sheet(
        book,
        _("Thủ tục theo lĩnh vực"),
        [_("Lĩnh vực"), _("Số thủ tục"), _("Toàn trình"), _("Một phần")],
        [
            [row.name, row.total, row.full_online, row.partial_online]
            for row in report.procedures_by_field
        ],
    )
    _sheet(
        book,
        _("Phản ánh theo đơn vị"),
        [_("Đơn vị"), _("Tiếp nhận"), _("Đã trả lời"), _("Đúng hạn"), _("Còn hạn"), _("Quá hạn")],
        [
            [row.name or _("Chưa xác định đơn vị"), row.received, row.answered, row.on_time,
             row.open_in_time, row.open_overdue]
            for row in report.feedback_by_unit
        ],
    )
    satisfaction = _sheet(
        book,
        _("Hài lòng theo đơn vị"),
        [_("Đơn vị"), _("Số đánh giá"), *(str(RATING_LABELS[x]) for x in Rating),
         _("Tỷ lệ hài lòng")],
        [
            [row.name, row.total, *(row.counts[x.value] for x in Rating),
             _share(row.satisfied_share)]
            for row in report.ratings_by_unit
        ],
    )
    for cell in satisfaction["F"][1:]:
        cell.number_format = "0.0%"
    _sheet(
        book,
        _("Lượt quét QR theo lĩnh vực"),
        [_("Lĩnh vực"), _("Lượt quét")],
        [[name, count] for name, count in report.scans_by_field],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
