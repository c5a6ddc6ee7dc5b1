"""Abbreviations, colloquial words and filler words, read from procedures/synonyms.yaml."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from tthc.search.analysis import folded

SYNONYMS_FILE = "synonyms.yaml"
MAX_PHRASE = 5

Phrase = tuple[str, ...]


class SynonymsError(Exception):
    """The synonyms file is invalid; the message names the file and the entry."""


@dataclass(frozen=True)
class Synonyms:
    """Folded phrases people type → folded phrases the catalogue uses."""

    expansions: dict[Phrase, list[Phrase]] = field(default_factory=dict)
    filler: frozenset[Phrase] = frozenset()
    digest: str = "none"

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word of a typed phrase: these are never "corrected" as typos."""
        phrases = [*self.expansions, *self.filler]
        return frozenset(word for phrase in phrases for word in phrase)

    def knows(self, word: str) -> bool:
        return word in self.words

    def longest_match(self, tokens: list[str], start: int) -> tuple[int, str]:
        """Return (length, kind) of the longest known phrase at ``start``: kind is 'filler' or
        'term'; (0, '') when there is none. A filler may have expansions too ("làm" → "cấp")."""
        for length in range(min(MAX_PHRASE, len(tokens) - start), 0, -1):
            phrase = tuple(tokens[start : start + length])
            if phrase in self.filler:
                return length, "filler"
            if phrase in self.expansions:
                return length, "term"
        return 0, ""


def _phrase(value: object, where: str, *, key: bool = True) -> Phrase:
    if not isinstance(value, str | int) or not folded(str(value)):
        raise SynonymsError(f"{where}: expected a word or phrase, got {value!r}")
    phrase = tuple(folded(str(value)))
    if key and len(phrase) > MAX_PHRASE:
        raise SynonymsError(f"{where}: at most {MAX_PHRASE} words per phrase")
    return phrase


def parse(data: object, name: str = SYNONYMS_FILE) -> Synonyms:
    """Validate the YAML data of a synonyms file."""
    if data is None:
        return Synonyms()
    if not isinstance(data, dict):
        raise SynonymsError(f"{name}: expected a mapping with 'terms' and 'filler'")
    terms = data.get("terms") or {}
    if not isinstance(terms, dict):
        raise SynonymsError(f"{name}: terms: expected a mapping of phrase → list of phrases")
    expansions: dict[Phrase, list[Phrase]] = {}
    for key, values in terms.items():
        where = f"{name}: terms.{key}"
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not values:
            raise SynonymsError(f"{where}: expected a list of phrases")
        phrase = _phrase(key, where)
        targets = expansions.setdefault(phrase, [])
        for value in values:
            target = _phrase(value, where, key=False)
            if target != phrase and target not in targets:
                targets.append(target)
    filler = data.get("filler") or []
    if not isinstance(filler, list):
        raise SynonymsError(f"{name}: filler: expected a list of words")
    fillers = frozenset(_phrase(word, f"{name}: filler") for word in filler)
    return Synonyms(expansions=expansions, filler=fillers)


def load_synonyms(path: str | Path) -> Synonyms:
    """Read the synonyms file; a missing file means no synonyms."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Synonyms()
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise SynonymsError(f"{path.name}: invalid YAML: {exc}") from exc
    parsed = parse(data, path.name)
    digest = hashlib.sha256(raw).hexdigest()[:12]
    return Synonyms(expansions=parsed.expansions, filler=parsed.filler, digest=digest)
