"""Build the index into a fresh directory and swap it in atomically, once across workers.

Layout of INDEX_DIR:
    .lock              held (flock) while checking or building, so workers build once
    builds/<fp>-<id>/  one complete Whoosh index per build, its postings decoded into compact
                       arrays (tthc.search.postings), plus meta.json
    current            symlink to the build in use, replaced with os.replace (atomic)
Readers open a build directory and never write to it; a build is never modified after the
swap, so a worker that still reads an older one keeps consistent results until it restarts.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index

from tthc.catalog.catalog import Catalog
from tthc.search import postings
from tthc.search.analysis import ANALYZER_VERSION, fold_word, words
from tthc.search.documents import VOCABULARY_FIELDS, document, schema
from tthc.search.synonyms import Synonyms

SCHEMA_VERSION = "6"  # 6: compact postings beside the Whoosh index (tthc.search.postings)
META_FILE = "meta.json"
CURRENT = "current"
BUILDS = "builds"
KEEP_BUILDS = 3

Progress = Callable[[int], None]


def fingerprint(catalog: Catalog, synonyms: Synonyms) -> str:
    """Return what the index depends on: catalogue, synonyms, analyzer and schema versions."""
    parts = f"{catalog.version}|{synonyms.digest}|{ANALYZER_VERSION}|{SCHEMA_VERSION}"
    return hashlib.sha256(parts.encode()).hexdigest()[:16]


@contextmanager
def _locked(index_dir: Path) -> Iterator[None]:
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_meta(build: Path) -> dict | None:
    """Return the meta data of a build, or None when it is missing or unreadable."""
    try:
        return json.loads((build / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def current_build(index_dir: Path) -> Path | None:
    """Return the build directory in use, or None."""
    link = Path(index_dir) / CURRENT
    if not link.exists():
        return None
    return link.resolve()


def _is_usable(build: Path | None, wanted: str) -> bool:
    if build is None:
        return False
    meta = read_meta(build)
    if not meta or meta.get("fingerprint") != wanted:
        return False
    try:
        ix = whoosh_index.open_dir(str(build))
        try:
            with ix.reader() as reader:
                stored = sum(1 for _ in reader.all_stored_fields())
        finally:
            ix.close()
    except Exception:  # a damaged build is rebuilt, whatever the damage
        return False
    return stored == meta.get("count") and postings.available(build)


class Vocabulary:
    """Each folded word's most frequent spelling in the catalogue and its document frequency:
    restores accents in "did you mean" and drives typo correction."""

    def __init__(self) -> None:
        self.spellings: dict[str, Counter] = defaultdict(Counter)
        self.frequency: Counter = Counter()

    def add(self, texts: list[str]) -> None:
        seen = set()
        for text in texts:
            for word in words(text):
                key = fold_word(word)
                self.spellings[key][word] += 1
                seen.add(key)
        self.frequency.update(seen)

    def as_json(self) -> dict[str, list]:
        return {
            key: [forms.most_common(1)[0][0], self.frequency[key]]
            for key, forms in self.spellings.items()
        }


def _write(build: Path, catalog: Catalog, fp: str, progress: Progress | None) -> None:
    build.mkdir(parents=True)
    ix = whoosh_index.create_in(str(build), schema())
    writer = ix.writer(limitmb=256)
    vocabulary = Vocabulary()
    try:
        for procedure in catalog:
            doc = document(procedure, catalog)
            writer.add_document(**doc)
            vocabulary.add([doc[name] for name in VOCABULARY_FIELDS])
            if progress:
                progress(1)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    ix.close()
    postings.write(build)
    meta = {"fingerprint": fp, "count": len(catalog), "vocabulary": vocabulary.as_json()}
    with open(build / META_FILE, "w", encoding="utf-8") as handle:
        json.dump(meta, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())


def _swap(index_dir: Path, build: Path) -> None:
    link = index_dir / f".{CURRENT}-{uuid.uuid4().hex}"
    os.symlink(os.path.relpath(build, index_dir), link)
    os.replace(link, index_dir / CURRENT)
    directory = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _prune(index_dir: Path, keep: Path) -> None:
    builds = sorted(
        (p for p in (index_dir / BUILDS).iterdir() if p.is_dir() and p != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in builds[KEEP_BUILDS - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def build_index(
    catalog: Catalog,
    synonyms: Synonyms,
    index_dir: str | Path,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> Path:
    """Make sure INDEX_DIR holds an index of this catalogue and these synonyms; return its
    build directory. Concurrent callers wait on the lock and reuse the first one's build."""
    index_dir = Path(index_dir)
    fp = fingerprint(catalog, synonyms)
    with _locked(index_dir):
        existing = current_build(index_dir)
        if not force and _is_usable(existing, fp):
            return existing
        build = index_dir / BUILDS / f"{fp}-{uuid.uuid4().hex[:8]}"
        partial = build.with_name(f".partial-{build.name}")
        try:
            _write(partial, catalog, fp, progress)
            os.rename(partial, build)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        _swap(index_dir, build)
        _prune(index_dir, build)
        return build
