#!/usr/bin/env python
"""Search latency: this engine, SQLite FTS5 and a plain in-memory Python index, interleaved.

    .venv/bin/python scripts/bench_search.py [--synthetic 10000] [--rounds 5]

Corpora: the bundled catalogue, and N procedures from scripts/bench_corpus.py (the real ones
first, then generated ones whose vocabulary grows by Heaps' law with new words, and whose title
lengths, document and step counts follow the real catalogue's distributions). Queries:
tests/search/queries.tsv; the real procedures stay in every corpus, so recall@3 is measured at
every size. References: FTS5 with `unicode61 remove_diacritics 2` on text pre-folded by the
same analyzer (query words OR-ed, ranked by bm25() with the same field weights), and a dict of
postings with BM25 in pure Python. The engines run query by query in turn (the order rotating),
so a change in the machine's load falls on all of them alike. Prints p50/p95 in milliseconds
(wall clock and CPU time), recall@3, the first search of each query on a freshly opened index
(cold), index build times, the private memory of a worker forked from a warm master
(/proc/<pid>/smaps_rollup Private_*) and the size of the memory-mapped postings it shares,
the CPU cost of decoding every posting through Whoosh's public API against the adapter's
block path (tthc/search/whoosh_adapter.py), issue 15's targets (met or not), and recall@3
per kind of query (Vietnamese, English, Khmer, raw Telex, VNI, no spaces: the note column's
"en:", "km:"… prefix).

    .venv/bin/python scripts/bench_search.py --keep /tmp/bench-index

--keep reuses the index builds of an earlier run (the build time then reads near zero).

    .venv/bin/python scripts/bench_search.py --synthetic 0 --khmer-nltk

--khmer-nltk (needs the khmer-nltk package, not a dependency of the site) segments Khmer with
khmer-nltk's CRF model instead of the lexicon, to compare recall and cost.
"""

from __future__ import annotations

import argparse
import math
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site"))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_corpus import corpus  # noqa: E402
from tqdm import tqdm  # noqa: E402

from tthc.catalog import load_catalog  # noqa: E402
from tthc.catalog.catalog import Catalog  # noqa: E402
from tthc.search import WARM_POSTINGS  # noqa: E402
from tthc.search import postings as compact  # noqa: E402
from tthc.search.analysis import folded  # noqa: E402
from tthc.search.documents import FIELD_WEIGHTS, document  # noqa: E402
from tthc.search.engine import run  # noqa: E402
from tthc.search.index import build_index  # noqa: E402
from tthc.search.matching import warm  # noqa: E402
from tthc.search.reader import IndexReader  # noqa: E402
from tthc.search.synonyms import load_synonyms  # noqa: E402

QUERIES = ROOT / "tests" / "search" / "queries.tsv"
FTS_FIELDS = list(FIELD_WEIGHTS)  # aliases, title, field_name, documents, body


KINDS = ("en", "km", "telex", "vni", "nospace")
# Issue 15's targets at 10,000 procedures.
TARGET_WARM_MS, TARGET_COLD_MS, TARGET_WORKER_MB = 10.0, 30.0, 150.0


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


class PlainIndex:
    """The simplest thing that could work: postings in dicts, BM25 over OR-ed query words."""

    K1, B = 1.2, 0.75

    def __init__(self, catalog: Catalog):
        self.codes: list[str] = []
        self.postings: dict[str, dict[int, float]] = {}
        lengths = []
        for number, procedure in enumerate(catalog):
            self.codes.append(procedure.code)
            doc = document(procedure, catalog)
            length = 0.0
            for field in FTS_FIELDS:
                weight = FIELD_WEIGHTS[field]
                for word in folded(doc[field]):
                    row = self.postings.setdefault(word, {})
                    row[number] = row.get(number, 0.0) + weight
                    length += weight
            lengths.append(length)
        self.lengths = lengths
        self.average = sum(lengths) / max(1, len(lengths))

    def search(self, query: str) -> list[str]:
        scores: dict[int, float] = {}
        count = len(self.codes)
        for word in set(folded(query)):
            row = self.postings.get(word)
            if not row:
                continue
            idf = math.log(1 + (count - len(row) + 0.5) / (len(row) + 0.5))
            for number, tf in row.items():
                norm = (
                    tf
                    * (self.K1 + 1)
                    / (tf + self.K1 * (1 - self.B + self.B * self.lengths[number] / self.average))
                )
                scores[number] = scores.get(number, 0.0) + idf * norm
        best = sorted(scores.items(), key=lambda item: -item[1])[:10]
        return [self.codes[number] for number, _ in best]


