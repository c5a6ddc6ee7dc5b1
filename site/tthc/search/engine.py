"""Rank procedures for a parsed query: BM25F scores times how much of the query matched.

Vector arithmetic over document numbers (numpy arrays of the catalogue's size), so that a
common word found in nearly every procedure costs microseconds, not a loop per document.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tthc.search.analysis import accented, bigrams, has_accents
from tthc.search.documents import (
    ACCENT_FIELD,
    ACCENT_WEIGHT,
    BIGRAM_FIELD,
    BIGRAM_WEIGHT,
    INACTIVE_BOOST,
)
from tthc.search.filters import Facets, Filters, facets_of
from tthc.search.matching import concept_matches
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


def _candidates(reader: IndexReader, parsed: ParsedQuery) -> np.ndarray:
    """Return each document's share of the query, 0 for those that do not cover enough."""
    if parsed.concepts:
        coverage = concept_coverage(reader, parsed)
    else:
        coverage = np.zeros(reader.count, dtype=np.float64)
    docnum = reader.docnum_of(parsed.code) if parsed.code else None
    if docnum is not None:
        coverage[docnum] = 1.0
    best = float(coverage.max()) if len(coverage) else 0.0
    threshold = best * MIN_RELATIVE_COVERAGE
    coverage[(coverage < threshold) | (coverage <= 0.0)] = 0.0
    return coverage


def _prescores(reader: IndexReader, parsed: ParsedQuery, selected: np.ndarray,
               coverage: np.ndarray) -> np.ndarray:
    """Return the BM25F score of each selected document (their numbers, ascending), times
    its coverage squared."""
    docs, values = [], []
    for concept in parsed.parts:
        matches = concept_matches(reader, concept)
        docs.append(matches.docs)
        values.append(matches.scores)
    extra = [(BIGRAM_FIELD, b, BIGRAM_WEIGHT) for b in bigrams(parsed.tokens)]
    if has_accents(parsed.text):
        extra += [(ACCENT_FIELD, w, ACCENT_WEIGHT) for w in accented(parsed.text)]
    for field, term, weight in extra:
        row = reader.postings(field, term)
        docs.append(row.docs)
        values.append(weight * row.scores)
    # One pass in C: each document's values summed in the order above.
    scores = np.bincount(
        np.concatenate(docs) if docs else np.zeros(0, np.int32),
        weights=np.concatenate(values) if values else None,
        minlength=reader.count,
    ).astype(np.float64, copy=False)
    code_doc = reader.docnum_of(parsed.code) if parsed.code else None
    if code_doc is not None:
        scores[code_doc] += CODE_SCORE
    boost = np.where(reader.inactive_mask[selected], INACTIVE_BOOST, 1.0)
    return scores[selected] * coverage[selected] ** 2 * boost


def rank(reader: IndexReader, parsed: ParsedQuery, selected: np.ndarray,
         coverage: np.ndarray, limit: int) -> list[Hit]:
    """Return the best ``limit`` of the selected documents, best first. Only the best are
    compared with their titles; that only ever raises a score, so the order holds."""
    if not len(selected):
        return []
    prescores = _prescores(reader, parsed, selected, coverage)
    keep = max(limit, TITLE_CANDIDATES)
    order = np.arange(len(selected))
    if len(selected) > keep:
        order = np.argpartition(-prescores, keep - 1)[:keep]
    # Best first; equal scores in document order.
    order = order[np.lexsort((selected[order], -prescores[order]))]
    words = highlight_words(parsed)
    concepts = [[frozenset(p) for p in c.phrases] for c in parsed.concepts]
    hits = []
    for position, (docnum, value) in enumerate(
        zip(selected[order].tolist(), prescores[order].tolist(), strict=True)
    ):
        entry = reader.entries[docnum]
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
    coverage = _candidates(reader, parsed)
    found = coverage > 0.0
    selected = np.flatnonzero(filters.select(reader, found))
    hits = rank(reader, parsed, selected, coverage, page * per_page)
    start = (page - 1) * per_page
    return SearchResult(
        query=parsed.text,
        suggestion=restore_accents(parsed, reader) if parsed.corrected else None,
        total=len(selected),
        hits=hits[start : start + per_page],
        page=page,
        per_page=per_page,
        facets=facets_of(reader, found, filters),
        words=highlight_words(parsed),
    )
