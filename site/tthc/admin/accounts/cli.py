"""`flask staff …`: create accounts with a one-time password, reset, deactivate, list."""

from __future__ import annotations

import functools

import click
from email_validator import EmailNotValidError, validate_email
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from tthc.admin.accounts import passwords
from tthc.admin.accounts.auth import normalise_email
from tthc.admin.accounts.throttle import aware
from tthc.admin.models import AuditLog, StaffUser
from tthc.admin.roles import ROLES, grant_errors
from tthc.catalog import get_catalog
from tthc.clock import now
from tthc.extensions import db
from tthc.i18n import DEFAULT_LANGUAGE, _

staff_cli = AppGroup("staff", help="Staff accounts of the /quan-tri area.")


def in_vietnamese(command):
    """Run a command with the site's default language: there is no request to choose one."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        with force_locale(DEFAULT_LANGUAGE):
            return command(*args, **kwargs)

    return run


def _valid_email(email: str) -> str:
    try:
        checked = validate_email(email.strip(), check_deliverability=False)
        return normalise_email(checked.normalized)
    except EmailNotValidError as error:
        raise click.BadParameter(
            _("'%(email)s' không phải là địa chỉ thư điện tử hợp lệ.", email=email)
        ) from error


def _find(email: str) -> StaffUser:
    user = db.session.scalar(select(StaffUser).where(StaffUser.email == normalise_email(email)))
    if user is None:
        raise click.ClickException(_("Không có tài khoản cán bộ %(email)s.", email=email))
    return user


def _print_password(email: str, password: str) -> None:
    click.echo(
        _("Mật khẩu dùng một lần của %(email)s: %(password)s", email=email, password=password)
    )
    click.echo(_("Mật khẩu chỉ hiện một lần này; phải đổi ngay ở lần đăng nhập đầu tiên."))


@staff_cli.command("create")
@click.argument("email")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    metavar="ROLE",
    help=f"One of {', '.join(ROLES)}; repeat for several roles.",
)
@click.option(
    "--unit",
    "units",
    multiple=True,
    metavar="SLUG",
    help="A unit of procedures/units.yaml whose feedback an officer answers; repeatable.",
)
@in_vietnamese
def create(email: str, roles: tuple[str, ...], units: tuple[str, ...]) -> None:
    """Create a staff account with its roles and print its one-time password."""
    email = _valid_email(email)
    roles = tuple(role.strip().lower() for role in roles)
    units = tuple(unit.strip() for unit in units)
    errors = grant_errors(roles, units, {unit.slug for unit in get_catalog().units})
    if errors:
        raise click.UsageError("\n".join(message for _field, message in errors))
    if db.session.scalar(select(StaffUser.id).where(StaffUser.email == email)) is not None:
        raise click.ClickException(_("Tài khoản %(email)s đã có.", email=email))
    password = passwords.one_time_password()
    user = StaffUser(email=email, password_hash=passwords.hash_password(password))
    user.must_change_password = True
    user.set_roles(roles)
    user.set_units(units)
    db.session.add(user)
    db.session.flush()
    details = f"roles: {', '.join(sorted(roles))}; units: {', '.join(sorted(units)) or '-'}"
    db.session.add(AuditLog(staff_id=None, staff_email="", action="staff.create",
                            target=email, details=f"flask staff create | {details}", ip=""))
    db.session.commit()
    _print_password(email, password)


@staff_cli.command("reset-password")
@click.argument("email")
@in_vietnamese
def reset_password(email: str) -> None:
    """Give an account a new one-time password, unlock it and end its sessions."""
    user = _find(email)
    password = passwords.one_time_password()
    user.password_hash = passwords.hash_password(password)
    user.must_change_password = True
    user.failed_logins = 0
    user.locked_until = None
    user.active = True
    user.session_version += 1
    db.session.commit()
    _print_password(user.email, password)


@staff_cli.command("deactivate")
@click.argument("email")
@in_vietnamese
def deactivate(email: str) -> None:
    """Stop an account from logging in and end its sessions."""
    user = _find(email)
    user.active = False
    user.session_version += 1
    db.session.commit()
    click.echo(_("%(email)s không còn đăng nhập được.", email=user.email))


@staff_cli.command("list")
@in_vietnamese
def list_accounts() -> None:
    """List staff accounts with their state."""
    users = db.session.scalars(select(StaffUser).order_by(StaffUser.email)).all()
    if not users:
        click.echo(
            _("Chưa có tài khoản nào. Tạo bằng lệnh: flask staff create <email> --role admin")
        )
    for user in users:
        states = [_("đang hoạt động") if user.active else _("đã khóa hẳn")]
        if user.must_change_password:
            states.append(_("phải đổi mật khẩu"))
        locked_until = aware(user.locked_until)
        if locked_until is not None and locked_until > now():
            states.append(_("tạm khóa"))
        last = f"{user.last_login_at:%Y-%m-%d %H:%M}" if user.last_login_at else "-"
        roles = ", ".join(sorted(user.roles)) or "-"
        if user.unit_slugs:
            roles += f" ({', '.join(sorted(user.unit_slugs))})"
        click.echo(
            f"{user.email}\t{roles}\t{', '.join(states)}\t{_('lần đăng nhập cuối')}: {last}"
        )
