"""Khmer word segmentation for search: Khmer is written without spaces between words.

Text is cut into orthographic syllables (a base letter with its subscript consonants, vowel
signs and diacritics, which must never be split), then into words by longest match against
the catalogue's Khmer lexicon (khmer_words.txt). Syllables no word covers stay single tokens,
so unknown words still match syllable by syllable. The same function runs on the indexed
translations and on queries, so both sides are cut the same way.

Measured against khmer-nltk 1.6, a CRF model (scripts/bench_search.py --khmer-nltk, 2-core
machine under load, 02/12/2026): recall@3 on the 14 Khmer queries of tests/search/queries.tsv
100 % here against 93 % (the CRF keeps "ការចុះបញ្ជី" whole, so "registration" misses
"register"); 0.008 against 0.37 ms per run of text, and no 17 MB model to load (4-9 s per
worker) nor numpy, scipy and scikit-learn to install. The lexicon was bootstrapped from the
translations with khmer-nltk once, then reviewed; it is data, extended with new translations.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

LEXICON = Path(__file__).with_name("khmer_words.txt")
# Part of the analyzer's version: a changed lexicon rebuilds the index.
LEXICON_DIGEST = hashlib.sha256(LEXICON.read_bytes()).hexdigest()[:8]
# Khmer letters (consonants, independent vowels) with what attaches to them.
_BASE = "\u1780-\u17b3"
_ATTACHED = "\u17b4-\u17d1\u17d3\u17dd"
SYLLABLE = re.compile(f"[{_BASE}](?:\u17d2[{_BASE}]|[{_ATTACHED}])*|[{_ATTACHED}\u17d2]+")
# A run of Khmer letters and signs (punctuation such as ។ ៖ and digits end a run).
RUN = re.compile(f"[{_BASE}{_ATTACHED}\u17d2]+")
MAX_WORD_SYLLABLES = 10
# The nominaliser ការ ("the act of") turns a verb into a noun: "ការចុះឈ្មោះ" (registration) is
# what "ចុះឈ្មោះ" (to register) is about, so it is left out on both sides.
NOMINALISERS = frozenset({"ការ"})


# Khmer writes the subscript of ដ and of ត alike and texts use either (បណ្ដុះ, បណ្តុះ): one form.
_SUBSCRIPT_DA = "\u17d2\u178a"
_SUBSCRIPT_TA = "\u17d2\u178f"


def fold_subscripts(text: str) -> str:
    """Write every subscript ដ as subscript ត, so either spelling finds the other."""
    return text.replace(_SUBSCRIPT_DA, _SUBSCRIPT_TA)


def is_khmer(word: str) -> bool:
    """Tell whether a token starts with a Khmer letter (such tokens are never folded)."""
    return bool(word) and "\u1780" <= word[0] <= "\u17ff"


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    lines = LEXICON.read_text(encoding="utf-8").splitlines()
    return frozenset(
        fold_subscripts(line.strip()) for line in lines if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=8192)
def segment(run: str) -> tuple[str, ...]:
    """Cut one run of Khmer text into words, longest lexicon match first."""
    syllables = SYLLABLE.findall(run)
    known = lexicon()
    out: list[str] = []
    i = 0
    while i < len(syllables):
        for j in range(min(len(syllables), i + MAX_WORD_SYLLABLES), i, -1):
            candidate = "".join(syllables[i:j])
            if j == i + 1 or candidate in known:
                if candidate not in NOMINALISERS:
                    out.append(candidate)
                i = j
                break
    return tuple(out)


def words(text: str) -> list[str]:
    """Return the Khmer words of a text, in order (other scripts are left out)."""
    return [word for run in RUN.findall(text) for word in segment(run)]
