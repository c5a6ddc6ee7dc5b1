"""Which unit answers a submission: the one the citizen chose, else the unit of its procedure."""

from __future__ import annotations

from tthc.catalog import get_catalog


def unit_for(procedure_code: str | None, chosen_unit: str | None) -> str | None:
    """Return the slug of the unit that handles a submission, or None (then admins route it).

    A procedure received at several units (a provincial department and the commune police)
    goes to the first of them in units.yaml, the provincial one, which can transfer it.
    """
    catalog = get_catalog()
    if chosen_unit and catalog.unit(chosen_unit):
        return chosen_unit
    procedure = catalog.get(procedure_code or "")
    if procedure is None:
        return None
    units = catalog.units_for(procedure)
    return units[0].slug if units else None
