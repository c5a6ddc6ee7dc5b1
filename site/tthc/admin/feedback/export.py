"""The CSV export of the inbox: one row per submission, with the citizen's contact."""

from __future__ import annotations

from collections.abc import Iterable

from tthc.admin.exports import to_csv
from tthc.feedback import tracking
from tthc.feedback.models import CATEGORY_LABELS, STATUS_LABELS, Feedback, FeedbackCategory
from tthc.feedback.models import FeedbackStatus as Status
from tthc.i18n import _


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def _label(labels: dict, enum, value: str) -> str:
    try:
        return str(labels[enum(value)])
    except ValueError:
        return value


def header() -> list[str]:
    return [
        _("Mã tra cứu"),
        _("Ngày nhận"),
        _("Hạn trả lời"),
        _("Trạng thái"),
        _("Loại"),
        _("Mã thủ tục"),
        _("Đơn vị"),
        _("Nội dung"),
        _("Họ tên"),
        _("Điện thoại"),
        _("Thư điện tử"),
        _("Có ảnh"),
        _("Trả lời"),
        _("Ngày trả lời"),
        _("Người trả lời"),
        _("Đã công bố"),
        _("Đã ẩn"),
    ]


def row(item: Feedback) -> list[str]:
    # i18n: answers in the yes/no columns of the CSV export (has a photo, published, hidden)
    yes, no = _("Có"), _("Không")
    return [
        tracking.display(item.tracking_code),
        _when(item.received_at),
        item.due_on.isoformat(),
        _label(STATUS_LABELS, Status, item.status),
        _label(CATEGORY_LABELS, FeedbackCategory, item.category),
        item.procedure_code or "",
        item.unit_slug or "",
        item.message,
        item.name or "",
        item.phone or "",
        item.email or "",
        yes if item.photo_file else no,
        item.answer or "",
        _when(item.answered_at),
        item.answered_by or "",
        yes if item.public_answer else no,
        yes if item.hidden else no,
    ]


def feedback_csv(items: Iterable[Feedback]) -> tuple[str, int]:
    """Return the CSV of the records and how many there are."""
    rows = [row(item) for item in items]
    return to_csv([header(), *rows]), len(rows)
