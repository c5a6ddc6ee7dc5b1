"""Vietnamese text helpers shared by the catalogue, search and posters."""

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    """Normalise to NFC, the form fonts, Whoosh and comparisons expect."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Remove Vietnamese tone and vowel marks and map đ to d (decomposition does not)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str, max_words: int = 12) -> str:
    """Make a URL slug from Vietnamese text."""
    words = _NON_SLUG.sub(" ", fold(text).lower()).split()
    return "-".join(words[:max_words])
