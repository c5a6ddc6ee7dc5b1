"""Official Vietnamese text inside pages in another language, marked so a voice reads it as such.

One filter, `|vi`, for every piece of catalogue content (names, notes, amounts' units, addresses):
on English and Khmer pages it becomes <span lang="vi">…</span>, on Vietnamese pages plain text.
"""

from __future__ import annotations

import re

from flask import Flask
from markupsafe import Markup, escape

from tthc.i18n import DEFAULT_LANGUAGE, current_language

# Letters only Vietnamese uses among the site's languages (the tone-marked vowels, đ, ơ, ư…).
VIETNAMESE_LETTER = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)


def official(text: object) -> Markup:
    """Escape text, wrapped in lang="vi" when the page is in another language."""
    if text is None or text == "":
        return Markup("")
    if current_language() == DEFAULT_LANGUAGE:
        return escape(text)
    return Markup('<span lang="vi">%s</span>') % text


def vietnamese_if_it_looks_so(text: object) -> Markup:
    """Mark what a person typed (a search) as Vietnamese only when it has Vietnamese letters."""
    if text and VIETNAMESE_LETTER.search(str(text)):
        return official(text)
    return escape(text or "")


def init_app(app: Flask) -> None:
    app.jinja_env.filters["vi"] = official
    app.jinja_env.filters["vi_if_vietnamese"] = vietnamese_if_it_looks_so
