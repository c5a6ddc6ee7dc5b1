"""Who may open which staff page: roles, the permission every staff route declares, unit scope.

Least privilege. An account holds one or more roles:

- `admin`: accounts and roles, the audit log; sees every unit's feedback.
- `editor`: drafts of procedures.
- `reviewer`: approves and publishes drafts (never their own).
- `officer`: sees and answers the feedback of its units only (`staff_units`), photos included.
- `viewer`: reports and scan counts, never personal data.

Every route of the staff area declares who may open it, next to its `@bp.route`:

    @bp.get("/phan-anh")
    @require_roles(ADMIN, OFFICER)      # any of these roles; 403 for the others
    def inbox_page(): ...

    @bp.get("/doi-mat-khau")
    @signed_in                          # any logged-in account, whatever its roles
    def change_password(): ...

`@public` marks the login page. A staff route that declares nothing is refused (403) by the
blueprint's check (tthc/admin/blueprint.py), and `tests/admin/test_roles.py` fails for it. The
check is on the server for every request; templates use `can_open()` / `has_role()` only to hide
links a role cannot use.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import current_app, redirect, render_template, request, url_for
from sqlalchemy import select

from tthc.admin import audit
from tthc.admin.accounts.auth import current_staff
from tthc.admin.forms import PlainForm
from tthc.admin.helpers import TEMPLATE_HELPERS
from tthc.admin.models import StaffRole, StaffUnit, StaffUser
from tthc.extensions import db
from tthc.i18n import _, _l

ADMIN = "admin"
EDITOR = "editor"
REVIEWER = "reviewer"
OFFICER = "officer"
VIEWER = "viewer"
ROLES = (ADMIN, EDITOR, REVIEWER, OFFICER, VIEWER)

ROLE_LABELS = {
    ADMIN: _l("Quản trị"),
    EDITOR: _l("Biên tập"),
    REVIEWER: _l("Duyệt và công bố"),
    OFFICER: _l("Cán bộ trả lời phản ánh"),
    VIEWER: _l("Xem báo cáo"),
}
ROLE_DESCRIPTIONS = {
    ADMIN: _l("Quản lý tài khoản, vai trò và xem nhật ký; xem phản ánh của mọi đơn vị."),
    EDITOR: _l("Soạn bản nháp thủ tục."),
    REVIEWER: _l("Duyệt và công bố bản nháp của người khác."),
    OFFICER: _l("Xem và trả lời phản ánh (cả ảnh đính kèm) của các đơn vị được giao."),
    VIEWER: _l("Xem báo cáo và lượt quét QR, không xem thông tin cá nhân."),
}

# Roles that may read what citizens wrote and who they are (names, phones, e-mails, photos).
PERSONAL_DATA_ROLES = frozenset({ADMIN, OFFICER})

# What a user who still has the one-time password may do.
FIRST_LOGIN_ENDPOINTS = frozenset({"admin.change_password", "admin.logout"})

PERMISSION_ATTRIBUTE = "staff_permission"


@dataclass(frozen=True)
class Permission:
    """Who may open a route: anyone (`public`), any account, or an account with one of `roles`."""

    roles: frozenset[str] = frozenset()
    public: bool = False
    any_account: bool = False

    def allows(self, user: StaffUser | None) -> bool:
        if self.public:
            return True
        if user is None:
            return False
        return self.any_account or bool(self.roles & user.roles)

    def describe(self) -> str:
        if self.public:
            return "public"
        return "any account" if self.any_account else ", ".join(sorted(self.roles))


def _declare(view: Callable, permission: Permission) -> Callable:
    @functools.wraps(view)
    def guarded(*args, **kwargs):
        refused = check(permission)
        if refused is not None:
            return refused
        return view(*args, **kwargs)

    setattr(guarded, PERMISSION_ATTRIBUTE, permission)
    return guarded


def require_roles(*roles: str) -> Callable[[Callable], Callable]:
    """Let an account with any of these roles open the view; others get 403, anonymous a login."""
    unknown = set(roles) - set(ROLES)
    if not roles or unknown:
        raise ValueError(f"require_roles needs known roles, got {roles!r}")
    permission = Permission(roles=frozenset(roles))
    return lambda view: _declare(view, permission)


def signed_in(view: Callable) -> Callable:
    """Any logged-in account, whatever its roles: log out, change password, the start page."""
    return _declare(view, Permission(any_account=True))


def public(view: Callable) -> Callable:
    """No login needed (only the login page)."""
    return _declare(view, Permission(public=True))


def permission_of(endpoint: str | None) -> Permission | None:
    """The permission a route declared, or None when it declared none."""
    view = current_app.view_functions.get(endpoint or "")
    return getattr(view, PERMISSION_ATTRIBUTE, None)


def check(permission: Permission | None):
    """None when the request may go on; otherwise the response to send instead.

    Login first (a redirect to the login page), then the one-time password, then the roles.
    """
    if permission is not None and permission.public:
        return None
    user = current_staff()
    if user is None:
        wanted = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("admin.login", next=wanted))
    if user.must_change_password and request.endpoint not in FIRST_LOGIN_ENDPOINTS:
        return redirect(url_for("admin.change_password"))
    if permission is None or not permission.allows(user):
        return forbidden(user)
    return None


STAFF_PREFIX = "/quan-tri"


def guard_other_staff_paths():
    """App-level: a /quan-tri route of a blueprint other than the staff one is checked too."""
    if request.url_rule is None or request.blueprint == "admin":
        return None  # unknown address (404), or the staff blueprint's own check
    path = request.url_rule.rule
    if path == STAFF_PREFIX or path.startswith(STAFF_PREFIX + "/"):
        return check(permission_of(request.endpoint))
    return None


def forbidden(user: StaffUser):
    audit.record("access.denied", details=f"{request.method} {request.path}"[:2000], user=user)
    # The staff layout's context, also for a page of another blueprint under /quan-tri.
    context = {"logout_form": PlainForm(), **TEMPLATE_HELPERS}
    return render_template("admin/forbidden.html", **context), 403


def has_role(role: str, user: StaffUser | None = None) -> bool:
    user = user or current_staff()
    return user is not None and role in user.roles


def has_any_role(roles: Iterable[str], user: StaffUser | None = None) -> bool:
    user = user or current_staff()
    return user is not None and bool(set(roles) & user.roles)


def can_open(endpoint: str, user: StaffUser | None = None) -> bool:
    """Whether the user may open a route (for links; the route checks again by itself)."""
    permission = permission_of(endpoint)
    user = user or current_staff()
    if permission is None or user is None:
        return False
    if user.must_change_password and endpoint not in FIRST_LOGIN_ENDPOINTS:
        return False
    return permission.allows(user)


def sees_personal_data(user: StaffUser | None = None) -> bool:
    """Citizens' names, contacts, texts and photos: admins and officers only."""
    return has_any_role(PERSONAL_DATA_ROLES, user)