def worker_memory(open_reader, synonyms, queries) -> tuple[float, float]:
    """Fork a "worker" (the catalogue already loaded, as gunicorn's preload does), open the
    index there and run every query twice; return its RSS and its private memory in MB."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        try:
            reader = open_reader()
            for _ in range(2):
                for query, _ in queries:
                    run(reader, synonyms, query)
            private = 0
            for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
                if line.startswith(("Private_Clean:", "Private_Dirty:", "Private_Hugetlb:")):
                    private += int(line.split()[1])
            os.write(write, f"{rss_mb()} {private / 1024}".encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        rss, private = (float(v) for v in answer.read().split())
    os.waitpid(pid, 0)
    return rss, private


def rss_mb() -> float:
    """Resident memory of this process (what a worker holding the same index would use)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


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


def measure(engines: dict, queries: list[tuple[str, str]], rounds: int) -> dict:
    """Time every engine on every query, the engines in turn (rotating) query by query."""
    names = list(engines)
    for query, _ in queries:  # warm up: first use of each word fills the caches
        for name in names:
            engines[name](query)
    wall = {name: [] for name in names}
    cpu = {name: [] for name in names}
    turn = 0
    for _ in range(rounds):
        for query, _ in queries:
            turn += 1
            for name in names[turn % len(names) :] + names[: turn % len(names)]:
                w0, c0 = time.perf_counter(), time.process_time()
                engines[name](query)
                cpu[name].append((time.process_time() - c0) * 1000)
                wall[name].append((time.perf_counter() - w0) * 1000)
    results = {}
    for name in names:
        found = sum(code in engines[name](query)[:3] for query, code in queries)
        results[name] = {
            "p50": statistics.median(wall[name]),
            "p95": statistics.quantiles(wall[name], n=20)[-1],
            "cpu_p95": statistics.quantiles(cpu[name], n=20)[-1],
            "recall": found / len(queries),
        }
    return results


