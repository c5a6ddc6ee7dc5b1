"""The in-memory, read-only catalogue every page, the index and the posters read from."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from tthc.catalog.guides import Guide, StepPlace, places_of
from tthc.catalog.models import Agency, FieldOfProcedures, Procedure, Unit


@dataclass(frozen=True)
class Catalog:
    agency: Agency
    fields: list[FieldOfProcedures]
    units: list[Unit]
    procedures: list[Procedure]
    version: str
    guides: list[Guide] = field(default_factory=list)
    _by_code: dict[str, Procedure] = field(init=False, repr=False)
    _fields: dict[str, FieldOfProcedures] = field(init=False, repr=False)
    _units: dict[str, Unit] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "_by_code", {p.code: p for p in self.procedures})
        set_(self, "_fields", {f.slug: f for f in self.fields})
        set_(self, "_units", {u.slug: u for u in self.units})

    def __iter__(self) -> Iterator[Procedure]:
        return iter(self.procedures)

    def __len__(self) -> int:
        return len(self.procedures)

    def get(self, code: str) -> Procedure | None:
        return self._by_code.get(code)

    def field(self, slug: str) -> FieldOfProcedures | None:
        return self._fields.get(slug)

    def unit(self, slug: str) -> Unit | None:
        return self._units.get(slug)

    @property
    def active(self) -> list[Procedure]:
        return [p for p in self.procedures if p.is_active]

    def in_field(self, slug: str, *, include_inactive: bool = False) -> list[Procedure]:
        return [
            p
            for p in self.procedures
            if p.field == slug and (include_inactive or p.is_active)
        ]

    def field_counts(self) -> list[tuple[FieldOfProcedures, int]]:
        """Return each field with its number of active procedures, fields without any left out."""
        counts = Counter(p.field for p in self.active)
        return [(f, counts[f.slug]) for f in self.fields if counts[f.slug]]

    def units_for(self, procedure: Procedure) -> list[Unit]:
        """Return the units that receive dossiers for a procedure."""
        if procedure.units:
            return [self._units[slug] for slug in procedure.units if slug in self._units]
        return [unit for unit in self.units if self._receives(unit, procedure)]

    @staticmethod
    def _receives(unit: Unit, procedure: Procedure) -> bool:
        handles_field = not unit.fields or procedure.field in unit.fields
        return unit.level in procedure.levels and handles_field

    def procedures_at(self, unit: Unit) -> list[Procedure]:
        """Return the active procedures a unit receives, in catalogue order."""
        return self._procedures_by_unit.get(unit.slug, [])

    @cached_property
    def _procedures_by_unit(self) -> dict[str, list[Procedure]]:
        # Computed once: the catalogue never changes after loading.
        index: dict[str, list[Procedure]] = {unit.slug: [] for unit in self.units}
        for procedure in self.active:
            for unit in self.units_for(procedure):
                index[unit.slug].append(procedure)
        return index

    def guide(self, slug: str) -> Guide | None:
        return next((guide for guide in self.guides if guide.slug == slug), None)

    def guide_places(self, code: str) -> list[StepPlace]:
        """Return the steps of the life-event guides that name a procedure."""
        return places_of(self.guides, code)

    def replacement_of(self, procedure: Procedure) -> Procedure | None:
        return self.get(procedure.replaced_by) if procedure.replaced_by else None