def grant_errors(
    roles: Iterable[str], units: Iterable[str], known_units: Iterable[str]
) -> list[tuple[str, str]]:
    """What is wrong with giving an account these roles and units: (field, message) pairs.

    The same rules for `flask staff create` and the admin page: at least one known role; an
    officer answers for at least one unit of procedures/units.yaml; only officers have units.
    """
    roles, units, known = set(roles), set(units), set(known_units)
    errors: list[tuple[str, str]] = []
    unknown_roles = roles - set(ROLES)
    if unknown_roles:
        errors.append(
            ("roles", _("Vai trò không hợp lệ: %(roles)s. Các vai trò: %(known)s.",
                        roles=", ".join(sorted(unknown_roles)), known=", ".join(ROLES)))
        )
    elif not roles:
        errors.append(("roles", _("Chọn ít nhất một vai trò.")))
    unknown_units = units - known
    if unknown_units:
        errors.append(
            ("units", _("Không có đơn vị %(units)s trong danh sách đơn vị (units.yaml).",
                        units=", ".join(sorted(unknown_units))))
        )
    if OFFICER in roles and not units:
        errors.append(("units", _("Cán bộ trả lời phản ánh phải được giao ít nhất một đơn vị.")))
    if units and OFFICER not in roles:
        errors.append(("units", _("Chỉ vai trò trả lời phản ánh mới được giao đơn vị.")))
    return errors


# -- the feedback of which units ---------------------------------------------------------------


def visible_unit_slugs(staff: StaffUser | None) -> set[str] | None:
    """Units whose feedback this account sees: None for every unit (admin), else a set.

    An officer sees its own units; an account with neither role sees none (empty set).
    Feedback without a unit is seen only by those who see every unit.
    """
    if staff is None:
        return set()
    if ADMIN in staff.roles:
        return None
    if OFFICER in staff.roles:
        return set(staff.unit_slugs)
    return set()


def sees_unit(staff: StaffUser | None, unit_slug: str | None) -> bool:
    units = visible_unit_slugs(staff)
    return units is None or (unit_slug is not None and unit_slug in units)


def officers_of_unit(unit_slug: str) -> list[StaffUser]:
    """Active accounts that answer the feedback of this unit (officers of it), by e-mail."""
    query = (
        select(StaffUser)
        .join(StaffRole, StaffRole.staff_id == StaffUser.id)
        .join(StaffUnit, StaffUnit.staff_id == StaffUser.id)
        .where(
            StaffRole.role == OFFICER,
            StaffUnit.unit_slug == unit_slug,
            StaffUser.active.is_(True),
        )
        .order_by(StaffUser.email)
    )
    return list(db.session.scalars(query).unique())


# -- navigation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object  # a lazy string
    order: int
    # other endpoints under which this item is the current page (a record of the list)
    also_current: tuple[str, ...] = ()

    def is_current(self, endpoint: str | None) -> bool:
        return endpoint == self.endpoint or endpoint in self.also_current


NAV: dict[str, NavItem] = {}


def add_nav(endpoint: str, label, order: int, also_current: Iterable[str] = ()) -> None:
    """Put a page in the staff navigation; it shows only to accounts that may open it."""
    NAV[endpoint] = NavItem(endpoint, label, order, tuple(also_current))


def staff_nav(user: StaffUser | None = None) -> list[NavItem]:
    user = user or current_staff()
    if user is None or user.must_change_password:
        return []
    items = sorted(NAV.values(), key=lambda item: (item.order, item.endpoint))
    return [item for item in items if can_open(item.endpoint, user)]


def role_label(role: str) -> str:
    label = ROLE_LABELS.get(role)
    return str(label) if label is not None else role


TEMPLATE_GLOBALS = {
    "current_staff": current_staff,
    "has_role": has_role,
    "has_any_role": has_any_role,
    "can_open": can_open,
    "sees_personal_data": sees_personal_data,
    "staff_nav": staff_nav,
    "role_label": role_label,
}
