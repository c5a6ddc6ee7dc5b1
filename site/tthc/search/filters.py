"""Filters of a search (field, level, online) and the counts shown beside each filter link."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from tthc.search.reader import IndexReader

LEVELS = ("tinh", "xa")


@dataclass(frozen=True)
class Filters:
    field: str | None = None
    level: str | None = None
    online: bool | None = None

    def masks(self, reader: IndexReader, *, skip: str = "") -> list[np.ndarray]:
        """Return the documents a result must be among (boolean arrays over document
        numbers), one per active filter."""
        nothing = np.zeros(reader.count, dtype=bool)
        chosen = []
        if skip != "field" and self.field:
            chosen.append(reader.field_masks.get(self.field, nothing))
        if skip != "level" and self.level:
            chosen.append(reader.level_masks.get(self.level, nothing))
        if skip != "online" and self.online is not None:
            chosen.append(reader.online_mask if self.online else reader.offline_mask)
        return chosen

    def select(self, reader: IndexReader, found: np.ndarray, *, skip: str = "") -> np.ndarray:
        """Return the documents of ``found`` (a boolean array) that pass every filter (but
        ``skip``)."""
        selected = found
        for mask in self.masks(reader, skip=skip):
            selected = selected & mask
        return selected


@dataclass
class Facets:
    fields: Counter = field(default_factory=Counter)
    levels: Counter = field(default_factory=Counter)
    online: int = 0


def facets_of(reader: IndexReader, found: np.ndarray, filters: Filters) -> Facets:
    """Count the results per filter value, each dimension under the other filters."""
    facets = Facets()
    in_fields = filters.select(reader, found, skip="field")
    counts = np.bincount(reader.field_ids[in_fields], minlength=len(reader.field_slugs))
    for slug, count in zip(reader.field_slugs, counts.tolist(), strict=True):
        if count:
            facets.fields[slug] = count
    in_levels = filters.select(reader, found, skip="level")
    for level in LEVELS:
        mask = reader.level_masks.get(level)
        if mask is not None and (count := int(np.count_nonzero(in_levels & mask))):
            facets.levels[level] = count
    in_online = filters.select(reader, found, skip="online")
    facets.online = int(np.count_nonzero(in_online & reader.online_mask))
    return facets
