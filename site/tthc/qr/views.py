"""Short links encoded in QR codes, the QR images, and the printable posters."""

from __future__ import annotations

import hashlib

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)

from tthc import clock
from tthc.catalog import get_catalog
from tthc.catalog.models import Procedure, Unit
from tthc.extensions import limiter
from tthc.i18n import _
from tthc.qr import codes, posters
from tthc.qr.scans import field_key, record_scan

bp = Blueprint("qr", __name__)

FORMAT_TYPES = {"pdf": "application/pdf", "png": "image/png"}
IMAGE_MAX_AGE = 365 * 24 * 3600  # the short link a code encodes never changes
POSTER_MAX_AGE = 3600  # a poster shows the fees of the day it is printed


def problem(status: int, title: str, message: str) -> Response:
    """Return a page that explains, in plain words, why the request cannot be served."""
    html = render_template("qr/problem.html", status=status, title=title, message=message)
    return Response(html, status)


def _procedure_or_404(code: str) -> Procedure:
    procedure = get_catalog().get(code)
    if procedure is None:
        abort(
            problem(
                404,
                _("Không tìm thấy thủ tục"),
                _("Không có thủ tục nào mang mã %(code)s.", code=code),
            )
        )
    return procedure


# --- short links -------------------------------------------------------------------------


@bp.get("/q/<code>", endpoint="short", strict_slashes=False)
@bp.get("/q/<code>/<unit>", endpoint="short", strict_slashes=False)
def short(code: str, unit: str | None = None):
    catalog = get_catalog()
    # People also type the printed link: forgive spaces and a trailing full stop.
    procedure = catalog.get(code) or catalog.get(code.strip().rstrip(".,;"))
    if procedure is None:
        return render_template("qr/unknown_code.html", code=code), 404
    # A unit renamed since the code was printed still lands on the page; it is just not counted.
    known_unit = unit if unit and catalog.unit(unit) else ""
    if request.method == "GET":  # HEAD is a link checker, not a citizen
        record_scan(procedure.code, known_unit)
    if not procedure.is_active:
        return gone(procedure)
    target = url_for("catalog.procedure", code=procedure.code, slug=procedure.slug)
    return redirect(target, 302)


@bp.get("/q/lv/<field>", endpoint="field", strict_slashes=False)
def field(field: str):
    if get_catalog().field(field) is None:
        return render_template("qr/unknown_code.html", code=f"lv/{field}"), 404
    if request.method == "GET":
        record_scan(field_key(field))
    return redirect(url_for("catalog.field", slug=field), 302)


def gone(procedure: Procedure) -> Response:
    """Answer 410 with the catalogue's own page on what happened and where to go instead.

    Never stored (tthc.web.http_cache): short links must reach the server for every scan, and a
    poster's answer without a Cache-Control of its own is not kept either.
    """
    from tthc.catalog.views import gone as catalogue_gone

    return make_response(catalogue_gone(get_catalog(), procedure))


# --- QR images -----------------------------------------------------------------------------


def _encoded_url(code: str) -> str:
    procedure = _procedure_or_404(code)
    unit = _unit_arg()
    return codes.short_url(procedure.code, unit.slug if unit else None)


def _png_size() -> int:
    if "size" not in request.args:
        return codes.DEFAULT_PNG_SIZE
    size = request.args.get("size", type=int)  # None when it is not a whole number
    if size is None or not codes.MIN_PNG_SIZE <= size <= codes.MAX_PNG_SIZE:
        abort(
            problem(
                400,
                _("Kích thước ảnh không hợp lệ"),
                _(
                    "Kích thước (size) phải là một số nguyên từ %(low)d đến %(high)d điểm ảnh.",
                    low=codes.MIN_PNG_SIZE,
                    high=codes.MAX_PNG_SIZE,
                ),
            )
        )
    return size


@bp.get("/qr/<code>.png", endpoint="png")
def png(code: str):
    url = _encoded_url(code)
    return _cached(codes.png_bytes(url, _png_size()), "image/png", IMAGE_MAX_AGE, immutable=True)


