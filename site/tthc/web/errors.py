"""Error pages: a clear message in the user's language, never a stack trace."""

from __future__ import annotations

import json

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

from tthc.i18n import _

# Machines read these paths: their errors are JSON with a message, never an HTML page.
JSON_PREFIX = "/api/"


def json_error(code: int, message: str, headers: dict | None = None) -> Response:
    """Return an API error: {"error": {"status": …, "message": …}} in the request's language."""
    body = json.dumps({"error": {"status": code, "message": message}}, ensure_ascii=False)
    return Response(body, status=code, mimetype="application/json", headers=headers)


def _wants_json() -> bool:
    return request.path.startswith(JSON_PREFIX)


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
        if _wants_json():
            headers = {"Retry-After": "60"} if code == 429 else None  # limits count per minute
            if code == 405:
                headers = {"Allow": "GET, HEAD, OPTIONS"}
            return json_error(code, title, headers)
        return render_template("errors/error.html", code=code, title=title), code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unhandled error", exc_info=error)
        if _wants_json():
            return json_error(500, _("Đã có lỗi xảy ra"))
        return render_template("errors/error.html", code=500, title=_("Đã có lỗi xảy ra")), 500
