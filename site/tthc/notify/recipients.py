"""Who receives what: a unit's officers (tthc.admin.roles) and the admins, by e-mail address."""

from __future__ import annotations

from sqlalchemy import select

from tthc.admin.models import StaffRole, StaffUser
from tthc.admin.roles import ADMIN, officers_of_unit
from tthc.extensions import db


def officers(unit_slug: str | None) -> list[str]:
    """Active officers who answer for the unit, by address."""
    if not unit_slug:
        return []
    return [user.email for user in officers_of_unit(unit_slug)]


def admins() -> list[str]:
    query = (
        select(StaffUser.email)
        .join(StaffRole, StaffRole.staff_id == StaffUser.id)
        .where(StaffRole.role == ADMIN, StaffUser.active.is_(True))
        .order_by(StaffUser.email)
    )
    return list(dict.fromkeys(db.session.scalars(query)))


def officers_or_admins(unit_slug: str | None) -> list[str]:
    """The unit's officers; the admins when it has none (or no unit), so nothing goes unseen."""
    return officers(unit_slug) or admins()


def officers_and_admins(unit_slug: str | None) -> list[str]:
    """Escalation: the unit's officers and every admin, each address once."""
    return list(dict.fromkeys(officers(unit_slug) + admins()))