@bp.get("/qr/<code>.svg", endpoint="svg")
def svg(code: str):
    return _cached(codes.svg_bytes(_encoded_url(code)), "image/svg+xml", IMAGE_MAX_AGE, True)


@bp.get("/qr/danh-gia/<unit>.<fmt>", endpoint="rating")
def rating(unit: str, fmt: str):
    """Serve the QR code of a unit's satisfaction rating (/danh-gia/<unit>) as PNG or SVG."""
    record = get_catalog().unit(unit)
    if record is None or fmt not in ("png", "svg"):
        abort(problem(404, _("Không tìm thấy đơn vị"), _("Không có đơn vị này.")))
    url = codes.rating_url(record.slug)
    if fmt == "svg":
        return _cached(codes.svg_bytes(url), "image/svg+xml", IMAGE_MAX_AGE, True)
    return _cached(codes.png_bytes(url, _png_size()), "image/png", IMAGE_MAX_AGE, immutable=True)


def _cached(body: bytes, mimetype: str, max_age: int, immutable: bool = False) -> Response:
    response = Response(body, mimetype=mimetype)
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    if immutable:
        response.cache_control.immutable = True
    return response.make_conditional(request)


# --- posters -------------------------------------------------------------------------------


def _check_format(size: str | None, fmt: str) -> None:
    if fmt not in FORMAT_TYPES or (size is not None and size not in posters.SIZES):
        abort(
            problem(
                404,
                _("Không có khổ áp phích này"),
                _("Áp phích có các khổ a4, a5 và label (nhãn quầy), dạng .pdf hoặc .png."),
            )
        )


def _poster_limit() -> str:
    return current_app.config["QR_POSTER_RATE_LIMIT"]


# Rendering a poster costs tens of milliseconds of CPU: enough to print, too little to flood.
@bp.get("/qr/<code>/<size>.<fmt>", endpoint="poster")
@limiter.shared_limit(_poster_limit, scope="qr-posters")
def poster(code: str, size: str, fmt: str):
    size, fmt = size.lower(), fmt.lower()
    _check_format(size, fmt)
    procedure = _procedure_or_404(code)
    if not procedure.is_active:
        return gone(procedure)
    body = posters.procedure_poster(procedure, size, fmt, unit=_unit_arg(), day=clock.today())
    return _download(body, fmt, f"{procedure.code}-{size}.{fmt}")


@bp.get("/qr/lv/<field>.<fmt>", endpoint="field_poster")
@limiter.shared_limit(_poster_limit, scope="qr-posters")
def field_poster(field: str, fmt: str):
    fmt = fmt.lower()
    _check_format(None, fmt)
    field_record = get_catalog().field(field)
    if field_record is None:
        abort(problem(404, _("Không tìm thấy lĩnh vực"), _("Không có lĩnh vực này.")))
    page = request.args.get("page", type=int) if "page" in request.args else 1
    if page is None or page < 1:
        abort(problem(400, _("Số trang không hợp lệ"), _("Số trang phải là số nguyên dương.")))
    body = posters.field_poster(field_record, fmt, day=clock.today(), page=page, unit=_unit_arg())
    if body is None:
        abort(problem(404, _("Không có trang này"), _("Áp phích lĩnh vực không có trang này.")))
    return _download(body, fmt, f"linh-vuc-{field}.{fmt}")


def _unit_arg() -> Unit | None:
    """Return the unit named by ?unit=, None without one; 404 for an unknown unit."""
    if "unit" not in request.args:
        return None
    unit = get_catalog().unit(request.args["unit"])
    if unit is None:
        message = _("Không có đơn vị %(unit)s.", unit=request.args["unit"])
        abort(problem(404, _("Không tìm thấy đơn vị"), message))
    return unit


def _download(body: bytes, fmt: str, filename: str) -> Response:
    response = _cached(body, FORMAT_TYPES[fmt], POSTER_MAX_AGE)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.vary.update(("Accept-Language", "Cookie"))
    return response
