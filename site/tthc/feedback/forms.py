"""Forms of the citizen side: feedback, 'was this page useful', unit rating."""

from __future__ import annotations

import re
import uuid

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, ValidationError

from tthc.catalog import Catalog
from tthc.feedback.cleaning import clean_text
from tthc.feedback.models import CATEGORY_LABELS, RATING_LABELS
from tthc.feedback.phones import normalize_phone
from tthc.i18n import _, _l

MESSAGE_MAX = 2000
NAME_MAX = 100
EMAIL_MAX = 254
COMMENT_MAX = 500


def _multiline(value):
    return clean_text(value, multiline=True) if isinstance(value, str) else value


def _line(value):
    return clean_text(value) if isinstance(value, str) else value


def _is_uuid(value: str | None) -> bool:
    try:
        return str(uuid.UUID(value or "")) == value
    except ValueError:
        return False


PROCEDURE_CANDIDATES = 6
# A procedure code alone ("1.004222") or at the end of a picked label ("… (1.004222)").
_CODE = re.compile(r"(?:^|\()\s*(\d+\.\d+)\s*\)?\s*$")


def procedure_label(procedure) -> str:
    """What the procedure field shows for a chosen procedure: its short name and code."""
    return f"{procedure.display_short_name} ({procedure.code})"


def required_choice(label, choices: list[SelectChoice], when_missing) -> RadioField:
    """Radio buttons one of which must be chosen, with the message that says so."""
    return RadioField(label, choices=choices, validators=[InputRequired(when_missing)])


