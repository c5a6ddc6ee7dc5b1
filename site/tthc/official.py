"""Official Vietnamese text inside pages in another language, marked so a voice reads it as such.

One filter, `|vi`, for every piece of catalogue content (names, notes, amounts' units, addresses):
on English and Khmer pages it becomes <span lang="vi">…</span>, on Vietnamese pages plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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


def lang_vi() -> Markup:
    """The ` lang="vi"` attribute of an element holding official text, empty on Vietnamese pages
    (where the page's own lang says it: long document lists need not repeat it per item)."""
    return Markup("") if current_language() == DEFAULT_LANGUAGE else Markup(' lang="vi"')


def vietnamese_if_it_looks_so(text: object) -> Markup:
    """Mark what a person typed (a search) as Vietnamese only when it has Vietnamese letters."""
    if text and VIETNAMESE_LETTER.search(str(text)):
        return official(text)
    return escape(text or "")


def init_app(app: Flask) -> None:
    app.jinja_env.filters["vi"] = official
    app.jinja_env.filters["vi_if_vietnamese"] = vietnamese_if_it_looks_so
    app.jinja_env.filters["bulleted"] = bulleted
    app.jinja_env.globals["lang_vi"] = lang_vi


# A list item of the official text: "- " or "+ " (or "* ") at the start, or after ".", ";" or ":".
_BULLET = re.compile(r"(?:^|(?<=[.;:]))\s*([-+*])\s+")


@dataclass(frozen=True)
class Bullet:
    text: str
    sub: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BulletedText:
    lead: str
    items: list[Bullet]


def bulleted(text: str) -> BulletedText:
    """Split an official note or step into its lead and its "-" items, each with its "+" items.

    The portal's texts run their lists into one paragraph; on a phone a list is far easier to read.
    Words are kept as they are: only the bullet marks between items go.
    """
    parts = _BULLET.split(text or "")
    lead, items = parts[0].strip(), []
    for mark, chunk in zip(parts[1::2], parts[2::2], strict=True):
        chunk = chunk.strip()
        if not chunk:
            continue
        if mark == "+" and items:
            items[-1].sub.append(chunk)
        else:
            items.append(Bullet(chunk))
    if len(items) < 2 and not any(item.sub for item in items):
        return BulletedText(text.strip() if text else "", [])  # one dash is not a list
    return BulletedText(lead, items)
