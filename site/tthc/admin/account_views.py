"""Admin pages of staff accounts: who holds which roles, and which units an officer answers for.

Accounts are created on the server (`flask staff create`); here an admin changes their roles and
units. Every change is in the audit log; the last active admin cannot lose the role.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from tthc.admin import audit
from tthc.admin.models import StaffRole, StaffUser
from tthc.admin.roles import (
    ADMIN,
    ROLE_DESCRIPTIONS,
    ROLES,
    add_nav,
    grant_errors,
    require_roles,
    role_label,
)
from tthc.admin.views import bp
from tthc.catalog import get_catalog
from tthc.extensions import db
from tthc.i18n import _, _l


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes: usable without JavaScript, one label per box."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AccountRolesForm(FlaskForm):
    roles = CheckboxesField(_l("Vai trò"), validate_choice=False)
    units = CheckboxesField(_l("Đơn vị"), validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles.choices = [(role, role_label(role)) for role in ROLES]
        self.units.choices = [(unit.slug, unit.name) for unit in get_catalog().units]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        known = {unit.slug for unit in get_catalog().units}
        for name, message in grant_errors(self.roles.data or [], self.units.data or [], known):
            getattr(self, name).errors.append(message)
            valid = False
        return valid


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
    return render_template("admin/accounts.html", users=users)


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
        "admin/account.html",
        user=user,
        form=form,
        descriptions=ROLE_DESCRIPTIONS,
        unknown_units=sorted(user.unit_slugs - known_units),
    ), status


add_nav("admin.accounts", _l("Tài khoản"), order=80, also_current=("admin.account",))
