"""A read-only view of one index build, opened once per worker process (after fork)."""

from __future__ import annotations

import bisect
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.searching import Searcher

from tthc.search.analysis import folded
from tthc.search.documents import ACCENT_FIELD, BIGRAM_FIELD, FIELD_WEIGHTS
from tthc.search.index import read_meta

T = TypeVar("T")

# Postings of the words people search most stay in memory, up to this many entries in all
# (about 150 MB at most per worker, reached only by catalogues of thousands of procedures).
MAX_CACHED_POSTINGS = 2_000_000
# BM25 parameters (Whoosh's defaults).
K1, B = 1.2, 0.75
SCORED_FIELDS = [*FIELD_WEIGHTS, BIGRAM_FIELD, ACCENT_FIELD]
_PARENTHESES = re.compile(r"\([^)]*\)")
# "Cấp mới X" is simply "cấp X": people never type "mới", so it must not count against a title.
_NEUTRAL = {"moi"}
# Words that start the qualifier of a procedure name: who, where, in which case.
_QUALIFIERS = {"cho", "tai", "theo", "trong", ("doi", "voi")}


@dataclass(frozen=True)
class Entry:
    """What a result needs from the index without touching the catalogue."""

    code: str
    name: str
    field: str
    levels: tuple[str, ...]
    online: bool
    active: bool
    titles: tuple[frozenset[str], ...] = ()  # folded words of the name and of each alias

    def title_match(self, words: set[str], concepts: list[list[frozenset[str]]]) -> float:
        """Return how well the best title and the query fit each other, from 0 to 1: the
        share of the title's words searched for, averaged with the share of the query's
        concepts found whole in the title."""
        best = 0.0
        for title in self.titles:
            found = 0
            for phrases in concepts:
                for phrase in phrases:
                    if phrase <= title:
                        found += 1
                        break
            fit = len(title & words) / len(title) + found / max(len(concepts), 1)
            if fit > best:
                best = fit
        return best / 2


