"""BM25 postings decoded once per index build into compact arrays, memory-mapped by readers.

Written beside the Whoosh index when a build is made (tthc.search.index), read-only after:

    postings.json            the number of documents and, per table, its terms in row order
    <table>.offsets.npy      int64, row i's postings are [offsets[i], offsets[i+1])
    <table>.docs.npy         int32 document numbers, ascending within a row
    <table>.scores.npy       float64 BM25 scores (idf and length normalisation included)
    words.strong.npy         bool: the word is in a field other than the step text

Tables: one per scored field, and ``words``, each folded word's score summed over the text
fields with their weights (FIELD_WEIGHTS), which is what a query word is matched against.
Every worker maps the same files (numpy ``mmap_mode="r"``): the postings live once in the
page cache, shared by all the workers and never copied into one of them, and a new worker's
first search reads what the others already read. At 10,000 procedures of
scripts/bench_corpus.py: 79 MB of files, of which searches read the ``words``, bigram and
accent tables (41 MB); a worker's private memory stays at about 43 MB (was 224 MB with the
decoded postings cached in each worker as dicts).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index

from tthc.search import whoosh_adapter
from tthc.search.documents import ACCENT_FIELD, BIGRAM_FIELD, FIELD_WEIGHTS, WEAK_FIELDS

TERMS_FILE = "postings.json"
WORDS = "words"
# BM25 parameters (Whoosh's defaults).
K1, B = 1.2, 0.75
SCORED_FIELDS = [*FIELD_WEIGHTS, BIGRAM_FIELD, ACCENT_FIELD]
STRONG_FIELDS = [name for name in FIELD_WEIGHTS if name not in WEAK_FIELDS]
# What a search reads (the tables of single fields serve tests and tools).
QUERY_TABLES = (WORDS, BIGRAM_FIELD, ACCENT_FIELD)
_EMPTY_DOCS = np.zeros(0, dtype=np.int32)
_EMPTY_SCORES = np.zeros(0, dtype=np.float64)
_EMPTY_STRONG = np.zeros(0, dtype=bool)


class Row:
    """The postings of one term: ascending document numbers and their scores (views)."""

    __slots__ = ("docs", "scores", "strong")

    def __init__(self, docs: np.ndarray, scores: np.ndarray, strong: np.ndarray | None = None):
        self.docs, self.scores = docs, scores
        self.strong = strong if strong is not None else _EMPTY_STRONG

    def __len__(self) -> int:
        return len(self.docs)

    def as_dict(self) -> dict[int, float]:
        return dict(zip(self.docs.tolist(), self.scores.tolist(), strict=True))


EMPTY = Row(_EMPTY_DOCS, _EMPTY_SCORES, _EMPTY_STRONG)


def _length_norms(searcher) -> dict[str, np.ndarray]:
    """BM25's length normalisation of every document, per field (public Whoosh API)."""
    reader = searcher.reader()
    count = reader.doc_count_all()
    norms = {}
    for field in SCORED_FIELDS:
        average = max(reader.field_length(field) / max(count, 1), 1.0)
        lengths = np.array(
            [reader.doc_field_length(d, field) or 0 for d in range(count)], dtype=np.float64
        )
        norms[field] = K1 * (1 - B + B * lengths / average)
    return norms


