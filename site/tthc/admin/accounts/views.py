"""Log in, log out (every session of the account), change the password, the start page."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for

from tthc.admin import audit, roles
from tthc.admin.accounts import passwords
from tthc.admin.accounts.auth import authenticate, current_staff, end_all_sessions, start_session
from tthc.admin.accounts.forms import ChangePasswordForm, LoginForm
from tthc.admin.blueprint import bp
from tthc.admin.forms import PlainForm
from tthc.clock import now
from tthc.extensions import db, limiter
from tthc.i18n import _, _l


def _safe_next(target: str | None) -> str | None:
    """Only follow a ?next= that stays inside the staff area of this site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or not parts.path.startswith(bp.url_prefix):
        return None
    return target


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
    return render_template("admin/accounts/login.html", form=form, error=error), status


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
        "admin/accounts/change_password.html", form=form, user=user, min_length=passwords.MIN_LENGTH
    ), status


@bp.get("/")
@roles.signed_in
def index():
    """The first page of the navigation this account may use."""
    items = roles.staff_nav()
    pages = [item for item in items if item.endpoint != "admin.change_password"]
    if pages:
        return redirect(url_for(pages[0].endpoint))
    return render_template("admin/accounts/no_pages.html", user=current_staff())


roles.add_nav("admin.change_password", _l("Đổi mật khẩu"), order=1000)
