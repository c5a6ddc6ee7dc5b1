#!/usr/bin/env python
"""Search latency: this engine vs SQLite FTS5 on the same corpus and queries, in one process.

    .venv/bin/python scripts/bench_search.py [--synthetic 10000] [--rounds 5]

Corpora: the bundled catalogue, and N synthetic procedures built from its own vocabulary
(each a real procedure with words of others mixed into its name, documents and steps).
Queries: tests/search/queries.tsv. The reference is FTS5 with `unicode61 remove_diacritics 2`
on text pre-folded by the same analyzer, the query words OR-ed and ranked by bm25() with
the same field weights. Prints p50/p95 in milliseconds (wall clock and CPU time: on a busy
machine the wall clock also counts waiting for a CPU), recall@3 overall and per kind of query
(Vietnamese, English, Khmer, raw Telex, VNI, no spaces: the note column's "en:", "km:"…
prefix), and the ratio.

    .venv/bin/python scripts/bench_search.py --synthetic 0 --khmer-nltk

--khmer-nltk (needs the khmer-nltk package, not a dependency of the site) segments Khmer with
khmer-nltk's CRF model instead of the lexicon, to compare recall and cost.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site"))

from tqdm import tqdm  # noqa: E402

from tthc.catalog import load_catalog  # noqa: E402
from tthc.catalog.catalog import Catalog  # noqa: E402
from tthc.search.analysis import folded  # noqa: E402
from tthc.search.documents import FIELD_WEIGHTS, document  # noqa: E402
from tthc.search.engine import run  # noqa: E402
from tthc.search.index import build_index  # noqa: E402
from tthc.search.reader import IndexReader  # noqa: E402
from tthc.search.synonyms import load_synonyms  # noqa: E402

QUERIES = ROOT / "tests" / "search" / "queries.tsv"
FTS_FIELDS = list(FIELD_WEIGHTS)  # aliases, title, field_name, documents, body


KINDS = ("en", "km", "telex", "vni", "nospace")


def load_queries() -> list[tuple[str, str]]:
    return [(query, code) for query, code, _kind in load_queries_with_kind()]


def load_queries_with_kind() -> list[tuple[str, str, str]]:
    """Each query with its kind: the note's prefix ("en: …"), Vietnamese ("vi") otherwise."""
    rows = []
    for line in QUERIES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            query, code, note = (line.split("\t") + [""])[:3]
            prefix = note.split(":", 1)[0].strip()
            rows.append((query, code, prefix if prefix in KINDS else "vi"))
    return rows


def recall_by_kind(search, queries: list[tuple[str, str]], kinds: dict[str, str]) -> str:
    """Recall@3 per kind of query, as "vi 100 % (116) · en 100 % (11) …"."""
    found: dict[str, list[bool]] = {}
    for query, code in queries:
        found.setdefault(kinds.get(query, "vi"), []).append(code in search(query)[:3])
    return " · ".join(
        f"{kind} {sum(hits) / len(hits):.0%} ({len(hits)})" for kind, hits in found.items()
    )


