"""Filters of a search (field, level, online) and the counts shown beside each filter link."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from tthc.search.reader import IndexReader

LEVELS = ("tinh", "xa")


@dataclass(frozen=True)
class Filters:
    field: str | None = None
    level: str | None = None
    online: bool | None = None

    def sets(self, reader: IndexReader, *, skip: str = "") -> list[frozenset[int]]:
        """Return the document sets a result must belong to, one per active filter."""
        chosen = []
        if skip != "field" and self.field:
            chosen.append(reader.by_field.get(self.field, frozenset()))
        if skip != "level" and self.level:
            chosen.append(reader.by_level.get(self.level, frozenset()))
        if skip != "online" and self.online is not None:
            chosen.append(reader.online if self.online else reader.offline)
        return chosen

    def select(self, reader: IndexReader, docnums: Iterable[int], *, skip: str = "") -> set[int]:
        """Return the documents that pass every filter (but ``skip``)."""
        return set(docnums).intersection(*self.sets(reader, skip=skip))


@dataclass
class Facets:
    fields: Counter = field(default_factory=Counter)
    levels: Counter = field(default_factory=Counter)
    online: int = 0


def facets_of(reader: IndexReader, docnums: Iterable[int], filters: Filters) -> Facets:
    """Count the results per filter value, each dimension under the other filters."""
    docnums = set(docnums)
    facets = Facets()
    in_fields = filters.select(reader, docnums, skip="field")
    for slug, members in reader.by_field.items():
        if count := len(in_fields & members):
            facets.fields[slug] = count
    in_levels = filters.select(reader, docnums, skip="level")
    for level in LEVELS:
        if count := len(in_levels & reader.by_level.get(level, frozenset())):
            facets.levels[level] = count
    facets.online = len(filters.select(reader, docnums, skip="online") & reader.online)
    return facets
