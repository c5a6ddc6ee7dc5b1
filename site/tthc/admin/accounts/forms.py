"""The forms of staff accounts: log in, change the password, an account's roles and units.

Every one carries a CSRF token (Flask-WTF).
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from tthc.admin.accounts import passwords
from tthc.admin.roles import ROLES, grant_errors, role_label
from tthc.catalog import get_catalog
from tthc.i18n import _l

TOO_LONG = _l("Mật khẩu quá dài.")


class LoginForm(FlaskForm):
    email = StringField(
        _l("Thư điện tử"),
        validators=[
            DataRequired(_l("Nhập địa chỉ thư điện tử.")),
            Length(max=254, message=_l("Địa chỉ thư điện tử quá dài.")),
        ],
    )
    password = PasswordField(
        _l("Mật khẩu"),
        validators=[
            DataRequired(_l("Nhập mật khẩu.")),
            Length(max=passwords.MAX_LENGTH, message=TOO_LONG),
        ],
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Mật khẩu hiện tại"),
        validators=[
            DataRequired(_l("Nhập mật khẩu hiện tại.")),
            Length(max=passwords.MAX_LENGTH, message=TOO_LONG),
        ],
    )
    new_password = PasswordField(
        _l("Mật khẩu mới"),
        validators=[
            DataRequired(_l("Nhập mật khẩu mới.")),
            Length(
                min=passwords.MIN_LENGTH,
                max=passwords.MAX_LENGTH,
                message=_l(
                    "Mật khẩu mới phải dài từ %(min)d đến %(max)d ký tự.",
                    min=passwords.MIN_LENGTH,
                    max=passwords.MAX_LENGTH,
                ),
            ),
        ],
    )
    confirm = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[
            DataRequired(_l("Nhập lại mật khẩu mới.")),
            EqualTo("new_password", _l("Hai lần nhập mật khẩu mới không khớp.")),
        ],
    )

    def validate_new_password(self, field) -> None:
        if field.data and field.data == self.current_password.data:
            raise ValidationError(_l("Mật khẩu mới phải khác mật khẩu hiện tại."))


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


