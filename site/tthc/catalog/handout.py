"""What the what-to-bring handout says for one procedure and one channel, for HTML and PDF."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from tthc.catalog.catalog import Catalog
from tthc.catalog.models import Channel, ChannelOption, Document, Procedure, Unit
from tthc.i18n import ngettext

# The portal writes the reception hours inside the channel's description:
# "… Thời gian tiếp nhận hồ sơ: Giờ hành chính các ngày làm việc … (trừ các ngày nghỉ lễ, …)."
_HOURS = re.compile(r"Thời gian tiếp nhận hồ sơ\s*:\s*([^.]*?(?:\([^)]*\))?[^.(]*)(?:\.|$)", re.I)
# "Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA": the circular that issues a form.
_ISSUED_BY = re.compile(
    r"ban hành kèm theo\s+(Thông tư(?: số)?\s+[0-9]+/[0-9]{4}/[A-ZĐ0-9-]+)", re.I
)


# A list of documents is long from ten documents, or from this many characters of documents and
# notes (three phone screens): a procedure whose documents come in several cases then lists
# the cases on its page, each a link to its part of the documents page, instead of every
# document of every case (issue 15: a page weighs 40 KB at most; and a citizen reads the case
# that is theirs on a page made for ticking documents off).
LONG_DOCUMENTS = 2500
MANY_DOCUMENTS = 10


def documents_by_case(procedure: Procedure) -> bool:
    """Whether the procedure page lists the cases of the documents rather than the documents:
    two cases or more, every document under its case's heading, and a long list."""
    cases = procedure.document_cases
    if len(cases) < 2 or any(case is None for case, _ in cases):
        return False
    if len(procedure.documents) >= MANY_DOCUMENTS:
        return True
    length = sum(len(document.name) for document in procedure.documents)
    length += sum(len(note) for case, _ in cases for note in procedure.notes_under(case))
    length += sum(len(note) for note in procedure.notes_under(None))
    return length > LONG_DOCUMENTS


@dataclass(frozen=True)
class FormInfo:
    """A blank form a document names: its code, the circular issuing it, its address if known."""

    code: str
    issued_by: str | None
    url: str | None


@dataclass(frozen=True)
class Handout:
    procedure: Procedure
    channel: Channel
    channels: list[Channel]
    options: list[ChannelOption]
    cases: list[tuple[str | None, list[Document]]]
    forms: list[FormInfo]
    units: list[Unit]
    hours: list[str]


def choose_channel(procedure: Procedure, wanted: str | None) -> Channel:
    """Return the channel asked for when the procedure has it, else in person, else the first."""
    available = procedure.available_channels
    for channel in available:
        if channel.value == wanted:
            return channel
    return Channel.IN_PERSON if Channel.IN_PERSON in available else available[0]


def reception_hours(options: list[ChannelOption]) -> list[str]:
    """Return the reception hours the portal wrote in the channels' descriptions, each once."""
    found: list[str] = []
    for option in options:
        match = _HOURS.search(option.note or "")
        if match:
            text = " ".join(match.group(1).split()).rstrip(" ;,")
            if text and text not in found:
                found.append(text)
    return found


def forms_of(procedure: Procedure) -> list[FormInfo]:
    """Return the forms the documents name, each once, in the published order."""
    forms: dict[str, FormInfo] = {}
    for document in procedure.documents:
        if not document.form or document.form in forms:
            continue
        issued = _ISSUED_BY.search(document.name)
        url = document.form_url
        forms[document.form] = FormInfo(
            document.form, issued.group(1) if issued else None, str(url) if url else None
        )
    return list(forms.values())


def handout(catalog: Catalog, procedure: Procedure, wanted: str | None = None) -> Handout:
    """Collect what to bring, what it costs and where to go, for the chosen channel."""
    channel = choose_channel(procedure, wanted)
    options = procedure.channels_of(channel)
    units = catalog.units_for(procedure)
    hours = [unit.opening_hours for unit in units if unit.opening_hours]
    in_person = procedure.channels_of(Channel.IN_PERSON)
    return Handout(
        procedure=procedure,
        channel=channel,
        channels=procedure.available_channels,
        options=options,
        cases=procedure.document_cases,
        forms=forms_of(procedure),
        units=units,
        hours=list(dict.fromkeys(hours)) or reception_hours(in_person or options),
    )


# --- Shortening a list of documents that does not fit on paper -------------------------------
# One place for the A4 poster, the A5 PDF handout and the browser-printed handout: each says
# whether a selection fits its own layout; this decides which documents are kept.

T = TypeVar("T")
Cases = list[tuple[str | None, list[T]]]  # case heading (None or "" for none), its documents


