"""Turn what someone typed into concepts: words, their synonyms and their typo corrections."""

from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass, field

from tthc.search import keyboard, khmer
from tthc.search.analysis import accent_word, fold_word, has_accents, words
from tthc.search.reader import IndexReader
from tthc.search.synonyms import Phrase, Synonyms
from tthc.text import nfc

MAX_QUERY_CHARS = 200
MAX_WORDS = 12
MIN_FUZZY_LENGTH = 4
MAX_CORRECTIONS = 3
PREFIX_ALTERNATIVES = 8
# Words typed without spaces ("giahantamtru") are split into known words of at least this
# many letters, at most this long, when no single typo explains them.
MIN_SPLIT_PIECE, MAX_SPLIT_PIECE, MAX_SPLIT_INPUT = 2, 12, 40
_ALPHABET = string.ascii_lowercase + string.digits
_CODE = re.compile(r"^\s*([1-3]\.\d{6}(?:\.[0-9A-Za-z]+)?)\s*$")


@dataclass
class Concept:
    """One thing the query asks for: the typed phrase and the phrases it may stand for."""

    typed: Phrase
    original: tuple[str, ...] = ()  # the words as typed, accents kept
    alternatives: list[Phrase] = field(default_factory=list)
    corrected: Phrase | None = None  # the typed phrase after typo correction, when corrected
    filler: bool = False

    @property
    def phrases(self) -> list[Phrase]:
        return [self.corrected or self.typed, *self.alternatives]


@dataclass
class ParsedQuery:
    text: str
    parts: list[Concept]  # every phrase in typed order, fillers included
    code: str | None = None
    decoded: bool = False  # raw Telex or VNI keystrokes were read as the Vietnamese meant

    @property
    def concepts(self) -> list[Concept]:
        """Return the phrases that decide the results: fillers only when nothing else."""
        meaningful = [c for c in self.parts if not c.filler]
        return meaningful or self.parts

    @property
    def corrected(self) -> bool:
        """Whether the query was read otherwise than typed (then "did you mean" shows it)."""
        return self.decoded or any(c.corrected for c in self.concepts)

    @property
    def tokens(self) -> list[str]:
        return [t for c in self.concepts for t in (c.corrected or c.typed)]


def clean(text: str) -> str:
    """Return the query as it will be shown back: NFC, trimmed, bounded."""
    return " ".join(nfc(text or "")[:MAX_QUERY_CHARS].split())


