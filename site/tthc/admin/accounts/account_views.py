"""Admin pages of staff accounts and of what they did.

Accounts are created on the server (`flask staff create`); here an admin changes their roles and
units. Every change is in the audit log, which admins read here too; the last active admin
cannot lose the role.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from tthc.admin import audit
from tthc.admin.accounts.forms import AccountRolesForm
from tthc.admin.blueprint import bp
from tthc.admin.models import StaffRole, StaffUser
from tthc.admin.roles import ADMIN, ROLE_DESCRIPTIONS, add_nav, require_roles
from tthc.catalog import get_catalog
from tthc.extensions import db
from tthc.i18n import _, _l

AUDIT_PAGE_SIZE = 50
MAX_PAGE = 1_000_000


def _active_admins_besides(user: StaffUser) -> int:
    query = (
        select(func.count())
        .select_from(StaffUser)
        .join(StaffRole, StaffRole.staff_id == StaffUser.id)
        .where(StaffRole.role == ADMIN, StaffUser.active.is_(True), StaffUser.id != user.id)
    )
    return db.session.scalar(query) or 0


def _describe(values) -> str:
    return ", ".join(sorted(values)) or "-"


@bp.get("/tai-khoan")
@require_roles(ADMIN)
def accounts():
    users = db.session.scalars(select(StaffUser).order_by(StaffUser.email)).all()
    return render_template("admin/accounts/accounts.html", users=users)


@bp.route("/tai-khoan/<int:staff_id>", methods=["GET", "POST"])
@require_roles(ADMIN)
def account(staff_id: int):
    user = db.session.get(StaffUser, staff_id)
    if user is None:
        abort(404)
    form = AccountRolesForm(
        data={"roles": sorted(user.roles), "units": sorted(user.unit_slugs)}
    )
    if form.validate_on_submit():
        roles, units = set(form.roles.data), set(form.units.data)
        if ADMIN in user.roles and ADMIN not in roles and not _active_admins_besides(user):
            form.roles.errors.append(
                _("Phải còn ít nhất một tài khoản quản trị đang hoạt động.")
            )
        else:
            before = f"roles: {_describe(user.roles)}; units: {_describe(user.unit_slugs)}"
            user.set_roles(roles)
            user.set_units(units)
            db.session.commit()
            after = f"roles: {_describe(user.roles)}; units: {_describe(user.unit_slugs)}"
            audit.record("staff.roles", target=user.email, details=f"{before} → {after}")
            flash(_("Đã lưu vai trò của %(email)s.", email=user.email), "info")
            return redirect(url_for("admin.accounts"))
    known_units = {unit.slug for unit in get_catalog().units}
    status = 400 if form.errors else 200
    return render_template(
        "admin/accounts/account.html",
        user=user,
        form=form,
        descriptions=ROLE_DESCRIPTIONS,
        unknown_units=sorted(user.unit_slugs - known_units),
    ), status


@bp.get("/nhat-ky")
@require_roles(ADMIN)
def audit_page():
    action = request.args.get("action", "")
    action = action if action in audit.ACTIONS else ""
    staff_email = request.args.get("staff", "")[:254]
    target = request.args.get("target", "")[:128]
    query = audit.entries_query(action, staff_email, target)
    asked = request.args.get("page", 1, type=int)
    asked = asked if 0 < asked <= MAX_PAGE else 1
    result = db.paginate(query, page=asked, per_page=AUDIT_PAGE_SIZE, error_out=False)
    if result.page > 1 and not result.items:  # past the end: the last page
        last = max(result.pages, 1)
        result = db.paginate(query, page=last, per_page=AUDIT_PAGE_SIZE, error_out=False)
    audit.record("audit.view", details=f"action={action or '*'} staff={staff_email or '*'}")
    return render_template(
        "admin/accounts/audit.html",
        entries=result.items,
        actions=audit.ACTIONS,
        action=action,
        staff_email=staff_email,
        target=target,
        page=result.page,
        pages=max(1, result.pages),
        total=result.total,
    )


add_nav("admin.accounts", _l("Tài khoản"), order=80, also_current=("admin.account",))
add_nav("admin.audit_page", _l("Nhật ký"), order=90)
