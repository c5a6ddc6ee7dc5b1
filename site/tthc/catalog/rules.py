"""Content rules: what a careful reader of a procedure page would catch, found before publishing.

Schema validation (models.py) says a file is well formed; these rules say whether what it tells
a citizen is right: a legal document shown with another document's date, a note listed as a
document to bring, a multi-stage time shown as separate rows, a fee whose unit was dropped, a
change-log entry that no longer describes today's value, a typo copied from the portal.

Every rule takes a Procedure (and the Catalog, for rules across records) and returns Findings
with a severity, the path of the field and a Vietnamese message, so the same rules serve
``flask catalog check``, the importer's review list and an editor's draft page:

    from tthc.catalog.rules import check_procedure
    for finding in check_procedure(procedure, catalog): ...
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tthc.catalog.models import (
    Channel,
    ChannelOption,
    Procedure,
    ProcessingTime,
    TimeUnit,
    Unit,
)
from tthc.text import fold

if TYPE_CHECKING:
    from tthc.catalog.catalog import Catalog

ERROR = "error"
WARNING = "warning"

# Rule identifiers, one per class of error (reference/REVIEW.md and the tests name them).
LEGAL_DATE = "legal_date"
NOTE_MEANING = "note_meaning"
NOTE_AS_DOCUMENT = "note_as_document"
STAGES = "stages"
FEE_UNIT = "fee_unit"
SUPERSEDED_CHANGE = "superseded_change"
TYPO = "typo"
EMPTY_CONTACT = "empty_contact"
ONLINE_SUBMISSION = "online_submission"


@dataclass(frozen=True)
class Finding:
    """One problem of one record: how bad, where (a field path) and what, in Vietnamese."""

    severity: str
    rule: str
    code: str
    path: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def line(self) -> str:
        label = "lỗi" if self.is_error else "cảnh báo"
        return f"{label}: {self.code}: {self.path}: {self.message} [{self.rule}]"


# --- Legal basis: a date belongs to a number only when it follows that number ---------------

_DATE_AFTER = re.compile(
    r"^\s*(?:,\s*)?ngày\s+(?:"
    r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))",
    re.IGNORECASE,
)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


def date_after_number(title: str, number: str) -> dt.date | None:
    """Return the date written right after ``number`` in ``title`` ("số 66/2023/TT-BCA ngày …").

    A date elsewhere in the title belongs to another document the title mentions, so it is
    never taken. Spaces inside the number ("TT- BCA") and a missing space before "ngày"
    ("TT-BCAngày", a portal typo) are tolerated.
    """
    wanted = _squeeze(number)
    if not wanted:
        return None
    # Walk the title keeping a map from squeezed positions back to the original text.
    squeezed, positions = [], []
    for index, char in enumerate(title):
        if not char.isspace():
            squeezed.append(char.upper())
            positions.append(index)
    haystack = "".join(squeezed)
    start = haystack.find(wanted)
    while start >= 0:
        end = positions[start + len(wanted) - 1] + 1
        following = title[end:]
        # "Thông tư 60/2023/TT-BTC" must not match inside "160/2023/TT-BTC".
        first = positions[start]
        before_ok = first == 0 or not title[first - 1].isalnum()
        match = _DATE_AFTER.match(following) if before_ok else None
        if match:
            day = match.group("d") or match.group("d2")
            month = match.group("m") or match.group("m2")
            year = match.group("y") or match.group("y2")
            try:
                return dt.date(int(year), int(month), int(day))
            except ValueError:
                return None
        start = haystack.find(wanted, start + 1)
    return None


def date_after_number_in(titles: list[str], number: str) -> dt.date | None:
    """Return the date that follows ``number`` in the first of ``titles`` that gives one.

    A procedure's own legal basis often names a document with its date in another entry's
    title ("… sửa đổi bởi Thông tư số 66/2023/TT-BCA ngày 17 tháng 11 năm 2023"): that date
    still follows the number, so it is the document's.
    """
    for title in titles:
        if found := date_after_number(title or "", number):
            return found
    return None


def _legal_dates(procedure: Procedure) -> Iterator[Finding]:
    for index, basis in enumerate(procedure.legal_basis):
        if basis.issued_on is None:
            continue
        others = [b.title or "" for b in procedure.legal_basis if b is not basis]
        found = date_after_number_in([basis.title or "", *others], basis.number)
        if found == basis.issued_on:
            continue
        where = f"legal_basis.{index}.issued_on"
        if found is None:
            message = (
                f"ngày ban hành {basis.issued_on:%d/%m/%Y} của {basis.number} không đứng ngay sau "
                "số hiệu trong trích yếu: có thể là ngày của văn bản khác được nhắc tới; bỏ ngày "
                "hoặc lấy từ nguồn chắc chắn và ghi vào lịch sử thay đổi"
            )
        else:
            message = (
                f"ngày ban hành {basis.issued_on:%d/%m/%Y} khác ngày {found:%d/%m/%Y} ghi sau số "
                f"hiệu {basis.number} trong trích yếu"
            )
        yield Finding(ERROR, LEGAL_DATE, procedure.code, where, message)


# --- Notes whose meaning differs from the source -------------------------------------------

# Paraphrases known to turn an obligation around. The source says the exempt person *must*
# show proof *unless* the data is already in the national database; "được miễn xuất trình …,
# trừ khi …" says the opposite.
_INVERTED = (
    (
        re.compile(r"miễn xuất trình[^.;]*trừ khi", re.IGNORECASE),
        "nói người được miễn lệ phí được miễn xuất trình giấy tờ, trong khi văn bản gốc nói "
        "phải xuất trình giấy tờ chứng minh, trừ trường hợp thông tin đã có trong Cơ sở dữ liệu",
    ),
)


def inverted_meaning(text: str) -> str | None:
    """Say how a paraphrase turns the source around, or None."""
    for pattern, why in _INVERTED:
        if pattern.search(text or ""):
            return why
    return None


def _note_meanings(procedure: Procedure) -> Iterator[Finding]:
    for path, text in _texts(procedure):
        if why := inverted_meaning(text):
            yield Finding(
                ERROR, NOTE_MEANING, procedure.code, path,
                f"diễn giải sai nghĩa văn bản gốc: {why}; dùng nguyên văn của Cổng DVCQG",
            )


# --- Notes listed as documents -------------------------------------------------------------

# A checklist holds what a person brings; these openings are notes about the list.
_NOTE_OPENINGS = (
    "vi du",
    "luu y",
    "ghi chu",
    "chu y",
    "truong hop nop ho so truc tuyen",
    "viec nop ho so",
    "so luong ho so",
    "so bo ho so",
)
# "Thông tin chứng minh … được khai thác trong … Cơ sở dữ liệu": data the office looks up.
_LOOKED_UP = re.compile(r"^thong tin [^.]{0,160}duoc khai thac")


def note_opening(name: str) -> bool:
    """Tell whether a document's name is a note rather than something a person brings."""
    words = fold(name).lower().lstrip("*-+ ").strip()
    return words.startswith(_NOTE_OPENINGS) or bool(_LOOKED_UP.match(words))


