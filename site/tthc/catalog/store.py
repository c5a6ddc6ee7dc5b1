"""The effective catalogue of one app instance: the bundled baseline overlaid with the
published revisions of the database, rebuilt in the background and swapped in atomically.

Reads never touch the database: `get_catalog()` returns the Catalog object in hand. Now and
then (at most every CATALOG_RELOAD_SECONDS, triggered by a request) a short-lived thread asks
the database for its revision number; when it changed, the thread reads the revisions,
builds a new immutable Catalog, lets the listeners (the search index) prepare for it, and
only then replaces the reference every request reads. A new day may bring a scheduled
revision into force: the overlay is recomputed from the revisions in hand, without the
database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import Flask, current_app
from pydantic import BaseModel, ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from tthc import clock
from tthc.catalog.catalog import Catalog
from tthc.catalog.models import Agency, Procedure, Unit

Listener = Callable[[Catalog], None]


# Revisions of a unit's contacts and of the agency share the table, under these codes.
UNIT_PREFIX = "don-vi:"
AGENCY_CODE = "co-quan"


def record_model(code: str) -> type[BaseModel]:
    if code.startswith(UNIT_PREFIX):
        return Unit
    return Agency if code == AGENCY_CODE else Procedure


@dataclass(frozen=True)
class Published:
    """A published revision as the overlay needs it (validated once, kept in memory)."""

    id: int
    code: str
    number: int
    applies_from: dt.date | None
    procedure: BaseModel  # a Procedure, or a Unit / the Agency for their codes


def in_force(revisions: Iterable[Published], day: dt.date) -> dict[str, Published]:
    """For each code, the revision in force on `day`: the latest to apply, then the latest."""
    chosen: dict[str, Published] = {}
    for revision in revisions:
        if revision.applies_from is not None and revision.applies_from > day:
            continue
        current = chosen.get(revision.code)
        if current is None or _order(revision) > _order(current):
            chosen[revision.code] = revision
    return chosen


def _order(revision: Published) -> tuple[dt.date, int]:
    return (revision.applies_from or dt.date.min, revision.id)


def overlay(baseline: Catalog, revisions: Iterable[Published], day: dt.date) -> Catalog:
    """Return the baseline with every revision in force on `day` in place of its record."""
    chosen = in_force(revisions, day)
    if not chosen:
        return baseline
    ids = ",".join(str(r.id) for r in sorted(chosen.values(), key=_order))
    agency = chosen.pop(AGENCY_CODE).procedure if AGENCY_CODE in chosen else baseline.agency
    units_changed = {
        code.removeprefix(UNIT_PREFIX): chosen.pop(code).procedure
        for code in [c for c in chosen if c.startswith(UNIT_PREFIX)]
    }
    units = (
        [units_changed.get(u.slug, u) for u in baseline.units] if units_changed else baseline.units
    )
    procedures = [chosen.pop(p.code).procedure if p.code in chosen else p for p in baseline]
    procedures.extend(chosen[code].procedure for code in sorted(chosen))  # new procedures
    version = hashlib.sha256(f"{baseline.version}|{ids}".encode()).hexdigest()[:12]
    return Catalog(
        agency=agency,
        fields=baseline.fields,
        units=units,
        procedures=procedures,
        version=version,
        guides=baseline.guides,
    )


def reference_problems(catalog: Catalog, code: str | None = None) -> list[str]:
    """The loader's cross-file checks (field, units, replacement) on an effective catalogue."""
    fields = {f.slug for f in catalog.fields}
    units = {u.slug for u in catalog.units}
    problems = []
    for procedure in catalog:
        if code is not None and procedure.code != code:
            continue
        if procedure.field not in fields:
            problems.append(f"{procedure.code}: field: unknown field '{procedure.field}'")
        for slug in procedure.units:
            if slug not in units:
                problems.append(f"{procedure.code}: units: unknown unit '{slug}'")
        if procedure.replaced_by and catalog.get(procedure.replaced_by) is None:
            problems.append(
                f"{procedure.code}: replaced_by: unknown procedure '{procedure.replaced_by}'"
            )
    return problems


@dataclass(frozen=True)
class _State:
    catalog: Catalog
    day: dt.date | None
    db_version: int | None  # None: the database was never read


