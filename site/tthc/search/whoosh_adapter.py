"""The one module that reads postings out of Whoosh, and the only one that may touch its
private internals.

Everything in tthc.search uses Whoosh's public API (index, writer, searcher, lexicon, stored
fields, field lengths, idf). Postings are decoded once per index build, when
tthc.search.postings writes its compact arrays; queries never touch a Whoosh matcher.

Two ways to read a term's postings, same result (``check()`` compares them):

- public (what the site uses): ``matcher.is_active()``, ``id()``, ``weight()``, ``next()``
  for each posting, three Python calls per posting;
- block path (``block=True``): whole decoded blocks from Whoosh 3's leaf matcher, through its
  private ``_read_ids()``, ``_read_weights()``, ``_ids``, ``_weights`` and ``_next_block()``;
  one call per block of postings.

Measured by scripts/bench_search.py ("decode every posting" line: every term of the seven
scored fields, the two ways in turn, CPU median of 2), 02/12/2026, load average 9-14, two
runs: bundled catalogue (169 procedures) public 0.25 and 0.26 s, block 0.24 and 0.22 s
(1.08×, 1.18×); 10,000 procedures (3.9 million postings) public 4.93 and 4.75 s, block
4.19 and 4.03 s (1.18× both times), within an index build of about 220 s at that load.
The public API costs less than 1.5× the private one, so the site uses it and
depends on no private internal: whoosh-reloaded is required as >=2.7.5,<3. The block path
stays here only as the benchmark's reference, to re-measure on a new Whoosh; it is used only
while ``check()`` passes (``compatible()``), and tests/search/test_whoosh_adapter.py fails
with the Whoosh version and the missing attribute when a release changes what it reads.
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


def term_postings(reader, field: str, term: str, *, block: bool = False
                  ) -> tuple[list[int], list[float]]:
    """Return the document numbers and weights of a term in one segment's reader (a leaf
    of ``searcher.leaf_searchers()``), in document order: through the public API, or the
    block path when asked for and this Whoosh still has what it reads."""
    matcher = reader.postings(field, term)
    if block and compatible() and isinstance(matcher, _leaf_matcher_class()):
        return _block_postings(matcher)
    return _public_postings(matcher)
