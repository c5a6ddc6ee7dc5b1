"""Index lifecycle: built once, reused, rebuilt on a new fingerprint, swapped atomically."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tthc.search.index import (
    BUILDS,
    CURRENT,
    KEEP_BUILDS,
    build_index,
    current_build,
    fingerprint,
    read_meta,
)
from tthc.search.reader import IndexReader
from tthc.search.synonyms import load_synonyms

from .conftest import FIXTURE

ROOT = Path(__file__).resolve().parents[2]


def builds(index_dir: Path) -> list[Path]:
    return sorted(p for p in (index_dir / BUILDS).iterdir() if not p.name.startswith("."))


def test_build_then_reuse(tmp_path, small_catalog, small_synonyms):
    first = build_index(small_catalog, small_synonyms, tmp_path)
    assert (tmp_path / CURRENT).is_symlink()
    assert current_build(tmp_path) == first
    meta = read_meta(first)
    assert meta["fingerprint"] == fingerprint(small_catalog, small_synonyms)
    assert meta["count"] == len(small_catalog)
    assert meta["vocabulary"]["thuong"][0] == "thường"
    again = build_index(small_catalog, small_synonyms, tmp_path)
    assert again == first
    assert builds(tmp_path) == [first]


def test_new_synonyms_change_the_fingerprint_and_swap_the_index(tmp_path, small_catalog):
    synonyms_file = tmp_path / "synonyms.yaml"
    synonyms_file.write_text((FIXTURE / "synonyms.yaml").read_text("utf-8"), "utf-8")
    old_synonyms = load_synonyms(synonyms_file)
    old = build_index(small_catalog, old_synonyms, tmp_path / "index")
    reader = IndexReader(old)

    synonyms_file.write_text("terms: {passport: [hộ chiếu]}\n", "utf-8")
    new_synonyms = load_synonyms(synonyms_file)
    assert fingerprint(small_catalog, new_synonyms) != fingerprint(small_catalog, old_synonyms)
    new = build_index(small_catalog, new_synonyms, tmp_path / "index")
    assert new != old
    assert current_build(tmp_path / "index") == new
    # A worker still reading the old build keeps working until it restarts.
    assert reader.postings("title", "thuong")


def test_damaged_build_is_rebuilt(tmp_path, small_catalog, small_synonyms):
    first = build_index(small_catalog, small_synonyms, tmp_path)
    for segment in first.glob("*.seg"):
        segment.unlink()
    second = build_index(small_catalog, small_synonyms, tmp_path)
    assert second != first
    assert IndexReader(second).entries


def test_force_rebuilds_and_old_builds_are_pruned(tmp_path, small_catalog, small_synonyms):
    seen = set()
    for _ in range(KEEP_BUILDS + 2):
        seen.add(build_index(small_catalog, small_synonyms, tmp_path, force=True))
        time.sleep(0.01)
    assert len(seen) == KEEP_BUILDS + 2
    kept = builds(tmp_path)
    assert len(kept) == KEEP_BUILDS
    assert current_build(tmp_path) in kept


def test_progress_counts_every_procedure(tmp_path, small_catalog, small_synonyms):
    ticks = []
    build_index(small_catalog, small_synonyms, tmp_path, progress=ticks.append)
    assert len(ticks) == len(small_catalog)


def test_failed_build_leaves_the_current_index_alone(tmp_path, small_catalog, small_synonyms):
    good = build_index(small_catalog, small_synonyms, tmp_path)

    def explode(_):
        raise RuntimeError("disk full")

    with contextlib.suppress(RuntimeError):
        build_index(small_catalog, small_synonyms, tmp_path, force=True, progress=explode)
    assert current_build(tmp_path) == good
    assert not [p for p in (tmp_path / BUILDS).iterdir() if p.name.startswith(".partial")]


WORKER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {site!r})
    from tthc.catalog import load_catalog
    from tthc.search.index import build_index
    from tthc.search.reader import IndexReader
    from tthc.search.synonyms import load_synonyms
    catalog = load_catalog({fixture!r})
    synonyms = load_synonyms({synonyms!r})
    while time.time() < {start}:
        time.sleep(0.001)
    build = build_index(catalog, synonyms, {index!r})
    reader = IndexReader(build)
    assert len(reader.entries) == len(catalog)
    print(build)
    """
)


def test_workers_starting_together_build_once(tmp_path):
    index_dir = tmp_path / "index"
    script = WORKER.format(
        site=str(ROOT / "site"),
        fixture=str(FIXTURE),
        synonyms=str(FIXTURE / "synonyms.yaml"),
        index=str(index_dir),
        start=time.time() + 1.5,  # every worker is loaded and waiting when the clock strikes
    )
    workers = [
        subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    outputs = [worker.communicate(timeout=60)[0].strip() for worker in workers]
    assert all(worker.returncode == 0 for worker in workers)
    assert len(set(outputs)) == 1
    assert len(builds(index_dir)) == 1
    assert os.path.realpath(index_dir / CURRENT) == outputs[0]


def test_postings_cache_is_bounded_by_postings_and_keeps_recent_ones():
    from tthc.search.reader import PostingsCache

    cache = PostingsCache(limit=25)
    calls = []

    def make(n):
        def compute():
            calls.append(n)
            return dict.fromkeys(range(n), 1.0)

        return compute

    cache.get(("a",), make(10))
    cache.get(("b",), make(10))
    cache.get(("a",), make(10))  # a is now the most recent
    cache.get(("c",), make(10))  # over the limit: b, the least recent, goes
    assert cache.size <= 25
    cache.get(("a",), make(10))
    cache.get(("b",), make(10))
    assert calls == [10, 10, 10, 10]  # a, b, c, then b again; a never recomputed