def _notes_as_documents(procedure: Procedure) -> Iterator[Finding]:
    for index, document in enumerate(procedure.documents):
        path = f"documents.{index}"
        if note_opening(document.name):
            yield Finding(
                ERROR, NOTE_AS_DOCUMENT, procedure.code, path,
                f"“{_short(document.name)}” là ghi chú, không phải giấy tờ phải mang: chuyển "
                "vào document_notes (kèm case của nhóm giấy tờ)",
            )
        elif not document.originals and not document.copies and not document.form:
            yield Finding(
                WARNING, NOTE_AS_DOCUMENT, procedure.code, path,
                f"“{_short(document.name)}” không có bản chính, bản sao hay mẫu: kiểm tra đây "
                "là giấy tờ, ghi chú hay phần mô tả của giấy tờ trước",
            )


# --- Multi-stage times ---------------------------------------------------------------------

_STAGE_CASE = re.compile(r"^\s*(?:giai đoạn|bước)\s*\d+\s*[:.]", re.IGNORECASE)


def total_time(times: list[ProcessingTime]) -> ProcessingTime | None:
    """Add up stage times of one unit; None when they cannot be added (mixed units, text)."""
    units = {time.unit for time in times}
    if len(units) != 1 or any(time.value is None for time in times):
        return None
    unit = units.pop()
    if unit is TimeUnit.OTHER:
        return None
    return ProcessingTime(value=sum(time.value or 0 for time in times), unit=unit)


