"""Error pages: a clear message in the user's language, never a stack trace."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from tthc.i18n import _


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        titles = {
            400: _("Yêu cầu không hợp lệ"),
            403: _("Không có quyền truy cập"),
            404: _("Không tìm thấy trang"),
            405: _("Phương thức không được hỗ trợ"),
            413: _("Tệp gửi lên quá lớn"),
            429: _("Quá nhiều yêu cầu"),
            503: _("Dịch vụ tạm thời gián đoạn"),
        }
        code = error.code or 500
        title = titles.get(code, _("Đã có lỗi xảy ra"))
        return render_template("errors/error.html", code=code, title=title), code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unhandled error", exc_info=error)
        return render_template("errors/error.html", code=500, title=_("Đã có lỗi xảy ra")), 500
