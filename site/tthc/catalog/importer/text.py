"""Read the portal's free text: whitespace, steps, form codes, regulations, sub-case labels."""

from __future__ import annotations

import re

from tthc.text import fold, nfc

_SPACES = re.compile(r"\s+")
_STEP_MARK = re.compile(r"(?:^|\s)-?\s*Bước\s*(\d+)\s*[:.]\s*", re.IGNORECASE)
# A section letter opens the text or follows a sentence end: "điểm c) khoản 1" is no mark.
_LETTERS = "abcdefghik"
_LETTER_MARK = re.compile(r"(?:^|[.;:]\s+)([a-k])\)\s+")
_FORM_CODE = re.compile(r"\b[Mm]ẫu\s+(?:số\s+)?([A-ZĐ]{1,5}\d{1,3}[a-z]?)\b")
_REGULATION = re.compile(
    r"\b(Thông tư|Nghị định|Quyết định|Nghị quyết)\s*(?:số\s*)?"
    r"(\d{1,4}/\d{4}/[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*)",
    re.IGNORECASE,
)
# "… theo quy định. 1. Thủ tục thu hồi Bước 1: …": a numbered section heading ends the text
# before a step mark; it opens the steps that follow, not the one it is glued to.
_SECTION_HEAD = re.compile(r"(?:^|(?<=[.;:]\s))\d{1,2}\.\s+([^.;:()]{3,80})$")
_CASE_HEAD = re.compile(r"^([^:;.]{5,120}):")
# "+ Cấp mới biển số xe: Cấp ngay …" or "+ Cấp lại biển số xe: Không quá 07 ngày …"
_TIMED_CLAUSE = re.compile(r"\+\s*([^:;.+]{5,120}):\s*(?:Không quá|Cấp ngay|Trong thời hạn)")


def clean(text: str | None) -> str:
    """Normalise Unicode and whitespace of a portal text."""
    return _SPACES.sub(" ", nfc(text or "")).strip()


def folded(text: str) -> str:
    return fold(clean(text)).lower()


def split_steps(items: list[str]) -> list[str]:
    """Split 'Bước 1: … Bước 2: …' text (or several list items) into one step each."""
    steps: list[str] = []
    for item in items:
        text = clean(item)
        if not text:
            continue
        marks = list(_STEP_MARK.finditer(text)) or _lettered(text)
        if not marks:
            steps.append(text.lstrip("-+ ").strip())
            continue
        head = text[: marks[0].start()].strip(" -")
        found = [head] if head else []
        for mark, following in zip(marks, [*marks[1:], None], strict=True):
            end = following.start() if following else len(text)
            found.append(text[mark.end() : end].strip(" -;").lstrip("+ "))
        steps += _sections_moved_forward(found)
    return steps


def _sections_moved_forward(steps: list[str]) -> list[str]:
    """Move a section heading glued to the end of a step ("… theo quy định. 1. Thủ tục thu
    hồi") to the start of the step it opens ("Thủ tục thu hồi: Chủ xe kê khai …")."""
    moved: list[str] = []
    section = None
    for index, step in enumerate(steps):
        if section:
            step = f"{section}: {step}"
        section = None
        heading = _SECTION_HEAD.search(step) if index + 1 < len(steps) else None
        if heading:
            section = heading.group(1).strip()
            step = step[: heading.start()].strip()
        if step:
            moved.append(step)
    return moved


def _lettered(text: str) -> list[re.Match[str]]:
    """Return 'a) … b) …' section marks when they run in order from 'a)', else nothing."""
    marks: list[re.Match[str]] = []
    for mark in _LETTER_MARK.finditer(text):
        # Take only the next letter in order: "điểm c) khoản 1" inside a section is not a mark.
        if len(marks) < len(_LETTERS) and mark.group(1) == _LETTERS[len(marks)]:
            marks.append(mark)
    return marks if len(marks) >= 2 else []


def form_code(name: str) -> str | None:
    match = _FORM_CODE.search(name)
    return match.group(1) if match else None


def regulations_in(text: str) -> list[str]:
    """Return 'Thông tư 60/2023/TT-BTC'-style names of the regulations a text cites."""
    found = []
    for kind, number in _REGULATION.findall(text):
        name = f"{kind[0].upper()}{kind[1:].lower()} {number.upper()}"
        if name not in found:
            found.append(name)
    return found


def case_label(note: str) -> str:
    """Name the sub-case of a repeated channel row from its description.

    Rows usually read "… Thời hạn giải quyết: + Cấp mới biển số xe: Cấp ngay …": the label
    before the colon names the case; otherwise the first sentence does.
    """
    if match := _TIMED_CLAUSE.search(note):
        return match.group(1).strip()
    text = re.split(r"Thời hạn giải quyết\s*:", note, flags=re.IGNORECASE)[-1].strip(" -+*")
    if match := _CASE_HEAD.match(text):
        return match.group(1).strip()
    return _first_sentence(text)


def _first_sentence(text: str, limit: int = 200) -> str:
    sentence = re.split(r"(?<=[.;])\s", text.lstrip("-+* "), maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0] + "…"
