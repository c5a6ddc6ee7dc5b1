"""Vietnamese text analysis, the same for indexing and for queries.

Every form starts from NFC (iPhones paste decomposed text, which tokenizers split mid-word),
lowercases, and splits on anything that is not a letter or a digit. Then:

* folded: tone and vowel marks removed, đ → d, and i/y unified after a consonant
  (ký = kí, lý = lí, quy = qui), which is how most people type on phones;
* accented: vowel marks kept, the tone moved to the end of the syllable as a digit, so
  that "hoà" and "hòa" (old and new tone placement) are the same token; used to boost
  results whose accents match exactly what was typed;
* bigrams: adjacent folded syllables joined, so "dang ky" ranks "đăng ký" above texts
  that merely contain both syllables somewhere.

Khmer text (the reference translations, Khmer queries) has no spaces between words: its runs
are cut into words by tthc.search.khmer, and Khmer words are never folded. English words (of
the translations and of queries) are stemmed, so "registration" finds "register"; a word that
can be a Vietnamese syllable ("the", "an", "day") never is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import Token, Tokenizer
from whoosh.lang.porter import stem

from tthc.search import khmer
from tthc.text import fold, nfc

# Bump when any form below changes: the index fingerprint includes it, so it is rebuilt (the
# Khmer lexicon is part of the analyzer).
ANALYZER_VERSION = f"vi-6+km-{khmer.LEXICON_DIGEST}"

_WORD = re.compile(r"[^\W_]+")
# Where Khmer appears, its runs are one token each (then segmented), never split at vowel signs.
_KHMER = re.compile("[\u1780-\u17ff]")
_WORD_OR_KHMER = re.compile(f"({khmer.RUN.pattern})|[^\\W_\u1780-\u17ff]+")
_SEGMENT = re.compile(r"[\n,;:.()\[\]\-\u2013\u2014/\"\u201c\u201d\u17d4\u17d6]+")
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
# A trailing y after consonants only (ky, ly, my, sy, ty, hy, quy): the spelling varies freely.
_FINAL_Y = re.compile(r"^(b|c|d|h|k|l|m|n|qu|r|s|t|v|x|ph|th)y$")
# A folded Vietnamese syllable: initial consonant, one to three vowels, final consonant.
_VIETNAMESE_SYLLABLE = re.compile(
    r"^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$"
)
_ENGLISH = re.compile(r"^[a-z]{4,}$")
# Porter leaves "registr" for "registration" but "regist" for "register".
_STEM_FIX = re.compile(r"(?<=[^aeiou])r$")
_ACCENTED_FINAL_Y = re.compile(r"^(b|c|d|đ|h|k|l|m|n|qu|r|s|t|v|x|ph|th)y(\d?)$")


def normalize(text: str) -> str:
    """Return NFC, lowercased text: the starting point of every form."""
    return khmer.fold_subscripts(nfc(text).lower())


def words(text: str) -> list[str]:
    """Split normalised text into syllables (letters and digits), keeping accents; Khmer
    text into words."""
    text = normalize(text)
    if not _KHMER.search(text):
        return _WORD.findall(text)
    out: list[str] = []
    for match in _WORD_OR_KHMER.finditer(text):
        run = match.group(1)
        if run:
            out.extend(khmer.segment(run))
        else:
            out.append(match.group(0))
    return out


@lru_cache(maxsize=65536)  # a catalogue uses a few thousand distinct syllables
def fold_word(word: str) -> str:
    """Return the folded form of one lowercase syllable."""
    if word.isdigit():  # "mức độ 02" and "mức 2" are the same
        return word.lstrip("0") or "0"
    if khmer.is_khmer(word):  # Khmer vowel signs are letters, not accents
        return word
    folded = _fold_syllable(fold(word))
    if _ENGLISH.match(folded) and not _VIETNAMESE_SYLLABLE.match(folded):
        stemmed = _english_stem(folded)
        # Only a stem that is its own folded form: analysing folded text again changes nothing.
        if stemmed == _english_stem(stemmed):
            return stemmed
    return folded


def _fold_syllable(folded: str) -> str:
    return _FINAL_Y.sub(lambda m: m.group(1) + "i", folded)


def _english_stem(word: str) -> str:
    if not _ENGLISH.match(word) or _VIETNAMESE_SYLLABLE.match(word):
        return _fold_syllable(word)
    return _fold_syllable(_STEM_FIX.sub("", stem(word)))


@lru_cache(maxsize=65536)
def accent_word(word: str) -> str:
    """Return a syllable with its vowel marks and its tone as a trailing digit."""
    if word.isdigit() or khmer.is_khmer(word):
        return fold_word(word)
    decomposed = unicodedata.normalize("NFD", word)
    tone = ""
    letters = []
    for ch in decomposed:
        if ch in _TONES:
            tone = _TONES[ch]
        else:
            letters.append(ch)
    base = unicodedata.normalize("NFC", "".join(letters))
    return _ACCENTED_FINAL_Y.sub(lambda m: m.group(1) + "i" + m.group(2), base + tone)


def folded(text: str) -> list[str]:
    """Return the folded syllables of a text."""
    return [fold_word(w) for w in words(text)]


def accented(text: str) -> list[str]:
    """Return the accented, tone-canonical syllables of a text."""
    return [accent_word(w) for w in words(text)]


def bigrams(tokens: list[str]) -> list[str]:
    """Join adjacent folded syllables into bigram tokens."""
    return [f"{a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def phrase_bigrams(text: str) -> list[str]:
    """Return the bigrams of a text, never across punctuation or line breaks."""
    return [bigram for segment in _SEGMENT.split(text) for bigram in bigrams(folded(segment))]


def has_accents(text: str) -> bool:
    """Tell whether the text carries any Vietnamese mark (then exact accents count)."""
    text = _KHMER.sub("", normalize(text))
    return fold(text) != text


FORMS = {
    "folded": folded,
    "accented": accented,
    "bigrams": phrase_bigrams,
}


class VietnameseTokenizer(Tokenizer):
    """A Whoosh tokenizer producing one of the forms above, so the index uses this module."""

    def __init__(self, form: str = "folded"):
        self.form = form

    def __eq__(self, other):
        return isinstance(other, VietnameseTokenizer) and other.form == self.form

    def __call__(
        self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
        start_pos=0, start_char=0, tokenize=True, mode="", **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pieces = FORMS[self.form](value) if tokenize else [value]
        for pos, text in enumerate(pieces):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            if chars:  # offsets are not kept: highlighting works on the stored text instead
                token.startchar = token.endchar = start_char
            yield token


def analyzer(form: str) -> VietnameseTokenizer:
    """Return the Whoosh analyzer of a form ("folded", "accented" or "bigrams")."""
    return VietnameseTokenizer(form)