def _field_rows(searcher, field: str, norm: np.ndarray, *, block: bool
                ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Every term of one field with its documents and BM25 scores."""
    terms = sorted(
        term.decode() if isinstance(term, bytes) else term
        for term in searcher.reader().lexicon(field)
    )
    leaves = searcher.leaf_searchers()
    rows = {}
    for term in terms:
        docs, weights = [], []
        for leaf, offset in leaves:
            reader = leaf.reader()
            if (field, term) in reader:
                ids, found = whoosh_adapter.term_postings(reader, field, term, block=block)
                docs.extend(offset + i for i in ids) if offset else docs.extend(ids)
                weights.extend(found)
        if not docs:
            continue
        ids = np.array(docs, dtype=np.int32)
        w = np.array(weights, dtype=np.float64)
        scale = searcher.idf(field, term) * (K1 + 1)
        rows[term] = (ids, scale * w / (w + norm[ids]))
    return rows


def _combined(per_field: dict[str, dict[str, tuple[np.ndarray, np.ndarray]]]
              ) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Each word's weighted score summed over the text fields, and where it is strong."""
    words = sorted(set().union(*(per_field[name] for name in FIELD_WEIGHTS)))
    rows = {}
    for word in words:
        docs, values, strong = [], [], []
        for name, weight in FIELD_WEIGHTS.items():
            row = per_field[name].get(word)
            if row is not None:
                docs.append(row[0])
                values.append(weight * row[1])
                if name in STRONG_FIELDS:
                    strong.append(row[0])
        unique, inverse = np.unique(np.concatenate(docs), return_inverse=True)
        total = np.bincount(inverse, weights=np.concatenate(values), minlength=len(unique))
        is_strong = (
            np.isin(unique, np.concatenate(strong)) if strong else np.zeros(len(unique), bool)
        )
        rows[word] = (unique.astype(np.int32), total, is_strong)
    return rows


def _save(build: Path, table: str, rows: dict) -> list[str]:
    terms = list(rows)
    lengths = np.array([len(rows[t][0]) for t in terms], dtype=np.int64)
    offsets = np.zeros(len(terms) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    columns = {"docs": (0, np.int32), "scores": (1, np.float64)}
    if table == WORDS:
        columns["strong"] = (2, bool)
    np.save(build / f"{table}.offsets.npy", offsets)
    for name, (index, dtype) in columns.items():
        parts = [rows[t][index] for t in terms]
        data = np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype)
        np.save(build / f"{table}.{name}.npy", data)
    return terms


def decode(build: Path, *, block: bool = False) -> tuple[int, dict[str, dict]]:
    """Return the number of documents of a committed build and, per scored field, each
    term's documents and BM25 scores, read through Whoosh's public API (``block``: the
    adapter's private block path, which scripts/bench_search.py compares it with)."""
    ix = whoosh_index.open_dir(str(build))
    try:
        with ix.searcher() as searcher:
            count = searcher.doc_count_all()
            norms = _length_norms(searcher)
            return count, {
                field: _field_rows(searcher, field, norms[field], block=block)
                for field in SCORED_FIELDS
            }
    finally:
        ix.close()


def write(build: Path) -> int:
    """Decode the postings of a committed build into its compact tables; return how many
    postings were written."""
    count, per_field = decode(build)
    tables = {field: _save(build, field, rows) for field, rows in per_field.items()}
    tables[WORDS] = _save(build, WORDS, _combined(per_field))
    with open(build / TERMS_FILE, "w", encoding="utf-8") as handle:
        json.dump({"count": count, "tables": tables}, handle, ensure_ascii=False)
    return sum(len(d) for rows in per_field.values() for d, _ in rows.values())


class Table:
    """One table of a build, mapped read-only."""

    def __init__(self, build: Path, name: str, terms: list[str]):
        self.rows = {term: i for i, term in enumerate(terms)}

        def mapped(column: str) -> np.ndarray | None:
            path = build / f"{name}.{column}.npy"
            if not path.exists():
                return None
            # A plain read-only array over the mapping (slicing a np.memmap costs more).
            return np.asarray(np.load(path, mmap_mode="r"))

        self.offsets = mapped("offsets")
        self.docs = mapped("docs")
        self.scores = mapped("scores")
        self.strong = mapped("strong")

    def row(self, term: str) -> Row:
        i = self.rows.get(term)
        if i is None:
            return EMPTY
        start, end = int(self.offsets[i]), int(self.offsets[i + 1])
        strong = self.strong[start:end] if self.strong is not None else None
        return Row(self.docs[start:end], self.scores[start:end], strong)

    def df(self, term: str) -> int:
        i = self.rows.get(term)
        return 0 if i is None else int(self.offsets[i + 1] - self.offsets[i])

    def touch(self) -> int:
        """Read every page once (into the page cache, shared by the workers); return the
        number of terms."""
        for array in (self.offsets, self.docs, self.scores, self.strong):
            if array is not None and len(array):
                np.asarray(array).sum()  # a page fault for every page of the file
        return len(self.rows)


class Postings:
    """Every table of a build."""

    def __init__(self, build: Path):
        meta = json.loads((build / TERMS_FILE).read_text(encoding="utf-8"))
        self.count: int = meta["count"]
        self.tables = {name: Table(build, name, terms) for name, terms in meta["tables"].items()}

    def row(self, table: str, term: str) -> Row:
        found = self.tables.get(table)
        return found.row(term) if found is not None else EMPTY

    def touch(self) -> int:
        """Read the tables queries use into the page cache; return their number of terms."""
        return sum(self.tables[name].touch() for name in QUERY_TABLES if name in self.tables)


def available(build: Path) -> bool:
    return (build / TERMS_FILE).is_file()
