"""Load the catalogue from YAML files and fail loudly, naming file and field, when it is wrong."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from tthc.catalog.catalog import Catalog
from tthc.catalog.guides import GUIDES_DIR, Guide
from tthc.catalog.models import Agency, FieldOfProcedures, Procedure, Unit

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - libyaml is missing on some platforms
    from yaml import SafeLoader  # type: ignore[assignment]

M = TypeVar("M", bound=BaseModel)
# Returned for a file that could not be read or parsed: its problem is already listed.
UNREADABLE = object()

AGENCY_FILE = "agency.yaml"
FIELDS_FILE = "fields.yaml"
UNITS_FILE = "units.yaml"


class CatalogError(Exception):
    """The catalogue is invalid; ``problems`` lists every error found, one line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(
            f"{len(problems)} problem(s) in the catalogue:\n" + "\n".join(problems)
        )


def _location(loc: Iterable[Any]) -> str:
    return ".".join(str(part) for part in loc) or "(file)"


def _describe(error: ValidationError, prefix: str = "") -> list[str]:
    lines = []
    for item in error.errors():
        where = _location(item["loc"])
        if prefix:
            where = f"{prefix}.{where}" if where != "(file)" else prefix
        lines.append(f"{where}: {item['msg']}")
    return lines


class _Reader:
    """Collect problems while reading so one run reports all of them."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[str] = []
        self.digest = hashlib.sha256()

    def name(self, path: Path) -> str:
        return str(path.relative_to(self.root))

    def read_yaml(self, path: Path) -> Any:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            self.problems.append(f"{self.name(path)}: cannot read: {exc.strerror}")
            return UNREADABLE
        self.digest.update(self.name(path).encode() + b"\0" + raw + b"\0")
        try:
            return yaml.load(raw, Loader=SafeLoader)  # noqa: S506 - SafeLoader/CSafeLoader only
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
            problem = getattr(exc, "problem", None) or str(exc)
            self.problems.append(f"{self.name(path)}: invalid YAML: {where}{problem}")
            return UNREADABLE

    def model(self, cls: type[M], data: Any, path: Path, prefix: str = "") -> M | None:
        if data is UNREADABLE:
            return None
        if not isinstance(data, dict):
            self.problems.append(
                f"{self.name(path)}: {prefix or '(file)'}: expected a mapping of fields"
            )
            return None
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            self.problems.extend(f"{self.name(path)}: {line}" for line in _describe(exc, prefix))
            return None

    def model_list(self, cls: type[M], path: Path, key: str) -> list[M]:
        data = self.read_yaml(path)
        if data is UNREADABLE:
            return []
        items = data.get(key) if isinstance(data, dict) else None
        if not isinstance(items, list):
            self.problems.append(f"{self.name(path)}: expected a list under '{key}'")
            return []
        models = (self.model(cls, item, path, f"{key}.{i}") for i, item in enumerate(items))
        return [m for m in models if m is not None]


def procedure_files(root: Path) -> list[Path]:
    """Return every procedure file under ``root`` in a stable order (guides are not ones)."""
    return sorted(
        p for p in root.glob("*/*.yaml") if p.is_file() and p.parent.name != GUIDES_DIR
    )


def guide_files(root: Path) -> list[Path]:
    """Return every life-event guide file under ``root`` in a stable order."""
    return sorted(p for p in (root / GUIDES_DIR).glob("*.yaml") if p.is_file())


def load_catalog(root: str | Path) -> Catalog:
    """Read and validate the whole catalogue under ``root``; raise CatalogError on any problem."""
    root = Path(root)
    if not root.is_dir():
        raise CatalogError([f"{root}: catalogue folder not found"])
    reader = _Reader(root)

    agency = reader.model(Agency, reader.read_yaml(root / AGENCY_FILE), root / AGENCY_FILE)
    fields = reader.model_list(FieldOfProcedures, root / FIELDS_FILE, "fields")
    units = reader.model_list(Unit, root / UNITS_FILE, "units")

    procedures: dict[str, tuple[Procedure, Path]] = {}
    for path in procedure_files(root):
        procedure = reader.model(Procedure, reader.read_yaml(path), path)
        if procedure is None:
            continue
        if procedure.code in procedures:
            first = reader.name(procedures[procedure.code][1])
            reader.problems.append(
                f"{reader.name(path)}: code: duplicate code {procedure.code} (also in {first})"
            )
            continue
        procedures[procedure.code] = (procedure, path)

    _check_references(reader, fields, units, procedures)
    guides = _load_guides(reader, root, procedures)
    if reader.problems or agency is None:
        raise CatalogError(reader.problems or [f"{AGENCY_FILE}: missing"])
    return Catalog(
        agency=agency,
        fields=fields,
        units=units,
        procedures=[procedure for procedure, _ in procedures.values()],
        version=reader.digest.hexdigest()[:12],
        guides=guides,
    )


def _load_guides(
    reader: _Reader, root: Path, procedures: dict[str, tuple[Procedure, Path]]
) -> list[Guide]:
    """Read the guides; every procedure a step names must exist and be in force."""
    guides: dict[str, Guide] = {}
    for path in guide_files(root):
        guide = reader.model(Guide, reader.read_yaml(path), path)
        if guide is None:
            continue
        name = reader.name(path)
        if path.stem != guide.slug:
            reader.problems.append(f"{name}: slug: the file must be named {guide.slug}.yaml")
        if guide.slug in guides:
            reader.problems.append(f"{name}: slug: duplicate guide '{guide.slug}'")
            continue
        for i, step in enumerate(guide.steps):
            for j, code in enumerate(step.procedures):
                where = f"{name}: steps.{i}.procedures.{j}"
                if code not in procedures:
                    reader.problems.append(f"{where}: unknown procedure '{code}'")
                elif not procedures[code][0].is_active:
                    reader.problems.append(f"{where}: procedure '{code}' is no longer in force")
        guides[guide.slug] = guide
    return list(guides.values())


def _duplicates(values: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    return {v for v in values if v in seen or seen.add(v)}  # type: ignore[func-returns-value]


def _check_references(
    reader: _Reader,
    fields: list[FieldOfProcedures],
    units: list[Unit],
    procedures: dict[str, tuple[Procedure, Path]],
) -> None:
    for slug in _duplicates(f.slug for f in fields):
        reader.problems.append(f"{FIELDS_FILE}: slug: duplicate field '{slug}'")
    for slug in _duplicates(u.slug for u in units):
        reader.problems.append(f"{UNITS_FILE}: slug: duplicate unit '{slug}'")
    field_slugs = {f.slug for f in fields}
    unit_slugs = {u.slug for u in units}
    for unit in units:
        for slug in set(unit.fields) - field_slugs:
            reader.problems.append(f"{UNITS_FILE}: {unit.slug}.fields: unknown field '{slug}'")
    for procedure, path in procedures.values():
        name = reader.name(path)
        if procedure.field not in field_slugs:
            reader.problems.append(f"{name}: field: unknown field '{procedure.field}'")
        elif path.parent.name != procedure.field:
            reader.problems.append(
                f"{name}: field: '{procedure.field}' but the file is in '{path.parent.name}/'"
            )
        if not path.stem.startswith(procedure.code):
            reader.problems.append(f"{name}: code: file name must start with {procedure.code}")
        for slug in procedure.units:
            if slug not in unit_slugs:
                reader.problems.append(f"{name}: units: unknown unit '{slug}'")
        if procedure.replaced_by and procedure.replaced_by not in procedures:
            reader.problems.append(
                f"{name}: replaced_by: unknown procedure '{procedure.replaced_by}'"
            )
