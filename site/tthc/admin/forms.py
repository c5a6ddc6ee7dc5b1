"""Staff forms; every one carries a CSRF token (Flask-WTF)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from tthc.admin import passwords
from tthc.feedback import service
from tthc.feedback.models import FeedbackStatus
from tthc.i18n import _l

ANSWER_MAX_LENGTH = 10_000
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


class AnswerForm(FlaskForm):
    answer = TextAreaField(
        _l("Nội dung trả lời"),
        validators=[
            DataRequired(_l("Nhập nội dung trả lời.")),
            Length(
                max=ANSWER_MAX_LENGTH,
                message=_l("Trả lời dài tối đa %(max)d ký tự.", max=ANSWER_MAX_LENGTH),
            ),
        ],
    )
    publish = BooleanField(_l("Công bố trả lời trên trang tra cứu (người gửi đã đồng ý)"))


class StatusForm(FlaskForm):
    status = SelectField(
        _l("Chuyển sang trạng thái"),
        # no DataRequired: it would mark the <select> required, which HTML forbids here
        validate_choice=False,  # checked below, with a message in the user's language
    )

    def __init__(self, current: FeedbackStatus, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the moves the feedback flow allows; "answered" comes from writing an answer.
        self.status.choices = [
            (status.value, status.label)
            for status in FeedbackStatus
            if status in service.ALLOWED_MOVES[current]
        ]

    def validate_status(self, field) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Không thể chuyển sang trạng thái này."))


class HideForm(FlaskForm):
    reason = StringField(
        _l("Lý do ẩn"),
        validators=[
            DataRequired(_l("Nhập lý do ẩn phản ánh này.")),
            Length(max=500, message=_l("Lý do dài tối đa 500 ký tự.")),
        ],
    )


class PlainForm(FlaskForm):
    """A form with nothing but its CSRF token: log out, unhide."""
