"""Clean what citizens type: one Unicode form, no control characters, one kind of line break."""

from __future__ import annotations

import re
import unicodedata

from tthc.text import nfc

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u2028\u2029\ufeff]")


def clean_text(value: str | None, *, multiline: bool = False) -> str:
    """Return the text in NFC without control characters; lines only where they belong."""
    if not value:
        return ""
    text = nfc(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    # Lone surrogates cannot be stored in UTF-8 columns.
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cs")
    if not multiline:
        text = " ".join(text.split())
    return text.strip()
