"""The staff area's blueprint: access control for every route, and log in, log out, password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from tthc.admin import audit, passwords, roles
from tthc.admin.auth import authenticate, current_staff, end_all_sessions, start_session
from tthc.admin.forms import ChangePasswordForm, LoginForm, PlainForm
from tthc.admin.helpers import TEMPLATE_HELPERS
from tthc.clock import now
from tthc.extensions import db, limiter
from tthc.i18n import _, _l

bp = Blueprint("admin", __name__, url_prefix="/quan-tri")

# What a user who still has the one-time password may do.
FIRST_LOGIN_ENDPOINTS = roles.FIRST_LOGIN_ENDPOINTS


def _safe_next(target: str | None) -> str | None:
    """Only follow a ?next= that stays inside the staff area of this site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or not parts.path.startswith(bp.url_prefix):
        return None
    return target


@bp.before_request
def require_staff():
    # Login, then the roles the route declared (tthc.admin.roles); a route that declared
    # nothing is refused, so a new page is closed until someone says who may open it.
    return roles.check(roles.permission_of(request.endpoint))


def staff_headers(response):
    """Keep staff pages, errors included, out of every cache and search engine."""
    if request.blueprint != bp.name:
        return response
    # Personal data must not stay in a shared browser's cache or in a proxy.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


@bp.context_processor
def staff_context():
    return {"logout_form": PlainForm(), **TEMPLATE_HELPERS}


def login_rate() -> str:
    return current_app.config["ADMIN_LOGIN_RATE"]


@bp.route("/dang-nhap", methods=["GET", "POST"])
@roles.public
@limiter.limit(login_rate, methods=["POST"])
def login():
    if current_staff() is not None:
        return redirect(url_for("admin.index"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        result = authenticate(form.email.data, form.password.data)
        if result.user is not None:
            start_session(result.user)
            audit.record("login", user=result.user)
            if result.user.must_change_password:
                return redirect(url_for("admin.change_password"))
            return redirect(_safe_next(request.args.get("next")) or url_for("admin.index"))
        error = result.error
    elif form.is_submitted() and "csrf_token" in form.errors:
        error = _("Biểu mẫu đã hết hạn. Vui lòng đăng nhập lại.")
    status = 401 if error is not None else 400 if form.errors else 200
    return render_template("admin/login.html", form=form, error=error), status


@bp.post("/dang-xuat")
@roles.signed_in
def logout():
    form = PlainForm()
    if not form.validate_on_submit():
        flash(_("Biểu mẫu đã hết hạn. Vui lòng bấm Đăng xuất lần nữa."), "error")
        return redirect(url_for("admin.index"))
    user = current_staff()
    audit.record("logout", user=user)
    end_all_sessions(user)
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("admin.login"))


@bp.route("/doi-mat-khau", methods=["GET", "POST"])
@roles.signed_in
def change_password():
    user = current_staff()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not passwords.verify_password(user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("Mật khẩu hiện tại không đúng."))
        elif form.new_password.data.strip().lower() == user.email:
            form.new_password.errors.append(_("Mật khẩu không được trùng địa chỉ thư điện tử."))
        else:
            user.password_hash = passwords.hash_password(form.new_password.data)
            user.must_change_password = False
            user.password_changed_at = now()
            # Other devices logged in with the old password lose their session.
            user.session_version += 1
            db.session.commit()
            start_session(user)
            audit.record("password.change", user=user)
            flash(_("Đã đổi mật khẩu."), "info")
            return redirect(url_for("admin.index"))
    status = 400 if form.errors else 200
    return render_template(
        "admin/change_password.html", form=form, user=user, min_length=passwords.MIN_LENGTH
    ), status


@bp.get("/")
@roles.signed_in
def index():
    """The first page of the navigation this account may use."""
    items = roles.staff_nav()
    pages = [item for item in items if item.endpoint != "admin.change_password"]
    if pages:
        return redirect(url_for(pages[0].endpoint))
    return render_template("admin/no_pages.html", user=current_staff())


roles.add_nav("admin.change_password", _l("Đổi mật khẩu"), order=1000)