def _case_head(case: str | None) -> str | None:
    head, colon, _ = (case or "").partition(":")
    return head.strip() if colon and head.strip() else None


def _stages(procedure: Procedure) -> Iterator[Finding]:
    # Rows of one channel whose cases share a head ("Doanh nghiệp khác: …") are the steps of
    # that case, one after the other: stages shown as rows.
    heads: dict[tuple[Channel, str], list[int]] = {}
    for index, option in enumerate(procedure.channels):
        if (head := _case_head(option.case)) and not _STAGE_CASE.match(option.case or ""):
            heads.setdefault((option.channel, head), []).append(index)
    # Rows of one channel that each start "Trong thời hạn …: <who does what>" are the steps of
    # one process as the portal splits them (the importer's raw rows).
    steps: dict[Channel, list[int]] = {}
    for index, option in enumerate(procedure.channels):
        opening = fold((option.case or option.note or "").lstrip("+-* ")).lower()
        if not option.stages and opening.startswith(("trong thoi han", "trong thoi gian")):
            steps.setdefault(option.channel, []).append(index)
    for indexes in steps.values():
        if len(indexes) > 1:
            for index in indexes:
                yield Finding(
                    ERROR, STAGES, procedure.code, f"channels.{index}",
                    "các dòng “Trong thời hạn …” của cùng một cách nộp là các bước nối tiếp: "
                    "ghép vào 'stages' của một dòng, với thời hạn tổng người dân phải chờ",
                )
    for (_, head), indexes in heads.items():
        if len(indexes) > 1:
            for index in indexes:
                yield Finding(
                    ERROR, STAGES, procedure.code, f"channels.{index}.case",
                    f"các dòng “{_short(head)}: …” là các giai đoạn nối tiếp của một trường "
                    "hợp: ghép vào 'stages' của một dòng, với thời hạn tổng người dân phải chờ",
                )
    for index, option in enumerate(procedure.channels):
        if option.case and _STAGE_CASE.match(option.case):
            yield Finding(
                ERROR, STAGES, procedure.code, f"channels.{index}.case",
                f"“{_short(option.case)}” là một giai đoạn, không phải một trường hợp: ghép các "
                "giai đoạn vào 'stages' của một dòng, với thời hạn tổng người dân phải chờ",
            )
        if option.stages:
            total = total_time([stage.time for stage in option.stages])
            if total is not None and (total.value, total.unit) != (option.time.value,
                                                                  option.time.unit):
                yield Finding(
                    ERROR, STAGES, procedure.code, f"channels.{index}.time",
                    "thời hạn của dòng không bằng tổng các giai đoạn "
                    f"({_time(total)}): người dân chờ tổng thời gian",
                )


# --- Fee units -----------------------------------------------------------------------------

_PER_UNIT = re.compile(
    r"(\d{1,3}(?:\.\d{3})+|\d+)\s*(?:đồng|đ|vnđ)\s*/\s*([^\s;,.)(]+(?:\s*/\s*[^\s;,.)(]+)*"
    r"(?:\s+(?:đăng ký|cấp|lần|người|hồ sơ|bộ|xe|thẻ|giấy|cuốn|trang|bản))?)",
    re.IGNORECASE,
)


def units_in(text: str) -> dict[int, str]:
    """Map each amount a text cites per unit ('10.000 đồng/giấy') to that unit."""
    found: dict[int, str] = {}
    for figure, unit in _PER_UNIT.findall(text or ""):
        found.setdefault(int(figure.replace(".", "")), unit.strip())
    return found


def _fee_units(procedure: Procedure) -> Iterator[Finding]:
    for c_index, option in enumerate(procedure.channels):
        for f_index, fee in enumerate(option.fees):
            if not fee.amount or fee.currency != "VND" or fee.unit:
                continue
            unit = units_in(fee.note or "").get(fee.amount)
            if unit:
                yield Finding(
                    ERROR, FEE_UNIT, procedure.code, f"channels.{c_index}.fees.{f_index}.unit",
                    f"văn bản ghi {fee.amount:,} đồng/{unit} nhưng trang chỉ hiện số tiền: "
                    f"thêm unit: {unit}".replace(",", "."),
                )


