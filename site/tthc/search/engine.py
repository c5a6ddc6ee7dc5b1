"""Rank procedures for a parsed query: Whoosh BM25F scores times how much of the query matched."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tthc.search.analysis import accented, bigrams, has_accents
from tthc.search.documents import (
    ACCENT_FIELD,
    ACCENT_WEIGHT,
    BIGRAM_FIELD,
    BIGRAM_WEIGHT,
    FIELD_WEIGHTS,
)
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
LEVELS = ("tinh", "xa")
# Filler words ("làm", "thủ tục") only break ties; they never decide what matches.
FILLER_BOOST = 0.3


@dataclass(frozen=True)
class Filters:
    field: str | None = None
    level: str | None = None
    online: bool | None = None

    def accepts(self, entry: Entry, *, skip: str = "") -> bool:
        if skip != "field" and self.field and entry.field != self.field:
            return False
        if skip != "level" and self.level and self.level not in entry.levels:
            return False
        return skip == "online" or self.online is None or entry.online == self.online


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float


@dataclass
class Facets:
    fields: Counter = field(default_factory=Counter)
    levels: Counter = field(default_factory=Counter)
    online: int = 0


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
            postings = reader.postings(name, word)
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


def score(reader: IndexReader, parsed: ParsedQuery) -> tuple[Scores, dict[int, float]]:
    """Return the score of every matching document and the share of the query it covers."""
    scores: Scores = {}
    coverage: dict[int, float] = {}
    deciding = parsed.concepts
    for concept in parsed.parts:
        matches = _concept(reader, concept)
        _add(scores, matches.scores)
        if concept not in deciding:
            continue
        for docnum in matches.scores:
            share = 1.0 if docnum in matches.strong else BODY_ONLY_COVERAGE
            coverage[docnum] = coverage.get(docnum, 0.0) + share / len(deciding)
    for bigram in bigrams(parsed.tokens):
        _add(scores, reader.postings(BIGRAM_FIELD, bigram), BIGRAM_WEIGHT)
    if has_accents(parsed.text):
        for word in accented(parsed.text):
            _add(scores, reader.postings(ACCENT_FIELD, word), ACCENT_WEIGHT)
    docnum = reader.docnum_of(parsed.code) if parsed.code else None
    if docnum is not None:
        scores[docnum] = scores.get(docnum, 0.0) + CODE_SCORE
        coverage[docnum] = 1.0
    return scores, coverage


def rank(reader: IndexReader, parsed: ParsedQuery) -> list[Hit]:
    """Return every matching procedure, best first."""
    scores, coverage = score(reader, parsed)
    best = max(coverage.values(), default=0.0)
    candidates = []
    for docnum, value in scores.items():
        share = coverage.get(docnum, 0.0)
        if share >= best * MIN_RELATIVE_COVERAGE and share > 0.0:
            candidates.append((value * share * share, docnum))
    candidates.sort(reverse=True)
    words = highlight_words(parsed)
    concepts = [[frozenset(p) for p in c.phrases] for c in parsed.concepts]
    hits = []
    for position, (value, docnum) in enumerate(candidates):
        entry = reader.entries[docnum]
        if position < TITLE_CANDIDATES:
            matched = entry.title_match(words, concepts)
            exact = EXACT_TITLE_BONUS if matched == 1.0 else 0.0
            value *= (1.0 + TITLE_MATCH_FACTOR * matched + exact)
        hits.append(Hit(entry, round(value, 4)))
    hits.sort(key=lambda hit: (-hit.score, not hit.entry.active, hit.entry.code))
    return hits


def facets_of(hits: list[Hit], filters: Filters) -> Facets:
    """Count the hits per filter value, each dimension under the other filters."""
    facets = Facets()
    for hit in hits:
        entry = hit.entry
        if filters.accepts(entry, skip="field"):
            facets.fields[entry.field] += 1
        if filters.accepts(entry, skip="level"):
            facets.levels.update(level for level in entry.levels if level in LEVELS)
        if filters.accepts(entry, skip="online") and entry.online:
            facets.online += 1
    return facets


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
    hits = rank(reader, parsed)
    suggestion = restore_accents(parsed, reader) if parsed.corrected else None
    selected = [hit for hit in hits if filters.accepts(hit.entry)]
    start = (page - 1) * per_page
    return SearchResult(
        query=parsed.text,
        suggestion=suggestion,
        total=len(selected),
        hits=selected[start : start + per_page],
        page=page,
        per_page=per_page,
        facets=facets_of(hits, filters),
        words=highlight_words(parsed),
    )
