"""Rank procedures for a parsed query: Whoosh BM25F scores times how much of the query matched."""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass

from tthc.search.analysis import accented, bigrams, has_accents
from tthc.search.documents import (
    ACCENT_FIELD,
    ACCENT_WEIGHT,
    BIGRAM_FIELD,
    BIGRAM_WEIGHT,
    FIELD_WEIGHTS,
    INACTIVE_BOOST,
)
from tthc.search.filters import Facets, Filters, facets_of
from tthc.search.parsing import Concept, ParsedQuery, parse, restore_accents
from tthc.search.reader import Entry, IndexReader
from tthc.search.synonyms import Phrase, Synonyms

STRONG_FIELDS = [name for name in FIELD_WEIGHTS if name != "body"]
# A concept found only in the long step text counts half as much as one found in a title.
BODY_ONLY_COVERAGE = 0.5
# Results that cover much less of the query than the best result are noise, not answers.
MIN_RELATIVE_COVERAGE = 0.6
CODE_SCORE = 1000.0
ALTERNATIVES_TIEBREAK = 0.1
SYNONYM_WEIGHT = 0.8
# A title (or alias) made only of the words searched for is what was meant: "đăng ký thường
# trú" is the procedure of that name before "xóa đăng ký thường trú".
TITLE_MATCH_FACTOR = 1.0
EXACT_TITLE_BONUS = 0.5
# Only the best candidates are compared with their titles (enough for the first pages); the
# comparison only ever raises a score, so they all stay above the candidates not compared.
TITLE_CANDIDATES = 30
# Filler words ("làm", "thủ tục") only break ties; they never decide what matches.
FILLER_BOOST = 0.3


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float


@dataclass
class SearchResult:
    query: str
    suggestion: str | None
    total: int
    hits: list[Hit]
    page: int
    per_page: int
    facets: Facets
    words: set[str]  # folded words to highlight, synonyms included

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


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
    if len(per_word) == 1:
        return per_word[0]
    common = set(per_word[0].scores).intersection(*(m.scores for m in per_word[1:]))
    scores = {d: sum(m.scores[d] for m in per_word) for d in common}
    for bigram in bigrams(list(phrase)):
        for docnum, score in reader.postings(BIGRAM_FIELD, bigram).items():
            if docnum in scores:
                scores[docnum] += BIGRAM_WEIGHT * score
    strong = frozenset(common.intersection(*(m.strong for m in per_word)))
    return Matches(scores, strong)


def _concept(reader: IndexReader, concept: Concept) -> Matches:
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


def _add(into: Scores, scores: Scores, weight: float = 1.0) -> None:
    for docnum, score in scores.items():
        into[docnum] = into.get(docnum, 0.0) + weight * score


def _coverage(reader: IndexReader, parsed: ParsedQuery) -> dict[int, float]:
    """Return the share of the query's concepts each document matches (counted in C by the
    Counters: a common word matches nearly every procedure)."""
    deciding = parsed.concepts
    strong: Counter = Counter()
    anywhere: Counter = Counter()
    for concept in deciding:
        matches = _concept(reader, concept)
        strong.update(matches.strong)
        anywhere.update(matches.scores.keys())
    total = len(deciding)
    return {
        docnum: (strong[docnum] + BODY_ONLY_COVERAGE * (count - strong[docnum])) / total
        for docnum, count in anywhere.items()
    }


def _candidates(reader: IndexReader, parsed: ParsedQuery) -> dict[int, float]:
    """Return the documents that cover enough of the query, with their share of it."""
    coverage = _coverage(reader, parsed) if parsed.concepts else {}
    docnum = reader.docnum_of(parsed.code) if parsed.code else None
    if docnum is not None:
        coverage[docnum] = 1.0
    best = max(coverage.values(), default=0.0)
    threshold = best * MIN_RELATIVE_COVERAGE
    return {d: share for d, share in coverage.items() if share >= threshold and share > 0.0}


def _prescores(reader: IndexReader, parsed: ParsedQuery, candidates: dict[int, float]
               ) -> dict[int, float]:
    """Return the BM25F score of each candidate, times its coverage squared."""
    scores = dict.fromkeys(candidates, 0.0)
    extra: list[tuple[Scores, float]] = [
        (_concept(reader, concept).scores, 1.0) for concept in parsed.parts
    ]
    extra += [(reader.postings(BIGRAM_FIELD, b), BIGRAM_WEIGHT) for b in bigrams(parsed.tokens)]
    if has_accents(parsed.text):
        extra += [(reader.postings(ACCENT_FIELD, w), ACCENT_WEIGHT) for w in accented(parsed.text)]
    for postings, weight in extra:
        if len(postings) < len(scores):
            for docnum, value in postings.items():
                if docnum in scores:
                    scores[docnum] += weight * value
        else:
            for docnum in scores:
                scores[docnum] += weight * postings.get(docnum, 0.0)
    code_doc = reader.docnum_of(parsed.code) if parsed.code else None
    if code_doc in scores:
        scores[code_doc] += CODE_SCORE
    inactive = reader.inactive
    return {
        d: value * candidates[d] ** 2 * (INACTIVE_BOOST if d in inactive else 1.0)
        for d, value in scores.items()
    }


def rank(reader: IndexReader, parsed: ParsedQuery, candidates: dict[int, float], limit: int
         ) -> list[Hit]:
    """Return the best ``limit`` candidates, best first. Only the best are compared with
    their titles; that only ever raises a score, so the order holds."""
    prescores = _prescores(reader, parsed, candidates) if candidates else {}
    best = heapq.nlargest(max(limit, TITLE_CANDIDATES), prescores, key=prescores.__getitem__)
    words = highlight_words(parsed)
    concepts = [[frozenset(p) for p in c.phrases] for c in parsed.concepts]
    hits = []
    for position, docnum in enumerate(best):
        entry, value = reader.entries[docnum], prescores[docnum]
        if position < TITLE_CANDIDATES:
            matched = entry.title_match(words, concepts)
            exact = EXACT_TITLE_BONUS if matched == 1.0 else 0.0
            value *= 1.0 + TITLE_MATCH_FACTOR * matched + exact
        hits.append(Hit(entry, round(value, 4)))
    hits.sort(key=lambda hit: (-hit.score, not hit.entry.active, hit.entry.code))
    return hits[:limit]


def highlight_words(parsed: ParsedQuery) -> set[str]:
    """Return every folded word the query stands for, fillers and synonyms included."""
    return {word for part in parsed.parts for phrase in part.phrases for word in phrase}


def run(
    reader: IndexReader,
    synonyms: Synonyms,
    text: str,
    filters: Filters = Filters(),  # noqa: B008 - frozen, never mutated
    *,
    page: int = 1,
    per_page: int = 10,
    prefix: bool = False,
) -> SearchResult:
    """Search, filter and cut one page of results."""
    parsed = parse(text, synonyms, reader, prefix=prefix)
    candidates = _candidates(reader, parsed)
    selected = filters.select(reader, candidates.keys())
    hits = rank(reader, parsed, {d: candidates[d] for d in selected}, page * per_page)
    start = (page - 1) * per_page
    return SearchResult(
        query=parsed.text,
        suggestion=restore_accents(parsed, reader) if parsed.corrected else None,
        total=len(selected),
        hits=hits[start : start + per_page],
        page=page,
        per_page=per_page,
        facets=facets_of(reader, candidates.keys(), filters),
        words=highlight_words(parsed),
    )
