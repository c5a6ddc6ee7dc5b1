"""A read-only view of one index build, opened once per worker process (after fork)."""

from __future__ import annotations

import bisect
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from tthc.search.analysis import folded
from tthc.search.index import read_meta
from tthc.search.postings import WORDS, Postings, Row

T = TypeVar("T")

# What queries computed from the postings (phrases, concepts with their synonyms, typo
# corrections) stays in memory, up to this many postings in all: 13 bytes each in compact
# arrays, so about 13 MB at most per worker. The postings themselves are not in it: they are
# memory-mapped from the build (tthc.search.postings), shared by every worker.
MAX_CACHED_POSTINGS = 1_000_000
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
        size = 1 + (len(scores) if isinstance(scores, dict | np.ndarray) else 0)
        with self._lock:
            if key not in self._items:
                self._items[key] = (value, size)
                self.size += size
            while self.size > self.limit and len(self._items) > 1:
                _, (_, dropped) = self._items.popitem(last=False)
                self.size -= dropped
        return value


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
    """The stored entries by document number, the postings (memory-mapped), the vocabulary,
    and a Whoosh searcher per thread for what is not precomputed."""

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
        self.tables = Postings(build)
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
            self.count = searcher.doc_count_all()
        self._docnums = {entry.code: docnum for docnum, entry in self.entries.items()}
        self.by_field = self._group(lambda entry: [entry.field])
        self.by_level = self._group(lambda entry: entry.levels)
        self.online = frozenset(d for d, entry in self.entries.items() if entry.online)
        self.offline = frozenset(self.entries) - self.online
        self.inactive = frozenset(d for d, entry in self.entries.items() if not entry.active)
        # The same sets as arrays over document numbers, for the engine's vector arithmetic.
        self.field_slugs = list(self.by_field)
        self.field_ids = np.zeros(self.count, dtype=np.int32)
        for number, slug in enumerate(self.field_slugs):
            self.field_ids[self.mask(self.by_field[slug])] = number
        self.field_masks = {slug: self.mask(m) for slug, m in self.by_field.items()}
        self.level_masks = {level: self.mask(m) for level, m in self.by_level.items()}
        self.online_mask = self.mask(self.online)
        self.offline_mask = ~self.online_mask
        self.inactive_mask = self.mask(self.inactive)

    def mask(self, docnums: Iterable[int]) -> np.ndarray:
        """Return a boolean array over document numbers, true for ``docnums``."""
        found = np.zeros(self.count, dtype=bool)
        found[np.fromiter(docnums, dtype=np.int64)] = True
        return found

    def reopened(self) -> IndexReader:
        """This reader for a forked process (a gunicorn worker): Whoosh files and searchers of
        its own, while the entries, the mapped postings and what the parent computed are kept
        (copy-on-write), so that a new worker's first searches cost what warm ones do."""
        clone = object.__new__(IndexReader)
        clone.__dict__.update(self.__dict__)
        clone.pid = os.getpid()
        clone.index = whoosh_index.open_dir(str(self.build))
        clone._local = threading.local()
        clone._cache = self._cache.forked()
        return clone

    @property
    def cached_postings(self) -> int:
        return self._cache.size

    def _group(self, keys: Callable[[Entry], Iterable[str]]) -> dict[str, frozenset[int]]:
        groups: dict[str, set[int]] = {}
        for docnum, entry in self.entries.items():
            for key in keys(entry):
                groups.setdefault(key, set()).add(docnum)
        return {key: frozenset(members) for key, members in groups.items()}

    def docnum_of(self, code: str) -> int | None:
        return self._docnums.get(code)

    def memo(self, key: tuple, compute: Callable[[], T]) -> T:
        """Return a value computed once per reader (the index never changes under it)."""
        return self._cache.get(("memo", key), compute)

    def postings(self, field: str, word: str) -> Row:
        """Return the documents holding a term in one field and its BM25 score in each."""
        return self.tables.row(field, word)

    def word(self, word: str) -> Row:
        """Return a folded word's score in each document, summed over the text fields with
        their weights, and whether it is in a field other than the step text."""
        return self.tables.row(WORDS, word)

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
