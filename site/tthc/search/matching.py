"""Which documents hold a word, a phrase or a concept, and how well (weighted BM25F).

Scores are numpy arrays: a word's row comes straight from the memory-mapped postings
(tthc.search.postings, the fields' scores already weighted and summed), phrases and concepts
are combined with vector arithmetic over document numbers, never a Python loop per document.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tthc.search.analysis import bigrams
from tthc.search.documents import BIGRAM_FIELD, BIGRAM_WEIGHT
from tthc.search.parsing import Concept, ParsedQuery
from tthc.search.reader import IndexReader
from tthc.search.synonyms import Phrase, Synonyms

# A concept found only in the long step text counts half as much as one found in a title.
BODY_ONLY_COVERAGE = 0.5
ALTERNATIVES_TIEBREAK = 0.1
# What was typed outranks what it may stand for.
SYNONYM_WEIGHT = 0.8
# Filler words ("làm", "thủ tục") only break ties; they never decide what matches.
FILLER_BOOST = 0.3


@dataclass(frozen=True)
class Matches:
    """The documents holding a word, phrase or concept (ascending), their scores, and
    whether each holds it outside the step text (which counts fully towards coverage)."""

    docs: np.ndarray
    scores: np.ndarray
    strong: np.ndarray

    def __len__(self) -> int:
        return len(self.docs)


_NONE = Matches(np.zeros(0, np.int32), np.zeros(0, np.float64), np.zeros(0, bool))


def _word(reader: IndexReader, word: str) -> Matches:
    """Return the weighted score of a word in each document, summed over the fields."""
    row = reader.word(word)
    return Matches(row.docs, row.scores, row.strong) if len(row) else _NONE


def warm(reader: IndexReader, budget: int, synonyms: Synonyms | None = None) -> int:
    """Read the mapped postings once (into the page cache, shared by every worker), then
    compute the phrases of the synonyms (abbreviations stand for phrases, whose documents
    are intersected) until about ``budget`` postings are cached; return how many terms and
    phrases. Done once in the master before the workers fork (tthc.serving): they start warm."""
    terms = reader.tables.touch()
    known = synonyms.expansions.items() if synonyms else ()
    phrases = sorted(
        {p for typed, expansions in known for p in (typed, *expansions) if len(p) > 1},
        key=lambda p: (-min(reader.frequency.get(w, 0) for w in p), p),
    )
    done = 0
    for phrase in phrases:
        if reader.cached_postings >= budget:
            break
        _phrase(reader, phrase)
        done += 1
    return terms + done


def _phrase(reader: IndexReader, phrase: Phrase) -> Matches:
    """Return the documents holding every word of a phrase, adjacent ones ranked higher."""
    if len(phrase) == 1:
        return _word(reader, phrase[0])
    return reader.memo(("phrase", phrase), lambda: _words_together(reader, phrase))


def _positions(docs: np.ndarray, among: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return where each of ``docs`` is in the ascending ``among``, and which are there."""
    where = np.searchsorted(among, docs)
    inside = where < len(among)
    inside[inside] = among[where[inside]] == docs[inside]
    return where, inside


def _words_together(reader: IndexReader, phrase: Phrase) -> Matches:
    per_word = [_word(reader, word) for word in phrase]
    common = per_word[0].docs
    for m in per_word[1:]:
        common = np.intersect1d(common, m.docs, assume_unique=True)
    if not len(common):
        return _NONE
    scores = np.zeros(len(common), dtype=np.float64)
    strong = np.ones(len(common), dtype=bool)
    for m in per_word:
        where = np.searchsorted(m.docs, common)
        scores += m.scores[where]
        strong &= m.strong[where]
    for bigram in bigrams(list(phrase)):
        row = reader.postings(BIGRAM_FIELD, bigram)
        where, inside = _positions(row.docs, common)
        scores[where[inside]] += BIGRAM_WEIGHT * row.scores[inside]
    return Matches(common.astype(np.int32), scores, strong)


def concept_matches(reader: IndexReader, concept: Concept) -> Matches:
    """Score a concept by its best alternative; a text using both the typed word and its
    synonym is not twice as relevant, only a little more."""
    if len(concept.phrases) == 1 and not concept.filler:
        return _phrase(reader, concept.phrases[0])
    key = ("concept", tuple(concept.phrases), concept.filler)
    return reader.memo(key, lambda: _best_alternative(reader, concept))


def _best_alternative(reader: IndexReader, concept: Concept) -> Matches:
    best = np.zeros(reader.count, dtype=np.float64)
    total = np.zeros(reader.count, dtype=np.float64)
    strong = np.zeros(reader.count, dtype=bool)
    for position, phrase in enumerate(concept.phrases):
        # What was typed outranks what it may stand for.
        weight = 1.0 if position == 0 else SYNONYM_WEIGHT
        matches = _phrase(reader, phrase)
        strong[matches.docs[matches.strong]] = True
        score = weight * matches.scores
        best[matches.docs] = np.maximum(best[matches.docs], score)
        total[matches.docs] += score
    boost = FILLER_BOOST if concept.filler else 1.0
    docs = np.flatnonzero(best > 0.0)
    found = best[docs]
    scores = boost * (found + ALTERNATIVES_TIEBREAK * (total[docs] - found))
    return Matches(docs.astype(np.int32), scores, strong[docs])


def coverage(reader: IndexReader, parsed: ParsedQuery) -> np.ndarray:
    """Return the share of the query's concepts each document matches, over document
    numbers."""
    deciding = parsed.concepts
    found = [concept_matches(reader, concept) for concept in deciding]
    anywhere = np.bincount(np.concatenate([m.docs for m in found]), minlength=reader.count)
    strong = np.bincount(
        np.concatenate([m.docs[m.strong] for m in found]), minlength=reader.count
    )
    return (strong + BODY_ONLY_COVERAGE * (anywhere - strong)) / len(deciding)
