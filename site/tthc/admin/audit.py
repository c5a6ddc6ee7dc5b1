"""The audit log: one line per thing a staff member viewed, exported or changed."""

from __future__ import annotations

from sqlalchemy import Select, select

from tthc.admin.accounts.auth import client_ip, current_staff
from tthc.admin.models import AuditLog, StaffUser
from tthc.extensions import db
from tthc.i18n import _l

# What each action means, for the audit page; keys are stored in the database.
ACTIONS = {
    "login": _l("Đăng nhập"),
    "logout": _l("Đăng xuất"),
    "password.change": _l("Đổi mật khẩu"),
    "feedback.list": _l("Xem danh sách phản ánh"),
    "feedback.view": _l("Xem phản ánh"),
    "feedback.photo": _l("Tải ảnh đính kèm"),
    "feedback.answer": _l("Trả lời phản ánh"),
    "feedback.status": _l("Đổi trạng thái"),
    "feedback.hide": _l("Ẩn phản ánh"),
    "feedback.unhide": _l("Bỏ ẩn phản ánh"),
    "feedback.extend": _l("Gia hạn trả lời"),
    "feedback.transfer": _l("Chuyển đơn vị giải quyết"),
    "posters.print": _l("Tải áp phích để in"),
    "report.export": _l("Tải báo cáo năm"),
    "feedback.export": _l("Xuất CSV"),
    "scans.view": _l("Xem lượt quét QR"),
    "audit.view": _l("Xem nhật ký"),
    "access.denied": _l("Bị từ chối truy cập"),
    "staff.create": _l("Tạo tài khoản"),
    "staff.roles": _l("Đổi vai trò, đơn vị"),
    "catalog.draft": _l("Tạo bản nháp thủ tục"),
    "catalog.save": _l("Lưu bản nháp thủ tục"),
    "catalog.submit": _l("Gửi duyệt bản nháp"),
    "catalog.withdraw": _l("Hủy bản nháp"),
    "catalog.return": _l("Trả lại bản nháp"),
    "catalog.publish": _l("Duyệt và công bố thủ tục"),
    "catalog.self_review_refused": _l("Từ chối tự duyệt"),
    "catalog.import_upload": _l("Tải lên tệp xuất của cổng quốc gia"),
    "catalog.contacts": _l("Sửa liên hệ của đơn vị, cơ quan"),
}


def record(action: str, target: str = "", details: str = "", user: StaffUser | None = None) -> None:
    """Write an audit entry and commit it together with whatever the session holds."""
    user = user or current_staff()
    db.session.add(
        AuditLog(
            staff_id=user.id if user else None,
            staff_email=user.email if user else "",
            action=action,
            target=target[:128],
            details=details[:2000],
            ip=client_ip(),
        )
    )
    db.session.commit()


def entries_query(action: str = "", staff_email: str = "", target: str = "") -> Select:
    """The newest entries first, optionally for one action, one staff member or one record."""
    query = select(AuditLog).order_by(AuditLog.at.desc(), AuditLog.id.desc())
    if action:
        query = query.where(AuditLog.action == action)
    if staff_email:
        query = query.where(AuditLog.staff_email == staff_email.strip().lower())
    if target:
        query = query.where(AuditLog.target == target.strip())
    return query