@dataclass(frozen=True)
class Shortened(Generic[T]):
    """The documents printed when the whole list does not fit, and how many were left out.

    Only whole documents are dropped, never words of one: official wording is not paraphrased.
    """

    cases: Cases[T]  # what is printed, in the published order; a case with nothing printed goes
    omitted: int  # documents on the page that are not printed
    kept: frozenset[tuple[int, int]]  # (case, document) positions printed, both from 0

    @property
    def shown(self) -> list[T]:
        return [document for _case, documents in self.cases for document in documents]

    def omits(self, case: int, document: int | None = None) -> bool:
        """Whether a document (or, without ``document``, a whole case) is left out."""
        if document is not None:
            return (case, document) not in self.kept
        return not any(c == case for c, _d in self.kept)


def shorten(cases: Cases[T], fits: Callable[[Cases[T], int], bool]) -> Shortened[T]:
    """Return the documents to print: all when they fit, else the most needed that fit.

    ``fits(selection, omitted)`` says whether a selection fits with, when ``omitted`` > 0, the
    line saying where the rest are (``more_line``). Kept first: the documents without a case
    heading (every applicant brings them), then the first case's (the usual situation), then
    the others', each in the published order; a document that does not fit is skipped for a
    shorter one after it. The selection keeps the published order.
    """
    every = [(c, d) for c, (_case, documents) in enumerate(cases) for d in range(len(documents))]
    if fits(cases, 0):
        return Shortened(cases, 0, frozenset(every))
    cased = [c for c, (case, _documents) in enumerate(cases) if case]
    first = cased[0] if cased else None

    def rank(key: tuple[int, int]) -> tuple[int, int, int]:
        case = key[0]
        return (0 if not cases[case][0] else 1 if case == first else 2, *key)

    kept: set[tuple[int, int]] = set()
    for key in sorted(every, key=rank):
        trial = kept | {key}
        if fits(_selection(cases, trial), len(every) - len(trial)):
            kept = trial
    return Shortened(_selection(cases, kept), len(every) - len(kept), frozenset(kept))


def _selection(cases: Cases[T], kept: set[tuple[int, int]]) -> Cases[T]:
    chosen = [
        (case, [doc for d, doc in enumerate(documents) if (c, d) in kept])
        for c, (case, documents) in enumerate(cases)
    ]
    return [(case, documents) for case, documents in chosen if documents]


def more_line(count: int, url: str) -> str:
    """The line that ends a shortened list of documents: how many more, and where they are."""
    # i18n: ends a printed list of documents shortened to fit the sheet; url: the page of all
    return ngettext(
        "Còn %(count)d giấy tờ khác: xem đủ tại %(url)s",
        "Còn %(count)d giấy tờ khác: xem đủ tại %(url)s",
        count,
        count=count,
        url=url,
    )


# --- The browser-printed handout: an estimate of its height on one A5 sheet -------------------
# The numbers follow static/css/handout.css (@media print): A5 with 6 mm margins, 9 pt text with
# a 1.22 line box, the documents in two columns, the QR column (42 mm) beside the fees and the
# place. Widths are those of DejaVu Sans, the widest common fallback font (Chromium's on Debian):
# a narrower font (Segoe UI, Roboto, San Francisco) only leaves more room. The browser test
# prints every procedure and checks the estimate keeps each handout on one sheet.
PT_MM = 25.4 / 72
PRINT_WIDTH, PRINT_HEIGHT = 148 - 2 * 6, 210 - 2 * 6  # mm inside the margins
PRINT_BODY = 9  # pt
PRINT_LINE = 1.22
CHAR_EM, BOLD_CHAR_EM, SPACE_EM = 0.6, 0.66, 0.318  # DejaVu Sans, rounded up (hinting, capitals)
COLUMN_GAP, QR_COLUMN = 5, 42 + 4  # mm
QR_BLOCK = 40 + 30  # mm: the 40 mm QR with the scan hint, its address and the print date below
SAFETY = 0.97  # of the page height: the estimate errs on the side of printing fewer documents