class PostingsCache:
    """Least recently used values, bounded by the number of postings they hold (a common
    word holds an entry for nearly every procedure), not by their number."""

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self._items: OrderedDict[tuple, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()

    def forked(self) -> PostingsCache:
        """This cache in a forked process: the same entries (copy-on-write), a lock of its own."""
        copy = PostingsCache(self.limit)
        copy.size, copy._items = self.size, self._items
        return copy

    def get(self, key: tuple, compute: Callable[[], T]) -> T:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
                return item[0]  # type: ignore[return-value]
        value = compute()
        scores = getattr(value, "scores", value)
        size = 1 + (len(scores) if isinstance(scores, dict) else 0)
        with self._lock:
            if key not in self._items:
                self._items[key] = (value, size)
                self.size += size
            while self.size > self.limit and len(self._items) > 1:
                _, (_, dropped) = self._items.popitem(last=False)
                self.size -= dropped
        return value


def _blocks(matcher) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """Yield the postings of a term block by block (ids, weights)."""
    if isinstance(matcher, W3LeafMatcher):
        # Whole decoded blocks (whoosh-reloaded is pinned): one Python call per block of
        # postings instead of three per posting.
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            yield matcher._ids, matcher._weights
            matcher._next_block()
        return
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    yield ids, weights


def _title_words(title: str) -> list[frozenset[str]]:
    """Return the words of a title, and of its head when a qualifier follows ("Cấp thẻ căn
    cước | cho người từ đủ 14 tuổi"): the head alone may be all that people type."""
    # "(thực hiện tại cấp tỉnh)" says where, not what: it does not count against a title.
    words = [w for w in folded(_PARENTHESES.sub(" ", title)) if w not in _NEUTRAL]
    variants = [frozenset(words)]
    for i, word in enumerate(words[1:], start=1):
        if word in _QUALIFIERS or tuple(words[i : i + 2]) in _QUALIFIERS:
            variants.append(frozenset(words[:i]))
            break
    return variants


class IndexReader:
    """Searchers (one per thread), the stored entries by document number and the vocabulary."""

    def __init__(self, build: Path):
        self.build = build
        self.pid = os.getpid()
        self.index = whoosh_index.open_dir(str(build))
        meta = read_meta(build) or {}
        self.fingerprint: str = meta.get("fingerprint", "")
        vocab = meta.get("vocabulary", {})
        self.spelling: dict[str, str] = {key: value[0] for key, value in vocab.items()}
        self.frequency: dict[str, int] = {key: value[1] for key, value in vocab.items()}
        self.sorted_words: list[str] = sorted(vocab)
        self._local = threading.local()
        self._cache = PostingsCache(MAX_CACHED_POSTINGS)
        with self.index.searcher() as searcher:
            self.entries: dict[int, Entry] = {
                docnum: Entry(
                    code=stored["code"],
                    name=stored["name"],
                    field=stored["field"],
                    levels=tuple(stored["levels"].split()),
                    online=stored["online"] == "1",
                    active=stored["active"] == "1",
                    titles=tuple(
                        variant
                        for title in stored["titles"]
                        if title
                        for variant in _title_words(title)
                        if variant
                    ),
                )
                for docnum, stored in searcher.iter_docs()
            }
            self._docnums = {entry.code: docnum for docnum, entry in self.entries.items()}
            self.by_field = self._group(lambda entry: [entry.field])
            self.by_level = self._group(lambda entry: entry.levels)
            self.online = frozenset(d for d, entry in self.entries.items() if entry.online)
            self.offline = frozenset(self.entries) - self.online
            self.inactive = frozenset(d for d, entry in self.entries.items() if not entry.active)
            self._norms = self._length_norms(searcher)

    def reopened(self) -> IndexReader:
        """This reader for a forked process (a gunicorn worker): index files and searchers of
        its own, while the entries, length norms and postings decoded in the parent are kept
        (copy-on-write), so that a new worker's first searches cost what warm ones do."""
        clone = object.__new__(IndexReader)
        clone.__dict__.update(self.__dict__)
        clone.pid = os.getpid()
        clone.index = whoosh_index.open_dir(str(self.build))
        clone._local = threading.local()
        clone._cache = self._cache.forked()
        return clone

    def frequent_terms(self, field: str, limit: int = 20_000) -> list[str]:
        """The terms of one field, the ones in most documents first."""
        reader = self.searcher.reader()
        terms = [
            (reader.doc_frequency(field, term), term)
            for term in (t.decode() if isinstance(t, bytes) else t for t in reader.lexicon(field))
        ]
        terms.sort(key=lambda item: -item[0])
        return [term for _, term in terms[:limit]]

    @property
    def cached_postings(self) -> int:
        return self._cache.size

    def _group(self, keys: Callable[[Entry], Iterable[str]]) -> dict[str, frozenset[int]]:
        groups: dict[str, set[int]] = {}
        for docnum, entry in self.entries.items():
            for key in keys(entry):
                groups.setdefault(key, set()).add(docnum)
        return {key: frozenset(members) for key, members in groups.items()}

    @staticmethod
    def _length_norms(searcher: Searcher) -> dict[str, list[float]]:
        """Return BM25's length normalisation of every document, per field."""
        reader = searcher.reader()
        count = reader.doc_count_all()
        norms = {}
        for field in SCORED_FIELDS:
            average = max(reader.field_length(field) / max(count, 1), 1.0)
            norms[field] = [
                K1 * (1 - B + B * (reader.doc_field_length(d, field) or 0) / average)
                for d in range(count)
            ]
        return norms

    def docnum_of(self, code: str) -> int | None:
        return self._docnums.get(code)

    def memo(self, key: tuple, compute: Callable[[], T]) -> T:
        """Return a value computed once per reader (the index never changes under it)."""
        return self._cache.get(("memo", key), compute)

    def postings(self, field: str, word: str, *, cache: bool = True) -> dict[int, float]:
        """Return the BM25 score of a word in each document holding it (cached unless the
        caller caches what it makes of it)."""
        compute = lambda: self._read_postings(field, word)  # noqa: E731
        return self._cache.get(("postings", field, word), compute) if cache else compute()

    def _read_postings(self, field: str, word: str) -> dict[int, float]:
        found: dict[int, float] = {}
        searcher = self.searcher
        if (field, word) in searcher.reader():
            # BM25 computed here from preloaded field lengths: several times faster than
            # Whoosh's per-posting scorer, which looks each length up again.
            scale = searcher.idf(field, word) * (K1 + 1)
            norm = self._norms[field]
            for ids, weights in _blocks(searcher.postings(field, word)):
                found.update(
                    {d: scale * w / (w + norm[d]) for d, w in zip(ids, weights, strict=True)}
                )
        return found

    @property
    def searcher(self) -> Searcher:
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self.index.searcher()
        return searcher

    def knows(self, word: str) -> bool:
        return word in self.frequency

    def words_starting(self, prefix: str, limit: int = 12) -> list[str]:
        """Return the most frequent known words that start with ``prefix``."""
        start = bisect.bisect_left(self.sorted_words, prefix)
        found = []
        for word in self.sorted_words[start:]:
            if not word.startswith(prefix):
                break
            found.append(word)
        found.sort(key=lambda w: -self.frequency[w])
        return found[:limit]
