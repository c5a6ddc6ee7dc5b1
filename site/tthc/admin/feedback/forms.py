"""Staff forms on a submission: answer, status, hide; extend its due date once, transfer it.

Every one carries a CSRF token (Flask-WTF).
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from tthc.catalog.models import Unit
from tthc.feedback import service
from tthc.feedback.models import Feedback, FeedbackStatus
from tthc.feedback.workdays import add_working_days, is_working_day
from tthc.i18n import _l

ANSWER_MAX_LENGTH = 10_000
REASON_MAX = 500


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



class DayField(DateField):
    """A date (YYYY-MM-DD, as <input type=date> sends it), its error in the user's language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(str(_l("Ngày chưa đúng. Ví dụ: 2026-12-31."))) from None


class ExtendForm(FlaskForm):
    new_due = DayField(
        _l("Hạn trả lời mới"),
        validators=[InputRequired(_l("Nhập hạn trả lời mới, ví dụ 2026-12-31."))],
        format="%Y-%m-%d",
    )
    extension_reason = TextAreaField(
        _l("Lý do gia hạn (hiện trên trang tra cứu của người gửi)"),
        validators=[
            DataRequired(_l("Nhập lý do gia hạn.")),
            Length(max=REASON_MAX, message=_l("Lý do dài tối đa %(max)d ký tự.", max=REASON_MAX)),
        ],
    )

    def __init__(self, item: Feedback, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item

    def validate_new_due(self, field) -> None:
        if field.data is None:
            return  # the date could not be read: that message is already there
        if self.item.original_due_on is not None:
            raise ValidationError(_l("Hạn trả lời chỉ được gia hạn một lần."))
        if field.data <= self.item.due_on:
            raise ValidationError(_l("Hạn mới phải sau hạn hiện tại."))
        if not is_working_day(field.data):
            raise ValidationError(
                _l("Hạn mới phải là ngày làm việc (không phải thứ Bảy, Chủ nhật, ngày lễ, Tết).")
            )
        limit = add_working_days(self.item.due_on, service.MAX_EXTENSION_WORKING_DAYS)
        if field.data > limit:
            raise ValidationError(
                _l("Chỉ gia hạn tối đa %(n)d ngày làm việc.", n=service.MAX_EXTENSION_WORKING_DAYS)
            )


class TransferForm(FlaskForm):
    transfer_unit = SelectField(_l("Chuyển đến đơn vị"), validate_choice=False)
    transfer_note = TextAreaField(
        _l("Ghi chú cho đơn vị nhận (không bắt buộc)"),
        validators=[
            Length(max=REASON_MAX, message=_l("Ghi chú dài tối đa %(max)d ký tự.", max=REASON_MAX))
        ],
    )

    def __init__(self, item: Feedback, units: list[Unit], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.transfer_unit.choices = [(u.slug, u.name) for u in units if u.slug != item.routed_unit]

    def validate_transfer_unit(self, field) -> None:
        if field.data not in {slug for slug, _name in field.choices}:
            raise ValidationError(_l("Chọn một đơn vị khác trong danh sách."))