class CatalogStore:
    """Holds the current Catalog of one app; see the module's docstring."""

    def __init__(self, app: Flask, baseline: Catalog) -> None:
        self.app = app
        self.baseline = baseline
        self.interval: float | None = app.config["CATALOG_RELOAD_SECONDS"]
        self.listeners: list[Listener] = []
        self._revisions: tuple[Published, ...] = ()
        self._validated: dict[int, Published] = {}
        self._state = _State(baseline, None, None)
        self._refresh_lock = threading.Lock()
        self._schedule_lock = threading.Lock()
        self._next_check = 0.0
        self._checking = False
        self.last_error: str | None = None

    def after_fork(self) -> None:
        """Start this process's checks afresh: a thread of the parent does not survive a fork,
        so a check it had started would stay "running" here forever, and its locks held."""
        self._refresh_lock = threading.Lock()
        self._schedule_lock = threading.Lock()
        self._checking = False
        self._next_check = 0.0

    # -- reading -----------------------------------------------------------------------------

    def current(self) -> Catalog:
        """Return the catalogue in force; never waits for the database once started."""
        state = self._state
        if state.db_version is None and not self._checking and self._database_ready():
            self.refresh()  # at start (or until the database first answers): read it once
            state = self._state
        day = clock.today()
        due = self.interval is not None and time.monotonic() >= self._next_check
        if state.day != day:
            if self.interval is None:
                self._rebuild(day)  # tests and commands: at once
                state = self._state
            else:
                due = True  # a server: in the background, like any other change
        if due:
            self._schedule()
        return state.catalog

    @property
    def db_version(self) -> int | None:
        return self._state.db_version

    @property
    def revisions(self) -> tuple[Published, ...]:
        return self._revisions

    def catalog_on(self, day: dt.date, extra: Iterable[Published] = ()) -> Catalog:
        """The catalogue as it will be on `day`, optionally with unpublished revisions on top."""
        return overlay(self.baseline, [*self._revisions, *extra], day)

    # -- refreshing --------------------------------------------------------------------------

    def _database_ready(self) -> bool:
        return "sqlalchemy" in self.app.extensions

    def _schedule(self) -> None:
        with self._schedule_lock:
            if self._checking:
                return
            self._checking = True
            self._next_check = time.monotonic() + (self.interval or 0)
        thread = threading.Thread(target=self._check_in_background, daemon=True)
        thread.start()

    def _check_in_background(self) -> None:
        try:
            with self.app.app_context():
                self.refresh()
        except Exception as error:  # the site keeps serving what it has
            self.app.logger.warning("catalog: background refresh failed: %r", error)
        finally:
            self._checking = False

    def refresh(self) -> bool:
        """Read the database's revision number and rebuild when it changed; True on a change."""
        with self._refresh_lock:
            before = self._state.catalog.version
            try:
                version, rows = self._read(self._state.db_version)
            except SQLAlchemyError as error:
                self.last_error = error.__class__.__name__
                current_app.logger.warning("catalog: cannot read revisions: %r", error)
                if self._state.db_version is None:
                    self._state = _State(self._state.catalog, self._state.day, -1)
                return False
            self.last_error = None
            if rows is not None:
                self._revisions = tuple(self._validate(rows))
            self._state = _State(self._state.catalog, self._state.day, version)
            self._rebuild(clock.today(), force=rows is not None)
            return self._state.catalog.version != before

    def adopt(self, other: CatalogStore) -> None:
        """Serve the revisions another store read (the static export's private copy of the app
        has an empty database of its own)."""
        with self._refresh_lock:
            self._revisions = other._revisions
            self._validated.update(other._validated)
            state = self._state
            self._state = _State(state.catalog, state.day, state.db_version or 0)
            self._rebuild(clock.today(), force=True)

    def _read(self, known: int | None) -> tuple[int, list | None]:
        from tthc.catalog.revisions import CatalogRevision
        from tthc.extensions import db

        with db.engine.connect() as connection:
            version = connection.execute(select(func.max(CatalogRevision.id))).scalar() or 0
            rows = None
            if version != known:
                rows = connection.execute(
                    select(
                        CatalogRevision.id,
                        CatalogRevision.code,
                        CatalogRevision.number,
                        CatalogRevision.applies_from,
                        CatalogRevision.document,
                    ).order_by(CatalogRevision.id)
                ).all()
            connection.rollback()
        return version, rows

    def _validate(self, rows) -> Iterable[Published]:
        import json

        for row in rows:
            cached = self._validated.get(row.id)
            if cached is None:
                try:
                    model = record_model(row.code)
                    procedure = model.model_validate(json.loads(row.document))
                except (ValidationError, ValueError) as error:
                    # A revision the current model no longer accepts is left out, not fatal.
                    current_app.logger.error("catalog: revision %s is invalid: %s", row.id, error)
                    continue
                cached = Published(row.id, row.code, row.number, row.applies_from, procedure)
                self._validated[row.id] = cached
            yield cached

    def _rebuild(self, day: dt.date, force: bool = False) -> None:
        state = self._state
        catalog = overlay(self.baseline, self._revisions, day)
        if catalog.version == state.catalog.version and not force:
            self._state = _State(state.catalog, day, state.db_version)
            return
        if catalog.version != state.catalog.version:
            for listener in self.listeners:
                try:
                    listener(catalog)
                except Exception as error:
                    self.app.logger.error("catalog: listener failed: %r", error)
            self.app.jinja_env.globals["agency"] = catalog.agency
            self.app.jinja_env.globals["catalog_version"] = catalog.version
        else:
            catalog = state.catalog
        # One assignment: every reader sees the old catalogue or the new one, never a mix.
        self._state = _State(catalog, day, self._state.db_version)


def catalog_store(app: Flask | None = None) -> CatalogStore:
    return (app or current_app).extensions["catalog_store"]
