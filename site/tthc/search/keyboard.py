"""Vietnamese typed on a keyboard whose input method was off: raw Telex and VNI keystrokes.

Telex marks a syllable with letters ("tamj" = tạm, "trus" = trú, "dduowngf" = đường), VNI with
digits ("ca8n" = căn, "cu7o71c" = cước). ``decode`` turns such a word into the syllable meant;
the query parser only uses it when the decoded word is in the catalogue's vocabulary and the
word as typed is not, so ordinary words ("passport", "ct01") are never touched.
"""

from __future__ import annotations

import re
import unicodedata

_TONES_TELEX = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_TONES_VNI = {"1": "\u0301", "2": "\u0300", "3": "\u0309", "4": "\u0303", "5": "\u0323"}
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_VOWELS = set("aeiouy")
# Vowels that carry a mark of their own take the tone (ơ of ươ, the â of uâ...).
_MARKED = {"â", "ă", "ê", "ô", "ơ", "ư"}
_SYLLABLE = re.compile(r"^[a-zđ]+$")
_VNI_WORD = re.compile(r"^(?=.*[a-z])(?=.*[1-9])[a-z1-9]+$")
_TELEX_HINT = re.compile(r"(aa|aw|ee|oo|ow|uw|dd|w|[sfrxj]$)")


def _mark(letter: str, mark: str) -> str:
    return unicodedata.normalize("NFC", letter + mark)


def _place_tone(letters: list[str], tone: str) -> str:
    """Put the tone on the vowel that carries it in modern spelling."""
    text = "".join(letters)
    start = 0
    if text.startswith("qu") or (text.startswith("gi") and len(text) > 2 and text[2] in _VOWELS):
        start = 2  # the u of qu and the i of gi belong to the consonant
    vowels = [i for i in range(start, len(letters)) if _base(letters[i]) in _VOWELS]
    if not vowels:
        vowels = [i for i in range(len(letters)) if _base(letters[i]) in _VOWELS]
    if not vowels or not tone:
        return unicodedata.normalize("NFC", text)
    marked = [i for i in vowels if letters[i] in _MARKED]
    if marked:
        target = marked[-1]
    elif vowels[-1] < len(letters) - 1:  # a final consonant follows: the last vowel
        target = vowels[-1]
    elif len(vowels) >= 3 or "".join(letters[v] for v in vowels) in ("oa", "oe", "uy"):
        target = vowels[1]
    else:
        target = vowels[0]
    letters = list(letters)
    letters[target] = _mark(letters[target], tone)
    return unicodedata.normalize("NFC", "".join(letters))


def _base(letter: str) -> str:
    return unicodedata.normalize("NFD", letter)[0]


def decode_telex(word: str) -> str | None:
    """Return the syllable typed in raw Telex, or None when the word is not Telex."""
    if not _SYLLABLE.match(word) or not _TELEX_HINT.search(word):
        return None
    tone = ""
    if len(word) > 1 and word[-1] in _TONES_TELEX and any(c in _VOWELS for c in word[:-1]):
        tone, word = _TONES_TELEX[word[-1]], word[:-1]
    letters: list[str] = []
    for char in word:
        previous = letters[-1] if letters else ""
        if char == previous and char in "aeo":
            letters[-1] = _mark(char, _CIRCUMFLEX)
        elif char == "d" and previous == "d":
            letters[-1] = "đ"
        elif char == "w":
            if previous == "a":
                letters[-1] = _mark("a", _BREVE)
            elif previous in ("o", "u"):
                letters[-1] = _mark(previous, _HORN)
                if previous == "o" and len(letters) > 1 and letters[-2] == "u":
                    letters[-2] = "ư"  # uow = ươ
            else:
                letters.append("ư")
        elif previous in ("o", "u") and len(letters) > 1 and char not in _VOWELS:
            letters.append(char)
        else:
            letters.append(char)
    # "uo" followed by "w" later in the syllable ("truongw") is rare; not handled.
    result = _place_tone(letters, tone)
    return result if result != word or tone else None


def decode_vni(word: str) -> str | None:
    """Return the syllable typed in raw VNI, or None when the word is not VNI."""
    if not _VNI_WORD.match(word) or word.isdigit():
        return None
    tone = ""
    letters: list[str] = []
    for char in word:
        if char in _TONES_VNI:
            tone = _TONES_VNI[char]
            continue
        if char.isdigit():
            if char == "9":
                target = _last(letters, "d")
                if target is None:
                    return None
                letters[target] = "đ"
                continue
            allowed = {"6": "aeo", "7": "ou", "8": "a"}[char]
            target = _last(letters, allowed)
            if target is None:
                return None
            mark = {"6": _CIRCUMFLEX, "7": _HORN, "8": _BREVE}[char]
            letters[target] = _mark(letters[target], mark)
            if char == "7" and letters[target] == "ơ" and target and letters[target - 1] == "u":
                letters[target - 1] = "ư"  # uo7 = ươ
            continue
        letters.append(char)
    if not letters:
        return None
    return _place_tone(letters, tone)


def _last(letters: list[str], allowed: str) -> int | None:
    for i in range(len(letters) - 1, -1, -1):
        if letters[i] in allowed:
            return i
    return None


def decode(word: str) -> str | None:
    """Return the syllable a raw Telex or VNI word stands for, or None."""
    return decode_vni(word) if any(c.isdigit() for c in word) else decode_telex(word)
