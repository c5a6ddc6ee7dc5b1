"""Rank procedures for a parsed query: Whoosh BM25F scores times how much of the query matched."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from tthc.search.analysis import accented, bigrams, has_accents
from tthc.search.documents import (
    ACCENT_FIELD,
    ACCENT_WEIGHT,
    BIGRAM_FIELD,
    BIGRAM_WEIGHT,
    INACTIVE_BOOST,
)
from tthc.search.filters import Facets, Filters, facets_of
from tthc.search.matching import Scores, concept_matches
from tthc.search.matching import coverage as concept_coverage
from tthc.search.parsing import ParsedQuery, parse, restore_accents
from tthc.search.reader import Entry, IndexReader
from tthc.search.synonyms import Synonyms

# Results that cover much less of the query than the best result are noise, not answers.
MIN_RELATIVE_COVERAGE = 0.6
CODE_SCORE = 1000.0
# A title (or alias) made only of the words searched for is what was meant: "đăng ký thường
# trú" is the procedure of that name before "xóa đăng ký thường trú".
TITLE_MATCH_FACTOR = 1.0
EXACT_TITLE_BONUS = 0.5
# Only the best candidates are compared with their titles (enough for the first pages); the
# comparison only ever raises a score, so they all stay above the candidates not compared.
TITLE_CANDIDATES = 30


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


def _candidates(reader: IndexReader, parsed: ParsedQuery) -> dict[int, float]:
    """Return the documents that cover enough of the query, with their share of it."""
    coverage = concept_coverage(reader, parsed) if parsed.concepts else {}
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
        (concept_matches(reader, concept).scores, 1.0) for concept in parsed.parts
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
