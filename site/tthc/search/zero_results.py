"""Count searches that found nothing, so editors know which synonyms to add.

Only the normalised query text and a count are kept: no address, time or other personal data.
The counts live in a small JSON file in the instance folder rather than the database, because
reads (and a search is a read) never touch the database.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from pathlib import Path

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import parse

from tthc.search.analysis import normalize

FILE_NAME = "search-zero-results.json"
MAX_QUERY_CHARS = 100
# Bounded, so that a flood of junk queries cannot fill the disk; known queries keep counting.
MAX_DISTINCT = 5000

log = logging.getLogger(__name__)


def normalized(query: str) -> str:
    return " ".join(normalize(query).split())[:MAX_QUERY_CHARS]


def within_client_budget() -> bool:
    """Whether this client may still add to the counts (SEARCH_ZERO_RESULT_LIMIT per address).

    One client looping junk queries would otherwise fill the list editors read (and the
    MAX_DISTINCT slots) on its own. The budget is counted in the rate limiter's storage, so it
    holds across workers and instances; without a working store nothing is recorded."""
    from tthc.extensions import limiter

    if not limiter.enabled:
        return True
    limit = parse(current_app.config["SEARCH_ZERO_RESULT_LIMIT"])
    try:
        return limiter.limiter.hit(limit, "search-zero-results", get_remote_address())
    except Exception:  # a broken counter store must not fail a search
        log.warning("Could not check the zero-result budget", exc_info=True)
        return False


def _read(path: Path) -> dict[str, int]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, int)} if isinstance(data, dict) else {}


def record(instance_path: str | Path, query: str) -> None:
    """Add one to the count of a query that found nothing; never fails the request."""
    key = normalized(query)
    if not any(ch.isalnum() for ch in key):  # punctuation only: nothing an editor can act on
        return
    path = Path(instance_path) / FILE_NAME
    try:
        with open(path.with_suffix(".lock"), "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            counts = _read(path)
            if key not in counts and len(counts) >= MAX_DISTINCT:
                return
            counts[key] = counts.get(key, 0) + 1
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(json.dumps(counts, ensure_ascii=False), encoding="utf-8")
            os.replace(partial, path)
    except OSError:
        log.warning("Could not record a zero-result search", exc_info=True)


def top(instance_path: str | Path, limit: int = 30) -> list[tuple[str, int]]:
    """Return the most frequent zero-result queries, most frequent first."""
    counts = _read(Path(instance_path) / FILE_NAME)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
