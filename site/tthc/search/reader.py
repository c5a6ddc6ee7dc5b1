"""A read-only view of one index build, opened once per worker process (after fork)."""

from __future__ import annotations

import bisect
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.searching import Searcher

from tthc.search.analysis import folded
from tthc.search.index import read_meta

# Postings of the words people search most stay in memory; the cache is bounded.
POSTINGS_CACHE_SIZE = 20_000
_PARENTHESES = re.compile(r"\([^)]*\)")


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

    def title_match(self, words: set[str]) -> float:
        """Return the largest share of one title's words found among ``words``."""
        return max((len(t & words) / len(t) for t in self.titles if t), default=0.0)


def _title_words(title: str) -> frozenset[str]:
    # "(thực hiện tại cấp tỉnh)" says where, not what: it does not count against a title.
    return frozenset(folded(_PARENTHESES.sub(" ", title)))


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
        self._postings: dict[tuple[str, str], dict[int, float]] = {}
        with self.index.searcher() as searcher:
            self.entries: dict[int, Entry] = {
                docnum: Entry(
                    code=stored["code"],
                    name=stored["name"],
                    field=stored["field"],
                    levels=tuple(stored["levels"].split()),
                    online=stored["online"] == "1",
                    active=stored["active"] == "1",
                    titles=tuple(_title_words(title) for title in stored["titles"] if title),
                )
                for docnum, stored in searcher.iter_docs()
            }
        self._docnums = {entry.code: docnum for docnum, entry in self.entries.items()}

    def docnum_of(self, code: str) -> int | None:
        return self._docnums.get(code)

    def postings(self, field: str, word: str) -> dict[int, float]:
        """Return the BM25F score of a word in each document holding it (cached: read-only)."""
        key = (field, word)
        cached = self._postings.get(key)
        if cached is not None:
            return cached
        searcher = self.searcher
        found: dict[int, float] = {}
        if (field, word) in searcher.reader():
            matcher = wq.Term(field, word).matcher(searcher, searcher.context())
            while matcher.is_active():
                found[matcher.id()] = matcher.score()
                matcher.next()
        if len(self._postings) >= POSTINGS_CACHE_SIZE:
            self._postings.clear()
        self._postings[key] = found
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