# --- Change-log entries that no longer describe today's value ------------------------------

_NEW_TIME = re.compile(
    r"(?:xuống|còn|thành)\s+(\d+)\s+(ngày làm việc|ngày|giờ|tháng)", re.IGNORECASE
)
_UNITS = {
    "ngày làm việc": TimeUnit.WORKING_DAY,
    "ngày": TimeUnit.DAY,
    "giờ": TimeUnit.HOUR,
    "tháng": TimeUnit.MONTH,
}


def _superseded_changes(procedure: Procedure) -> Iterator[Finding]:
    current = {(o.time.value, o.time.unit) for o in procedure.channels if o.time.value}
    current |= {(s.time.value, s.time.unit) for o in procedure.channels for s in o.stages}
    for index, change in enumerate(procedure.changes):
        if change.superseded_by:
            continue
        for number, unit in _NEW_TIME.findall(change.summary):
            value = (float(number), _UNITS[unit.lower()])
            if value not in current:
                now = ", ".join(sorted({_time(o.time) for o in procedure.channels}))
                yield Finding(
                    ERROR, SUPERSEDED_CHANGE, procedure.code, f"changes.{index}",
                    f"mục ngày {change.date:%d/%m/%Y} nói thời hạn {number} {unit} nhưng trang "
                    f"ghi {now}: ghi superseded_by (thay bằng gì) và superseded_on (từ khi nào)",
                )
                break


# --- Typos copied from the source ----------------------------------------------------------

TYPOS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bcấp tinh\b"), "cấp tỉnh"),
    (re.compile(r"\bnhân nhân(?: nhân)? dân\b|\bnhân nhân nhân\b|\bnhân nhân\b"), "nhân dân"),
    (re.compile(r"(\d/[A-ZĐ-]*[A-ZĐ])(ngày)\b"), r"\1 \2"),
    (re.compile(r"(\d{4}/[A-ZĐ]+)- ([A-ZĐ]+)"), r"\1-\2"),
    (re.compile(r"\b(hoặc|tại) \1\b", re.IGNORECASE), r"\1"),
    (re.compile(r"\bcăn cước cước\b", re.IGNORECASE), "căn cước"),
    (re.compile(r"\bquan quan đăng ký\b", re.IGNORECASE), "quan đăng ký"),
    (re.compile(r"\bcơ quản quản\b", re.IGNORECASE), "cơ quan quản"),
    (re.compile(r"/CP-NĐ\b"), "/NĐ-CP"),
)


def fix_typos(text: str) -> str:
    """Return ``text`` with the known typos of the portal corrected."""
    for pattern, replacement in TYPOS:
        text = pattern.sub(replacement, text)
    return text


def _typos(procedure: Procedure) -> Iterator[Finding]:
    for path, text in _texts(procedure):
        fixed = fix_typos(text)
        if fixed != text:
            yield Finding(
                ERROR, TYPO, procedure.code, path,
                f"lỗi chính tả chép từ nguồn: {_difference(text, fixed)}",
            )


# --- Online submission ---------------------------------------------------------------------


def is_information_page(url: str) -> bool:
    """Tell whether a portal address is a procedure's information page, not a submission one."""
    return "/thu-tuc-hanh-chinh/" in url or "/bothutuc/tthc" in url


def _online_submission(procedure: Procedure) -> Iterator[Finding]:
    service = procedure.online_service
    if service is None:
        if procedure.channels_of(Channel.ONLINE):
            yield Finding(
                WARNING, ONLINE_SUBMISSION, procedure.code, "online_service",
                "có kênh trực tuyến nhưng không có online_service: trang không chỉ nơi nộp",
            )
        return
    if service.submit_url and is_information_page(str(service.submit_url)):
        yield Finding(
            ERROR, ONLINE_SUBMISSION, procedure.code, "online_service.submit_url",
            "địa chỉ nộp hồ sơ là trang thông tin thủ tục, không phải trang nộp hồ sơ",
        )


# --- Units ---------------------------------------------------------------------------------


