"""Which figures to withhold so that no group of fewer than MIN_GROUP can be worked out.

A group too small is never shown (primary suppression). That alone is not enough where a total
is shown beside its parts: with one unit hidden, total minus the others gives its count. So in
every part-whole relation shown (months and units of the year, units of a month and months of a
unit in the CSV) the hidden parts must together count 0 or at least MIN_GROUP, and more than
one of them must be non-empty; otherwise one more part is withheld (secondary suppression), and
where no part is left to withhold, the whole is. This is the usual iterative heuristic, not an
optimal one: it protects against subtraction, which is what a reader of these tables can do.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

MIN_GROUP = 5

Key = Hashable


def withheld(
    counts: Mapping[Key, int],
    relations: Sequence[tuple[Key, Sequence[Key]]],
    *,
    total_first: frozenset[Key] = frozenset(),
) -> dict[Key, bool]:
    """Give every key that must not be shown: True if too small, False if withheld to protect.

    `relations` are (whole, parts) whose counts add up. For a whole in `total_first` the whole
    is withheld rather than one more part (the year's total, say, matters less than its months).
    """
    hidden: dict[Key, bool] = {key: True for key, count in counts.items() if count < MIN_GROUP}
    others = _other_relations(relations)
    changed = True
    while changed:
        changed = False
        for whole, parts in relations:
            if whole in hidden or _safe(counts, hidden, parts):
                continue
            shown = [p for p in parts if p not in hidden and counts[p] > 0]
            if whole in total_first or not shown:
                hidden[whole] = False
            else:
                # Prefer a part that is not alone in its other relation, or hiding it there
                # would expose it in turn; then the smallest.
                shown.sort(
                    key=lambda p: (_alone_elsewhere(p, whole, others, counts), counts[p], str(p))
                )
                hidden[shown[0]] = False
            changed = True
    return hidden


def _safe(counts: Mapping[Key, int], hidden: Mapping[Key, bool], parts: Sequence[Key]) -> bool:
    hidden_counts = [counts[p] for p in parts if p in hidden]
    combined = sum(hidden_counts)
    return combined == 0 or (combined >= MIN_GROUP and sum(1 for c in hidden_counts if c) > 1)


Relation = tuple[Key, Sequence[Key]]


def _other_relations(relations: Sequence[Relation]) -> dict[Key, list[Relation]]:
    by_part: dict[Key, list[Relation]] = {}
    for whole, parts in relations:
        for part in parts:
            by_part.setdefault(part, []).append((whole, parts))
    return by_part


def _alone_elsewhere(part: Key, whole: Key, others: Mapping, counts: Mapping[Key, int]) -> bool:
    return any(
        all(counts[p] == 0 for p in parts if p != part)
        for other_whole, parts in others.get(part, [])
        if other_whole != whole
    )
