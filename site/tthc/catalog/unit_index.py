"""Which active procedures each unit receives, computed once per catalogue version."""

from __future__ import annotations

from flask import current_app

from tthc.catalog.catalog import Catalog
from tthc.catalog.models import Procedure


def procedures_by_unit(catalog: Catalog) -> dict[str, list[Procedure]]:
    """Map each unit slug to its active procedures, in catalogue order.

    Catalog.procedures_at compares whole records for every procedure, which is too slow to
    run for every unit on every request; the catalogue is immutable, so the map is kept.
    """
    store = current_app.extensions.setdefault("catalog_unit_index", {})
    index = store.get(catalog.version)
    if index is None:
        index = {unit.slug: [] for unit in catalog.units}
        for procedure in catalog.active:
            for unit in catalog.units_for(procedure):
                index[unit.slug].append(procedure)
        store.clear()
        store[catalog.version] = index
    return index
