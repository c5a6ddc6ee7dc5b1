"""Vietnamese full-text search over the catalogue; the rest of the app only uses this module.

    build_index(force=False, progress=None) -> Path    make sure the index matches the catalogue
    search(q, field=, level=, online=, page=, per_page=) -> SearchResult
    suggest(q, limit=6) -> list[Hit]                    results for a query still being typed
    index_state() -> dict                               for /healthz
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from flask import Flask, current_app

from tthc.search.engine import Hit, SearchResult, run
from tthc.search.filters import Filters
from tthc.search.index import Progress, fingerprint
from tthc.search.index import build_index as _build
from tthc.search.reader import IndexReader
from tthc.search.synonyms import SYNONYMS_FILE, Synonyms, load_synonyms

__all__ = ["Hit", "SearchResult", "build_index", "index_state", "init_app", "search", "suggest"]


# Phrases of the synonyms computed in the master before the workers fork, up to this many
# postings (13 bytes each: about 2.6 MB at most); the postings themselves are mapped files.
WARM_POSTINGS = 200_000


class SearchService:
    """The index of one app: built (or found) at start, opened lazily in each worker."""

    def __init__(self, app: Flask):
        from tthc.catalog import get_catalog

        with app.app_context():
            self.catalog = get_catalog()
        self.index_dir = Path(app.config["INDEX_DIR"])
        self.synonyms_path = Path(app.config["PROCEDURES_DIR"]) / SYNONYMS_FILE
        self.synonyms: Synonyms = load_synonyms(self.synonyms_path)
        self._reader: IndexReader | None = None
        self._lock = threading.Lock()
        self.fingerprint = fingerprint(self.catalog, self.synonyms)
        self.build: Path = self.ensure()

    def ensure(self, *, force: bool = False, progress: Progress | None = None) -> Path:
        self.build = _build(
            self.catalog, self.synonyms, self.index_dir, force=force, progress=progress
        )
        return self.build

    @property
    def reader(self) -> IndexReader:
        # Opened on first use in each process: a reader opened before a fork is not reused.
        reader = self._reader
        if reader is None or reader.pid != os.getpid():
            with self._lock:
                reader = self._reader
                if reader is None or reader.pid != os.getpid():
                    if not self.build.is_dir():  # pruned by a newer deployment: rebuild ours
                        self.ensure()
                    if reader is not None and reader.build == self.build:
                        # Forked from the master: keep what it decoded, open our own files.
                        reader = self._reader = reader.reopened()
                    else:
                        reader = self._reader = IndexReader(self.build)
        return reader

    def use_catalog(self, catalog) -> None:
        """Index a newly published catalogue; called in the background before it is swapped in."""
        build = _build(catalog, self.synonyms, self.index_dir)
        with self._lock:
            self.catalog, self.fingerprint = catalog, fingerprint(catalog, self.synonyms)
            self.build, self._reader = build, None

    def warm(self, budget: int = WARM_POSTINGS) -> int:
        """Read the postings and compute the synonyms' phrases (in the master, before fork)."""
        from tthc.search.matching import warm

        return warm(self.reader, budget, self.synonyms)

    def run(self, q: str, filters: Filters = Filters(), **options) -> SearchResult:  # noqa: B008
        try:
            return run(self.reader, self.synonyms, q, filters, **options)
        except OSError:
            # The build was pruned under a long-running worker: reopen (rebuilding if needed).
            self._reader = None
            return run(self.reader, self.synonyms, q, filters, **options)


def _service() -> SearchService:
    return current_app.extensions["search"]


def build_index(*, force: bool = False, progress: Progress | None = None) -> Path:
    """Make sure the index matches the catalogue and synonyms (rebuild when forced)."""
    service = _service()
    build = service.ensure(force=force, progress=progress)
    service._reader = None
    return build


def search(
    q: str,
    *,
    field: str | None = None,
    level: str | None = None,
    online: bool | None = None,
    page: int = 1,
    per_page: int = 10,
) -> SearchResult:
    """Search the catalogue as people type: no accents, abbreviations, typos."""
    filters = Filters(field=field, level=level, online=online)
    return _service().run(q, filters, page=page, per_page=per_page)


def suggest(q: str, limit: int = 6) -> list[Hit]:
    """Return the best procedures for a query whose last word may be unfinished."""
    return _service().run(q, per_page=limit, prefix=True).hits


def index_state() -> dict:
    """Say whether this worker's index exists and matches its catalogue and synonyms."""
    service = _service()
    build = service.build
    matches = build.is_dir() and build.name.startswith(service.fingerprint)
    return {"ok": matches, "build": build.name}


def init_app(app: Flask) -> None:
    """Build the index if the catalogue changed, and register the pages, API and commands."""
    from tthc.catalog.store import catalog_store
    from tthc.search import cli, hit_facts, views

    app.extensions["search"] = service = SearchService(app)
    hit_facts.init_app(app)
    catalog_store(app).listeners.append(service.use_catalog)
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.search_cli)