def edits1(word: str) -> set[str]:
    """Return every string one deletion, insertion, substitution or transposition away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    inserts = {a + c + b for a, b in splits for c in _ALPHABET}
    return (deletes | transposes | replaces | inserts) - {word}


def correct(word: str, reader: IndexReader) -> list[Phrase]:
    """Return likely intended words for an unknown word: typo fixes, then a missing space."""
    return reader.memo(("correct", word), lambda: _corrections(word, reader))


def _corrections(word: str, reader: IndexReader) -> list[Phrase]:
    if len(word) >= MIN_FUZZY_LENGTH:
        known = list({fold_word(w) for w in edits1(word)} & reader.frequency.keys() - {word})
        known.sort(key=lambda w: -reader.frequency[w])
        if known:
            return [(w,) for w in known[:MAX_CORRECTIONS]]
    pairs = [(fold_word(word[:i]), fold_word(word[i:])) for i in range(1, len(word))]
    splits = [(a, b) for a, b in pairs if reader.knows(a) and reader.knows(b)]
    splits.sort(key=lambda pair: -min(reader.frequency[pair[0]], reader.frequency[pair[1]]))
    if splits or len(word) < 3 * MIN_SPLIT_PIECE:
        return splits[:1]
    return split_words(word, reader)


def split_words(word: str, reader: IndexReader) -> list[Phrase]:
    """Split words typed without spaces into the fewest known words, the more frequent the
    better ("giahantamtru" = gia hạn tạm trú); none when no split covers the whole word."""
    if len(word) > MAX_SPLIT_INPUT or not word.isalnum():
        return []
    # best[i]: (pieces, -sum of log frequencies, split) of the first i letters
    best: list[tuple[int, float, tuple[str, ...]] | None] = [None] * (len(word) + 1)
    best[0] = (0, 0.0, ())
    for end in range(MIN_SPLIT_PIECE, len(word) + 1):
        for start in range(max(0, end - MAX_SPLIT_PIECE), end - MIN_SPLIT_PIECE + 1):
            before = best[start]
            if before is None:
                continue
            piece = fold_word(word[start:end])
            if not reader.knows(piece):
                continue
            candidate = (before[0] + 1, before[1] - math.log(reader.frequency[piece]),
                         (*before[2], piece))
            if best[end] is None or candidate[:2] < best[end][:2]:
                best[end] = candidate
    found = best[len(word)]
    return [found[2]] if found and found[0] > 1 else []


@dataclass
class _Slot:
    """One typed word: its folded form, as typed, and what it becomes after correction."""

    typed: str
    surface: str
    fixed: Phrase | None = None
    others: list[Phrase] = field(default_factory=list)
    decoded: bool = False  # surface is the syllable decoded from raw Telex or VNI

    @property
    def tokens(self) -> Phrase:
        return self.fixed or (self.typed,)


def _slots(text: str, synonyms: Synonyms, reader: IndexReader, *, code: bool, prefix: bool
           ) -> list[_Slot]:
    surface = words(text)[:MAX_WORDS]
    slots = [_Slot(fold_word(word), word) for word in surface]
    for i, slot in enumerate(slots):
        unfinished = prefix and i == len(slots) - 1
        if code or unfinished or slot.typed.isdigit():
            continue
        if reader.knows(slot.typed) or synonyms.knows(slot.typed) or khmer.is_khmer(slot.typed):
            continue
        decoded = keyboard.decode(slot.surface)
        if decoded and reader.knows(fold_word(decoded)):
            slot.typed, slot.decoded = fold_word(decoded), True
            spelling = reader.spelling.get(slot.typed, "")
            # The catalogue's tone placement ("hòa"), when it is the same syllable ("hoà").
            slot.surface = spelling if accent_word(spelling) == accent_word(decoded) else decoded
            continue
        corrections = correct(slot.typed, reader)
        if corrections:
            slot.fixed, slot.others = corrections[0], corrections[1:]
    return slots


def parse(text: str, synonyms: Synonyms, reader: IndexReader, *, prefix: bool = False
          ) -> ParsedQuery:
    """Split a query into concepts: typos corrected first, then synonyms expanded. With
    ``prefix``, a last word not followed by a space may be unfinished and is completed."""
    prefix = prefix and not (text or "")[-1:].isspace()
    text = clean(text)
    code_match = _CODE.match(text)
    slots = _slots(text, synonyms, reader, code=bool(code_match), prefix=prefix)
    tokens = [token for slot in slots for token in slot.tokens]
    owner = [slot for slot in slots for _ in slot.tokens]
    parts: list[Concept] = []
    i = 0
    while i < len(tokens):
        length, kind = synonyms.longest_match(tokens, i)
        length = length or 1
        phrase = tuple(tokens[i : i + length])
        mine = list(dict.fromkeys(id(s) for s in owner[i : i + length]))
        covered = [s for s in slots if id(s) in mine]
        concept = Concept(
            typed=tuple(s.typed for s in covered),
            original=tuple(s.surface for s in covered),
            alternatives=list(synonyms.expansions.get(phrase, [])),
            filler=kind == "filler",
        )
        if any(s.fixed for s in covered):
            concept.corrected = phrase
            if len(covered) == 1:
                concept.alternatives += covered[0].others
        parts.append(concept)
        i += length
    parsed = ParsedQuery(text=text, parts=parts, code=code_match and code_match.group(1),
                         decoded=any(slot.decoded for slot in slots))
    if prefix and parts and slots:
        last = parts[-1]
        if len(last.typed) == 1 and len(last.typed[0]) >= 2:
            completions = reader.words_starting(last.typed[0], PREFIX_ALTERNATIVES)
            last.alternatives.extend((w,) for w in completions if (w,) != last.typed)
    return parsed


def restore_accents(parsed: ParsedQuery, reader: IndexReader) -> str:
    """Write the query back with typos fixed and accents taken from the catalogue's words."""
    out = []
    for part in parsed.parts:
        if part.corrected:
            out.extend(reader.spelling.get(word, word) for word in part.corrected)
            continue
        for typed, word in zip(part.typed, part.original, strict=True):
            out.append(word if has_accents(word) else reader.spelling.get(typed, word))
    return " ".join(out)