def check_unit(unit: Unit) -> list[Finding]:
    """A unit page with no contact at all shows a heading with nothing under it."""
    if unit.address or unit.phone or unit.email or unit.opening_hours:
        return []
    return [Finding(
        WARNING, EMPTY_CONTACT, unit.slug, "units",
        "đơn vị không có địa chỉ, điện thoại, thư điện tử hay giờ tiếp nhận đã xác minh: trang "
        "đơn vị không hiện mục Liên hệ",
    )]


# --- Running the rules ---------------------------------------------------------------------

RULES: tuple[Callable[[Procedure], Iterator[Finding]], ...] = (
    _legal_dates,
    _note_meanings,
    _notes_as_documents,
    _stages,
    _fee_units,
    _superseded_changes,
    _typos,
    _online_submission,
)


def check_procedure(procedure: Procedure, catalog: Catalog | None = None) -> list[Finding]:
    """Return every content finding of one procedure (``catalog`` for cross-record rules)."""
    del catalog  # every rule so far reads the procedure alone
    return [finding for rule in RULES for finding in rule(procedure)]


def check_catalog(catalog: Catalog) -> list[Finding]:
    """Return the findings of every procedure and unit, errors first."""
    findings = [f for procedure in catalog for f in check_procedure(procedure, catalog)]
    findings += [f for unit in catalog.units for f in check_unit(unit)]
    return sorted(findings, key=lambda f: (not f.is_error, f.code, f.path))


# --- Helpers -------------------------------------------------------------------------------


def _texts(procedure: Procedure) -> Iterator[tuple[str, str]]:
    """Yield (path, text) of every free text a citizen reads on the page."""
    yield "name", procedure.name
    if procedure.short_name:
        yield "short_name", procedure.short_name
    for c_index, option in enumerate(procedure.channels):
        if option.case:
            yield f"channels.{c_index}.case", option.case
        if option.note:
            yield f"channels.{c_index}.note", option.note
        for f_index, fee in enumerate(option.fees):
            yield f"channels.{c_index}.fees.{f_index}.name", fee.name
            if fee.note:
                yield f"channels.{c_index}.fees.{f_index}.note", fee.note
    for index, document in enumerate(procedure.documents):
        yield f"documents.{index}.name", document.name
        if document.case:
            yield f"documents.{index}.case", document.case
        if document.note:
            yield f"documents.{index}.note", document.note
    for index, note in enumerate(procedure.document_notes):
        yield f"document_notes.{index}", note if isinstance(note, str) else note.text
    for index, step in enumerate(procedure.steps):
        yield f"steps.{index}", step
    if procedure.requirements:
        yield "requirements", procedure.requirements
    for index, result in enumerate(procedure.results):
        yield f"results.{index}", result
    for index, basis in enumerate(procedure.legal_basis):
        yield f"legal_basis.{index}.number", basis.number
        if basis.title:
            yield f"legal_basis.{index}.title", basis.title


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _difference(text: str, fixed: str) -> str:
    """Show the first corrected passage: '… nhân nhân …' → '… nhân dân …'."""
    start = next((i for i, (a, b) in enumerate(zip(text, fixed, strict=False)) if a != b), 0)
    end_a, end_b = len(text), len(fixed)
    while end_a > start and end_b > start and text[end_a - 1] == fixed[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    left = max(0, start - 12)
    return f"“{text[left:end_a + 8].strip()}” → “{fixed[left:end_b + 8].strip()}”"


def _time(time: ProcessingTime) -> str:
    if time.value is None:
        return time.text or ""
    value = int(time.value) if float(time.value).is_integer() else time.value
    names = {
        TimeUnit.WORKING_DAY: "ngày làm việc",
        TimeUnit.DAY: "ngày",
        TimeUnit.HOUR: "giờ",
        TimeUnit.MONTH: "tháng",
        TimeUnit.OTHER: time.text or "",
    }
    return f"{value} {names[time.unit]}"


__all__ = [
    "ERROR",
    "WARNING",
    "ChannelOption",
    "Finding",
    "check_catalog",
    "check_procedure",
    "check_unit",
    "date_after_number",
    "date_after_number_in",
    "fix_typos",
    "note_opening",
    "total_time",
]