class FeedbackForm(FlaskForm):
    """Phản ánh, kiến nghị; the catalogue fills the procedure and unit choices."""

    category = required_choice(
        _l("Loại phản ánh, kiến nghị"),
        [SelectChoice(key.value, label) for key, label in CATEGORY_LABELS.items()],
        _l("Vui lòng chọn loại phản ánh, kiến nghị."),
    )
    # A text field, not a <select> of the whole catalogue (177 options made the page 51 KB):
    # a script suggests as people type; without it, a code or a few words are enough and the
    # server offers the matching procedures to pick from (procedure_pick).
    procedure = StringField(_l("Thủ tục liên quan (không bắt buộc)"), filters=[_line])
    procedure_pick = StringField()
    unit = SelectField(_l("Nơi thực hiện (không bắt buộc)"), validate_choice=False)
    message = TextAreaField(
        _l("Nội dung"),
        filters=[_multiline],
    )
    name = StringField(_l("Họ và tên"), filters=[_line])
    phone = StringField(_l("Số điện thoại"), filters=[_line])
    email = StringField(_l("Thư điện tử"), filters=[_line])
    photo = FileField(_l("Ảnh kèm theo (không bắt buộc)"))
    publish_answer = BooleanField(
        _l(
            "Tôi đồng ý để câu trả lời được hiển thị trên trang tra cứu theo mã (không kèm "
            "thông tin cá nhân)."
        )
    )
    consent = BooleanField(_l("Tôi đã đọc thông báo về dữ liệu cá nhân và đồng ý."))
    answer_by_email = BooleanField(_l("Gửi câu trả lời đến thư điện tử của tôi."))
    submission_id = HiddenField()
    form_token = HiddenField()
    website = StringField(_l("Để trống ô này"))  # honeypot: hidden from people by CSS

    def __init__(self, catalog: Catalog, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalog = catalog
        # What is stored: the numbers and addresses in one form, whatever was typed.
        self.phone_number: str | None = None
        self.email_address: str | None = None
        none = SelectChoice("", _("— Không chọn —"))
        # The code of the procedure the citizen chose, once validated; the procedures that
        # match what was typed when it was not a code.
        self.procedure_code: str | None = None
        self.procedure_candidates: list = []
        self.unit.choices = [none] + [SelectChoice(u.slug, u.name) for u in catalog.units]
        if not _is_uuid(self.submission_id.data):
            self.submission_id.data = str(uuid.uuid4())

    def prefill_procedure(self, code: str) -> None:
        procedure = self.catalog.get(code)
        if procedure is not None:
            self.procedure.data = procedure_label(procedure)

    def validate_procedure(self, field):
        picked = (self.procedure_pick.data or "").strip()
        if picked and self.catalog.get(picked) is not None:
            self.procedure_code = picked
            field.data = procedure_label(self.catalog.get(picked))
            return
        text = field.data or ""
        if not text:
            return
        code = _CODE.search(text)
        if code:
            if self.catalog.get(code.group(1)) is None:
                raise ValidationError(_("Thủ tục này không có trong danh mục."))
            self.procedure_code = code.group(1)
            return
        from tthc import search

        hits = search.search(text, per_page=PROCEDURE_CANDIDATES).hits
        self.procedure_candidates = [
            self.catalog.get(hit.entry.code) for hit in hits if self.catalog.get(hit.entry.code)
        ]
        if self.procedure_candidates:
            raise ValidationError(_("Vui lòng chọn một thủ tục trong danh sách dưới đây."))
        raise ValidationError(
            _("Không tìm thấy thủ tục này. Hãy ghi tên khác, mã thủ tục, hoặc để trống ô này.")
        )

    def validate_unit(self, field):
        if field.data and self.catalog.unit(field.data) is None:
            raise ValidationError(_("Đơn vị này không có trong danh sách."))

    def validate_message(self, field):
        if not field.data:
            raise ValidationError(_("Vui lòng nhập nội dung phản ánh, kiến nghị."))
        if len(field.data) > MESSAGE_MAX:
            raise ValidationError(
                _(
                    "Nội dung dài %(n)s ký tự, vượt quá %(max)s ký tự cho phép.",
                    n=len(field.data),
                    max=MESSAGE_MAX,
                )
            )

    def validate_name(self, field):
        if not field.data:
            raise ValidationError(_("Vui lòng nhập họ và tên."))
        if len(field.data) > NAME_MAX:
            raise ValidationError(_("Họ và tên không quá %(max)s ký tự.", max=NAME_MAX))

    def validate_phone(self, field):
        if field.data:
            number = normalize_phone(field.data)
            if number is None:
                raise ValidationError(
                    _("Số điện thoại chưa đúng. Ví dụ: 0912 345 678 hoặc 0299 3822 123.")
                )
            self.phone_number = number
        elif not self.email.data:
            raise ValidationError(
                _("Vui lòng nhập số điện thoại hoặc thư điện tử để cơ quan trả lời bạn.")
            )

    def validate_email(self, field):
        if not field.data:
            return
        if len(field.data) > EMAIL_MAX:
            raise ValidationError(_("Địa chỉ thư điện tử quá dài."))
        try:
            valid = validate_email(field.data, check_deliverability=False)
            self.email_address = valid.normalized
        except EmailNotValidError:
            raise ValidationError(
                _("Địa chỉ thư điện tử chưa đúng. Ví dụ: nguyenvana@gmail.com.")
            ) from None

    def validate_answer_by_email(self, field):
        if field.data and not self.email.data:
            raise ValidationError(
                _("Vui lòng nhập thư điện tử để nhận câu trả lời qua thư, hoặc bỏ đánh dấu ô này.")
            )

    def validate_consent(self, field):
        if not field.data:
            raise ValidationError(
                _(
                    "Vui lòng đánh dấu ô đồng ý để gửi; nếu không đồng ý, bạn có thể gọi điện "
                    "hoặc đến trực tiếp cơ quan."
                )
            )


class UsefulForm(FlaskForm):
    """'Trang này có hữu ích không?' under a procedure page (see antiabuse.vote_token)."""

    class Meta:
        csrf = False  # replaced by a per-page signed token and a same-origin check

    useful = required_choice(
        _l("Trang này có hữu ích không?"),
        [SelectChoice("co", _l("Có")), SelectChoice("khong", _l("Không"))],
        _l("Vui lòng chọn Có hoặc Không."),
    )
    comment = TextAreaField(_l("Góp ý thêm (không bắt buộc)"), filters=[_multiline])
    token = HiddenField()

    def validate_comment(self, field):
        if field.data and len(field.data) > COMMENT_MAX:
            raise ValidationError(_("Góp ý không quá %(max)s ký tự.", max=COMMENT_MAX))


class RatingForm(FlaskForm):
    """Satisfaction with a unit's service."""

    rating = required_choice(
        _l("Bạn có hài lòng với việc giải quyết thủ tục tại đây không?"),
        [SelectChoice(key.value, label) for key, label in RATING_LABELS.items()],
        _l("Vui lòng chọn một mức độ hài lòng."),
    )
    comment = TextAreaField(_l("Góp ý thêm (không bắt buộc)"), filters=[_multiline])

    def validate_comment(self, field):
        if field.data and len(field.data) > COMMENT_MAX:
            raise ValidationError(_("Góp ý không quá %(max)s ký tự.", max=COMMENT_MAX))