def text_lines(text: str, width: float, size: float = PRINT_BODY, bold: bool = False) -> int:
    """Estimate how many lines ``text`` wraps to in ``width`` mm at ``size`` pt."""
    em = size * PT_MM
    char = (BOLD_CHAR_EM if bold else CHAR_EM) * em
    space = SPACE_EM * em
    lines, used = 1, 0.0
    for word in text.split():
        length = len(word) * char
        if used and used + space + length > width:
            lines, used = lines + 1, 0.0
        if used:
            used += space + length
            continue
        # A word longer than the line (an address) breaks inside it.
        lines += int(length // width) if length > width else 0
        used = length % width if length > width else length
    return lines


def _height(lines: int, size: float = PRINT_BODY, line: float = PRINT_LINE) -> float:
    return lines * size * line * PT_MM


def _document_height(document: Document, width: float) -> float:
    meta = " 1 bản chính và 1 bản sao" if document.copies else " 1 bản chính"
    if document.form:
        meta += f" · Mẫu {document.form}"
    # The box and its hanging indent (1.1 em), and the item's padding (0.15 rem).
    inner = width - 1.1 * PRINT_BODY * PT_MM
    return _height(text_lines("☐ " + document.name + meta, inner)) + 0.6


def _case_height(procedure: Procedure, case: str | None, width: float, notes: bool) -> float:
    """The heading of a case and the notes under it: printed with its first document."""
    if not case:
        return 0.0
    height = _height(text_lines(case, width, bold=True)) + 1.5
    for note in procedure.notes_under(case) if notes else ():
        height += _height(text_lines(note, width - 4)) + 1.0
    return height


def _fixed_height(chosen: Handout, more: str) -> tuple[float, float]:
    """Estimate the height of everything but the documents; and of the "see all" line."""
    procedure = chosen.procedure
    width = PRINT_WIDTH
    height = _height(1) + _height(text_lines(procedure.name, width, 12, True), 12, 1.2)
    height += _height(1)  # the code and field
    height += _height(1, 10) + 2  # "Giấy tờ", its margins
    for form in chosen.forms:
        words = f"Mẫu {form.code} (ban hành kèm theo {form.issued_by or ''}): hỏi mẫu tại nơi "
        words += "tiếp nhận hồ sơ, hoặc xem trên trang thủ tục của Cổng Dịch vụ công"
        height += _height(text_lines(words, width - 4)) + 0.5
    if chosen.forms:
        height += _height(1) + 2
    # Beside the QR: the fees and time, then where and when.
    side = width - QR_COLUMN
    left = 2 * (_height(1, 10) + 2)
    for number, option in enumerate(chosen.options):
        left += 3 if number else 0  # the space between options, and fees set by a regulation
        if option.case:
            left += _height(text_lines(option.case, side)) + 1.5
        fees = max(1, len(option.fees)) + (1 if len(option.fees) > 1 else 0)
        left += _height(1 + fees) + 0.5 * len(option.fees)
        for fee in option.fees:
            left += _height(text_lines(fee.name, side - 30) - 1) if len(option.fees) > 1 else 0
    if procedure.receiving_address:
        left += _height(text_lines(procedure.receiving_address, side)) + 1
    for unit in chosen.units or []:
        left += _height(text_lines(unit.name, side, bold=True)) + 1
        for value in (unit.address, unit.phone, unit.email, unit.opening_hours):
            if value:
                left += _height(text_lines("Giờ tiếp nhận " + value, side))
        if unit.note:
            left += _height(text_lines(unit.note, side)) + 1
    if not chosen.units:
        left += _height(text_lines(procedure.agency, side)) + 1
    hours = "; ".join(chosen.hours) or "Chưa có giờ tiếp nhận được công bố trên trang này. " * 2
    left += _height(text_lines("Giờ tiếp nhận: " + hours, side)) + 1
    height += max(left, QR_BLOCK) + 2
    return height, _height(text_lines(more, width, bold=True)) + 1.5


@dataclass(frozen=True)
class PrintedList:
    """What the browser prints of the documents: the kept ones, in one column or two."""

    documents: Shortened[Document]
    columns: int  # two, unless one long document would leave the second column empty


def list_height(
    procedure: Procedure, selection: Cases[Document], columns: int, notes: bool = True
) -> float:
    """Estimate the printed height (mm) of the documents, in one column or two balanced ones.

    ``notes``: with the notes under the cases (a shortened list leaves them out, as the PDF).
    """
    width = (PRINT_WIDTH - COLUMN_GAP) / 2 if columns == 2 else PRINT_WIDTH
    total, tallest = 0.0, 0.0
    for case, documents in selection:
        heights = [_document_height(d, width) for d in documents]
        head = _case_height(procedure, case, width, notes)
        total += head + sum(heights)
        tallest = max(tallest, head + heights[0], *heights)
    if columns == 1 or not selection:
        return total
    # An item is not split between the columns, so the first may end short of the next item;
    # and the columns are never shorter than the tallest item.
    return max(total / 2 + 0.15 * tallest + 1, tallest)


def print_documents(chosen: Handout, url: str) -> PrintedList:
    """Return the documents the printed handout keeps so that it prints on one A5 sheet.

    ``url`` is the page with the whole list, named on the line that ends a shortened one.
    """
    procedure = chosen.procedure
    fixed, more_height = _fixed_height(chosen, more_line(99, url))
    budget = PRINT_HEIGHT * SAFETY - fixed

    def height(selection: Cases[Document], notes: bool) -> float:
        return min(list_height(procedure, selection, n, notes) for n in (1, 2))

    def fits(selection: Cases[Document], omitted: int) -> bool:
        if not omitted:
            return height(selection, notes=True) <= budget
        return height(selection, notes=False) + more_height <= budget

    kept = shorten(chosen.cases, fits)
    one, two = (list_height(procedure, kept.cases, n, not kept.omitted) for n in (1, 2))
    return PrintedList(kept, 1 if one <= two else 2)
