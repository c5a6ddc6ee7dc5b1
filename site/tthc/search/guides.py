"""Match a query against the life-event guides' keywords, so "chuyen nha" shows the guide first.

Guides are few and their keywords short, so they are matched in memory with the analyzer's
folded words rather than indexed: a guide matches when one of its keywords appears, word for
word and in order, in the query (accents and case do not matter).
"""

from __future__ import annotations

from tthc.catalog.guides import Guide
from tthc.search.analysis import folded

MAX_GUIDES = 2


def _phrases(guide: Guide) -> tuple[tuple[str, ...], ...]:
    phrases = (tuple(folded(text)) for text in (guide.title, *guide.keywords))
    return tuple(phrase for phrase in phrases if phrase)


def _contains(tokens: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(tokens[i : i + size]) == phrase for i in range(len(tokens) - size + 1))


def match_guides(guides: list[Guide], q: str, limit: int = MAX_GUIDES) -> list[Guide]:
    """Return the guides whose keywords the query contains, the longest keyword first."""
    tokens = folded(q)
    if not tokens:
        return []
    scored = []
    for order, guide in enumerate(guides):
        best = max((len(p) for p in _phrases(guide) if _contains(tokens, p)), default=0)
        if best:
            scored.append((-best, order, guide))
    return [guide for _, _, guide in sorted(scored, key=lambda item: item[:2])][:limit]
