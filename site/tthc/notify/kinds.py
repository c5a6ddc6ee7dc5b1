"""The kinds of e-mail about a submission, and the language each is written in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tthc.i18n import DEFAULT_LANGUAGE, LANGUAGES

if TYPE_CHECKING:
    from tthc.feedback.models import Feedback

NEW = "new"
TRANSFER = "transfer"
REMINDER = "reminder"
OVERDUE = "overdue"
ANSWER = "answer"
KINDS = (NEW, TRANSFER, REMINDER, OVERDUE, ANSWER)
# Told to the citizen, in their language; every other kind goes to the officers, in Vietnamese.
TO_CITIZEN = (ANSWER,)


def language_of(kind: str, feedback: Feedback) -> str:
    """The language of a message: the citizen's for what goes to them, else Vietnamese."""
    if kind in TO_CITIZEN and feedback.language in LANGUAGES:
        return feedback.language
    return DEFAULT_LANGUAGE