def synthetic(catalog: Catalog, count: int, seed: int = 7) -> Catalog:
    """Return a catalogue of ``count`` procedures made from the real ones' words."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    real = catalog.active
    name_words = [w for p in real for w in p.name.split()]
    procedures = []
    for i in tqdm(range(count), desc="synthetic corpus", unit="thủ tục"):
        template = rng.choice(real)
        donor = rng.choice(real)
        extra = " ".join(rng.choice(name_words) for _ in range(rng.randint(2, 5)))
        procedures.append(
            template.model_copy(
                update={
                    "code": f"3.{900000 + i:06d}",
                    "name": f"{template.name} {extra}",
                    "documents": template.documents + donor.documents[:3],
                    "steps": template.steps + donor.steps[:2],
                    "aliases": template.aliases + donor.aliases[:1],
                }
            )
        )
    return Catalog(
        agency=catalog.agency,
        fields=catalog.fields,
        units=catalog.units,
        procedures=procedures,
        version=f"synthetic-{count}-{seed}",
    )


class Fts5:
    """The reference: SQLite FTS5 over the same pre-folded text."""

    def __init__(self, catalog: Catalog):
        self.db = sqlite3.connect(":memory:")
        columns = ", ".join(["code UNINDEXED", *FTS_FIELDS])
        self.db.execute(
            f"CREATE VIRTUAL TABLE docs USING fts5({columns}, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        rows = []
        for procedure in catalog:
            doc = document(procedure, catalog)
            rows.append([procedure.code, *(" ".join(folded(doc[f])) for f in FTS_FIELDS)])
        placeholders = ", ".join("?" * (len(FTS_FIELDS) + 1))
        self.db.executemany(f"INSERT INTO docs VALUES ({placeholders})", rows)  # noqa: S608
        weights = ", ".join(["0", *(str(FIELD_WEIGHTS[f]) for f in FTS_FIELDS)])
        self.sql = (
            f"SELECT code FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, {weights}) LIMIT 10"  # noqa: S608
        )

    def search(self, query: str) -> list[str]:
        words = folded(query)
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        return [row[0] for row in self.db.execute(self.sql, (match,))]


def measure(search, queries: list[tuple[str, str]], rounds: int) -> dict:
    for query, _ in queries:  # warm up: first use of each word fills the caches
        search(query)
    wall, cpu = [], []
    for _ in range(rounds):
        for query, _ in queries:
            w0, c0 = time.perf_counter(), time.process_time()
            search(query)
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
    found = sum(code in search(query)[:3] for query, code in queries)
    return {
        "p50": statistics.median(wall),
        "p95": statistics.quantiles(wall, n=20)[-1],
        "cpu_p95": statistics.quantiles(cpu, n=20)[-1],
        "recall": found / len(queries),
    }


def cold_latency(make_search, queries) -> float:
    """Return the p95 of the first search of each query on a freshly opened index."""
    search = make_search()
    times = []
    for query, _ in queries:
        start = time.perf_counter()
        search(query)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.quantiles(times, n=20)[-1]


def bench(label: str, catalog: Catalog, synonyms, queries, rounds: int, workdir: Path) -> None:
    start = time.perf_counter()
    with tqdm(total=len(catalog), desc=f"index {label}", unit="thủ tục") as bar:
        build = build_index(catalog, synonyms, workdir / label, progress=bar.update)
    built = time.perf_counter() - start

    def ours():
        reader = IndexReader(build)
        return lambda q: [h.entry.code for h in run(reader, synonyms, q).hits]

    fts = Fts5(catalog)
    kinds = {query: kind for query, _code, kind in load_queries_with_kind()}
    engine = measure(ours(), queries, rounds)
    reference = measure(fts.search, queries, rounds)
    cold = cold_latency(ours, queries)
    print(f"\n{label}: {len(catalog)} procedures, {len(queries)} queries × {rounds} rounds")
    print(f"  index build: {built:.1f} s")
    print(f"  {'':12} {'p50 ms':>8} {'p95 ms':>8} {'p95 CPU':>8} {'recall@3':>9}")
    real = all(catalog.get(code) for _, code in queries)  # synthetic codes differ: no recall
    for name, r in (("this engine", engine), ("FTS5", reference)):
        recall = f"{r['recall']:9.0%}" if real else f"{'n/a':>9}"
        print(f"  {name:12} {r['p50']:8.2f} {r['p95']:8.2f} {r['cpu_p95']:8.2f} {recall}")
    if real:
        print(f"  recall@3 by kind, this engine: {recall_by_kind(ours(), queries, kinds)}")
        print(f"  recall@3 by kind, FTS5:        {recall_by_kind(fts.search, queries, kinds)}")
    print(f"  ratio p95 engine/FTS5: {engine['p95'] / max(reference['p95'], 1e-6):.1f}×")
    print(f"  cold p95 (first search of each query after start): {cold:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--khmer-nltk", action="store_true",
                        help="segment Khmer with khmer-nltk instead of the lexicon")
    args = parser.parse_args()
    if args.khmer_nltk:
        use_khmer_nltk()
    catalog = load_catalog(ROOT / "procedures")
    synonyms = load_synonyms(ROOT / "procedures" / "synonyms.yaml")
    queries = load_queries()
    with tempfile.TemporaryDirectory() as tmp:
        bench("bundled", catalog, synonyms, queries, args.rounds, Path(tmp))
        if args.synthetic:
            big = synthetic(catalog, args.synthetic)
            bench(f"synthetic-{args.synthetic}", big, synonyms, queries, args.rounds, Path(tmp))


def use_khmer_nltk() -> None:
    """Segment Khmer with khmer-nltk's CRF model, and report what it costs per call."""
    import logging

    from khmernltk import word_tokenize

    from tthc.search import khmer

    logging.getLogger("khmer-nltk").setLevel(logging.WARNING)
    start = time.perf_counter()
    word_tokenize("ការចុះឈ្មោះ")  # loads the model
    print(f"khmer-nltk: model loaded in {time.perf_counter() - start:.2f} s")
    runs = ["អត្តសញ្ញាណប័ណ្ណ", "លិខិតឆ្លងដែន", "ចុះឈ្មោះទីលំនៅ", "ចុះបញ្ជីយានយន្ត"]
    for name, cut in (("lexicon", khmer.segment.__wrapped__), ("khmer-nltk", word_tokenize)):
        start = time.perf_counter()
        for _ in range(200):
            for text in runs:
                cut(text)
        print(f"  {name}: {(time.perf_counter() - start) / 800 * 1000:.3f} ms per word run")

    def segment(run: str) -> tuple[str, ...]:
        return tuple(w for w in word_tokenize(run) if w.strip())

    khmer.segment = segment  # analysis calls it through the module


if __name__ == "__main__":
    main()