def cold_latency(make_search, queries) -> tuple[float, float]:
    """Return the p95 of the first search of each query on a freshly opened index, wall
    clock and CPU time."""
    search = make_search()
    wall, cpu = [], []
    for query, _ in queries:
        start, cpu_start = time.perf_counter(), time.process_time()
        search(query)
        cpu.append((time.process_time() - cpu_start) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return statistics.quantiles(wall, n=20)[-1], statistics.quantiles(cpu, n=20)[-1]


def decode_costs(build: Path, rounds: int) -> dict[str, float]:
    """CPU seconds to decode every posting of a build (tthc.search.postings.decode), through
    Whoosh's public API and through the adapter's block path, in turn; the medians."""
    cpu: dict[str, list[float]] = {"public": [], "block": []}
    for turn in range(rounds):
        for way in ("public", "block") if turn % 2 == 0 else ("block", "public"):
            start = time.process_time()
            compact.decode(build, block=way == "block")
            cpu[way].append(time.process_time() - start)
    return {way: statistics.median(values) for way, values in cpu.items()}


def postings_size_mb(build: Path) -> float:
    return sum(f.stat().st_size for f in build.glob("*.npy")) / 1024 / 1024


def bench(label: str, catalog: Catalog, synonyms, queries, rounds: int, workdir: Path,
          decode_rounds: int) -> None:
    builds = {}
    start = time.perf_counter()
    with tqdm(total=len(catalog), desc=f"index {label}", unit="thủ tục") as bar:
        build = build_index(catalog, synonyms, workdir / label, progress=bar.update)
    builds["this engine"] = time.perf_counter() - start
    decoding = decode_costs(build, decode_rounds) if decode_rounds else {}
    # As gunicorn runs it: the master opens the index (the postings are mapped files), reads
    # them once and computes the synonyms' phrases before forking (tthc.serving); each
    # worker reopens the Whoosh files and keeps the rest.
    start = time.perf_counter()
    master = IndexReader(build)
    warm_words = warm(master, WARM_POSTINGS, synonyms)
    warm_seconds = time.perf_counter() - start
    worker_rss, worker_private = worker_memory(master.reopened, synonyms, queries)
    cold_worker = cold_latency(
        lambda: (lambda r: lambda q: [h.entry.code for h in run(r, synonyms, q).hits])(
            master.reopened()
        ),
        queries,
    )

    def ours():
        reader = IndexReader(build)
        return lambda q: [h.entry.code for h in run(reader, synonyms, q).hits]

    start = time.perf_counter()
    fts = Fts5(catalog)
    builds["FTS5"] = time.perf_counter() - start
    start = time.perf_counter()
    plain = PlainIndex(catalog)
    builds["plain Python"] = time.perf_counter() - start
    # Cold first, on a fresh reader: the first search of each query after a worker starts.
    cold = cold_latency(ours, queries)
    engine = ours()
    memory_engine_start = rss_mb()
    results = measure(
        {"this engine": engine, "FTS5": fts.search, "plain Python": plain.search}, queries, rounds
    )
    memory_warm = rss_mb()
    print(f"\n{label}: {len(catalog)} procedures, {len(queries)} queries × {rounds} rounds,")
    print("  engines interleaved query by query")
    print(f"  {'':13} {'p50 ms':>8} {'p95 ms':>8} {'p95 CPU':>8} {'recall@3':>9} {'build s':>8}")
    for name, r in results.items():
        print(
            f"  {name:13} {r['p50']:8.2f} {r['p95']:8.2f} {r['cpu_p95']:8.2f}"
            f" {r['recall']:9.0%} {builds[name]:8.1f}"
        )
    ours_p95 = results["this engine"]["p95"]
    for name in ("FTS5", "plain Python"):
        print(f"  ratio p95 this engine / {name}: {ours_p95 / max(results[name]['p95'], 1e-6):.2f}")
    print(
        f"  cold p95, first search of each query on a fresh reader: {cold[0]:.2f} ms"
        f" ({cold[1]:.2f} ms CPU)"
    )
    print(
        f"  cold p95, first search of each query in a new worker: {cold_worker[0]:.2f} ms"
        f" ({cold_worker[1]:.2f} ms CPU; the master opened the index, read the postings of"
        f" {warm_words} terms and phrases in {warm_seconds:.1f} s)"
    )
    print(
        f"  worker memory (forked from a warm master, every query run twice):"
        f" RSS {worker_rss:.0f} MB, of which {worker_private:.0f} MB private to it"
    )
    print(
        f"  postings files (memory-mapped, shared by the workers): {postings_size_mb(build):.1f}"
        f" MB; this process's RSS grew by {memory_warm - memory_engine_start:.0f} MB while"
        " timing (memo and mapped pages)"
    )
    if decoding:
        print(
            f"  decode every posting at build time, CPU median of {decode_rounds} (in turn):"
            f" public API {decoding['public']:.2f} s, block path {decoding['block']:.2f} s,"
            f" ratio {decoding['public'] / max(decoding['block'], 1e-9):.2f}"
        )
    cpu_warm = results["this engine"]["cpu_p95"]
    print(
        f"  targets (issue 15, at 10,000): warm p95 CPU {cpu_warm:.2f} ≤ {TARGET_WARM_MS:g} ms"
        f" {'met' if cpu_warm <= TARGET_WARM_MS else 'NOT met'}; cold p95 CPU"
        f" {cold_worker[1]:.2f} ≤ {TARGET_COLD_MS:g} ms"
        f" {'met' if cold_worker[1] <= TARGET_COLD_MS else 'NOT met'}; worker private"
        f" {worker_private:.0f} ≤ {TARGET_WORKER_MB:g} MB"
        f" {'met' if worker_private <= TARGET_WORKER_MB else 'NOT met'}"
    )
    kinds = {query: kind for query, _code, kind in load_queries_with_kind()}
    print(f"  recall@3 by kind, this engine: {recall_by_kind(engine, queries, kinds)}")
    print(f"  recall@3 by kind, FTS5:        {recall_by_kind(fts.search, queries, kinds)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--decode-rounds", type=int, default=2,
                        help="times each way of decoding the postings is timed (0: skip)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep the index builds in this folder and reuse them next time")
    parser.add_argument("--khmer-nltk", action="store_true",
                        help="segment Khmer with khmer-nltk instead of the lexicon")
    args = parser.parse_args()
    if args.khmer_nltk:
        use_khmer_nltk()
    catalog = load_catalog(ROOT / "procedures")
    synonyms = load_synonyms(ROOT / "procedures" / "synonyms.yaml")
    queries = load_queries()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        bench("bundled", catalog, synonyms, queries, args.rounds, workdir, args.decode_rounds)
        if args.synthetic:
            big, stats = corpus(catalog, args.synthetic)
            print(
                f"\ncorpus of {len(big)} procedures: {stats['tokens']} tokens, {stats['words']}"
                f" distinct words ({stats['new_words']} new; the real catalogue has"
                f" {stats['real_words']} in {stats['real_tokens']} tokens)"
            )
            bench(f"corpus-{args.synthetic}", big, synonyms, queries, args.rounds, workdir,
                  args.decode_rounds)


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
