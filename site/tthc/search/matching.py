"""Which documents hold a word, a phrase or a concept, and how well (weighted BM25F)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tthc.search.analysis import bigrams
from tthc.search.documents import BIGRAM_FIELD, BIGRAM_WEIGHT, FIELD_WEIGHTS, WEAK_FIELDS
from tthc.search.parsing import Concept, ParsedQuery
from tthc.search.reader import IndexReader
from tthc.search.synonyms import Phrase

STRONG_FIELDS = [name for name in FIELD_WEIGHTS if name not in WEAK_FIELDS]
# A concept found only in the long step text counts half as much as one found in a title.
BODY_ONLY_COVERAGE = 0.5
ALTERNATIVES_TIEBREAK = 0.1
# What was typed outranks what it may stand for.
SYNONYM_WEIGHT = 0.8
# Filler words ("làm", "thủ tục") only break ties; they never decide what matches.
FILLER_BOOST = 0.3

Scores = dict[int, float]


@dataclass(frozen=True)
class Matches:
    """Scores of one word, phrase or concept, and the documents that hold it outside the
    step text (which count fully towards coverage)."""

    scores: Scores
    strong: frozenset[int]


def _word(reader: IndexReader, word: str) -> Matches:
    """Return the weighted score of a word in each document, summed over the fields."""

    def compute() -> Matches:
        total: Scores = {}
        strong: set[int] = set()
        for name, weight in FIELD_WEIGHTS.items():
            postings = reader.postings(name, word, cache=False)  # cached combined below
            for docnum, score in postings.items():
                total[docnum] = total.get(docnum, 0.0) + weight * score
            if name in STRONG_FIELDS:
                strong.update(postings)
        return Matches(total, frozenset(strong))

    return reader.memo(("word", word), compute)


def _phrase(reader: IndexReader, phrase: Phrase) -> Matches:
    """Return the documents holding every word of a phrase, adjacent ones ranked higher."""
    if len(phrase) == 1:
        return _word(reader, phrase[0])
    return reader.memo(("phrase", phrase), lambda: _words_together(reader, phrase))


def _words_together(reader: IndexReader, phrase: Phrase) -> Matches:
    per_word = [_word(reader, word) for word in phrase]
    common = set(per_word[0].scores).intersection(*(m.scores for m in per_word[1:]))
    scores = {d: sum(m.scores[d] for m in per_word) for d in common}
    for bigram in bigrams(list(phrase)):
        for docnum, score in reader.postings(BIGRAM_FIELD, bigram).items():
            if docnum in scores:
                scores[docnum] += BIGRAM_WEIGHT * score
    strong = frozenset(common.intersection(*(m.strong for m in per_word)))
    return Matches(scores, strong)


def concept_matches(reader: IndexReader, concept: Concept) -> Matches:
    """Score a concept by its best alternative; a text using both the typed word and its
    synonym is not twice as relevant, only a little more."""
    key = ("concept", tuple(concept.phrases), concept.filler)
    return reader.memo(key, lambda: _best_alternative(reader, concept))


def _best_alternative(reader: IndexReader, concept: Concept) -> Matches:
    if len(concept.phrases) == 1 and not concept.filler:
        return _phrase(reader, concept.phrases[0])
    best: Scores = {}
    total: Scores = {}
    strong: set[int] = set()
    for position, phrase in enumerate(concept.phrases):
        # What was typed outranks what it may stand for.
        weight = 1.0 if position == 0 else SYNONYM_WEIGHT
        matches = _phrase(reader, phrase)
        strong.update(matches.strong)
        for docnum, raw in matches.scores.items():
            score = weight * raw
            if score > best.get(docnum, 0.0):
                best[docnum] = score
            total[docnum] = total.get(docnum, 0.0) + score
    boost = FILLER_BOOST if concept.filler else 1.0
    scores = {d: boost * (s + ALTERNATIVES_TIEBREAK * (total[d] - s)) for d, s in best.items()}
    return Matches(scores, frozenset(strong))


def coverage(reader: IndexReader, parsed: ParsedQuery) -> dict[int, float]:
    """Return the share of the query's concepts each document matches (counted in C by the
    Counters: a common word matches nearly every procedure)."""
    deciding = parsed.concepts
    strong: Counter = Counter()
    anywhere: Counter = Counter()
    for concept in deciding:
        matches = concept_matches(reader, concept)
        strong.update(matches.strong)
        anywhere.update(matches.scores.keys())
    total = len(deciding)
    return {
        docnum: (strong[docnum] + BODY_ONLY_COVERAGE * (count - strong[docnum])) / total
        for docnum, count in anywhere.items()
    }


