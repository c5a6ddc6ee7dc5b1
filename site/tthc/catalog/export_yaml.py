"""Write the effective catalogue as YAML files in exactly the layout of procedures/.

Procedures without a published revision are copied byte for byte from the baseline; revised
and new ones are written the way the importer writes files (tthc/catalog/importer/editor_yaml.py),
under the baseline's file name when there is one. Every other file of the baseline folder (agency,
fields, units, synonyms, schema, README) is copied as it is. So a province can commit the
export to git, and a diff against procedures/ shows exactly the published changes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from tthc.catalog.catalog import Catalog
from tthc.catalog.guides import GUIDES_DIR
from tthc.catalog.importer.editor_yaml import WIDTH, _EditorDumper, dump_procedure, file_name
from tthc.catalog.loader import AGENCY_FILE, UNITS_FILE, procedure_files
from tthc.catalog.models import Agency, Procedure, Unit


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model inside an annotation such as `list[Fee]` or `OnlineService | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        inner = _model_of(arg)
        if inner is not None:
            return inner
    return None


def _is_date(annotation: Any) -> bool:
    if annotation is dt.date:
        return True
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return dt.date in typing.get_args(annotation)
    return False


def _is_date_list(annotation: Any) -> bool:
    return typing.get_origin(annotation) is list and _is_date(typing.get_args(annotation)[0])


def _plain(value: Any, annotation: Any) -> Any:
    """JSON-mode values back to what the YAML files hold: dates as dates, 3.0 as 3."""
    if isinstance(value, dict):
        model = _model_of(annotation)
        return yaml_document(value, model) if model else value
    if isinstance(value, list):
        return [_plain(item, annotation) for item in value]
    if isinstance(value, str) and (_is_date(annotation) or _is_date_list(annotation)):
        return dt.date.fromisoformat(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def yaml_document(data: dict[str, Any], model: type[BaseModel] = Procedure) -> dict[str, Any]:
    fields = model.model_fields
    return {
        key: _plain(value, fields[key].annotation if key in fields else None)
        for key, value in data.items()
    }


def _write_records(source: Path, target: Path, data: dict[str, Any]) -> None:
    """units.yaml or agency.yaml with a published change: the baseline's comments kept on top."""
    try:
        lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    except OSError:
        lines = []
    header = "".join(line for line in itertools.takewhile(lambda x: x.startswith("#"), lines))
    body = yaml.dump(
        data,
        Dumper=_EditorDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=WIDTH,
    )
    target.write_text(header + body, encoding="utf-8")


def document_of(procedure: Procedure) -> dict[str, Any]:
    """The stored form of a procedure: JSON values, only the keys its source set."""
    return procedure.model_dump(mode="json", exclude_unset=True)


def export_catalog(catalog: Catalog, baseline: Catalog, baseline_root: Path, out: Path) -> int:
    """Write `catalog` under `out`; return how many procedure files differ from the baseline."""
    baseline_root = Path(baseline_root)
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(baseline_root.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            shutil.copy2(path, out / path.name)
    if (baseline_root / GUIDES_DIR).is_dir():  # guides are edited in git, not in the staff area
        shutil.copytree(baseline_root / GUIDES_DIR, out / GUIDES_DIR, dirs_exist_ok=True)
    if catalog.units is not baseline.units:
        units = [
            yaml_document(u.model_dump(mode="json", exclude_unset=True), Unit)
            for u in catalog.units
        ]
        _write_records(baseline_root / UNITS_FILE, out / UNITS_FILE, {"units": units})
    if catalog.agency is not baseline.agency:
        agency = yaml_document(catalog.agency.model_dump(mode="json", exclude_unset=True), Agency)
        _write_records(baseline_root / AGENCY_FILE, out / AGENCY_FILE, agency)
    files: dict[str, Path] = {}
    for path in procedure_files(baseline_root):
        files[path.stem.split("-", 1)[0]] = path
    written = 0
    for procedure in catalog:
        source = files.get(procedure.code)
        if source is not None and baseline.get(procedure.code) is procedure:
            target = out / source.relative_to(baseline_root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            continue
        name = source.name if source is not None else file_name(procedure.code, procedure.name)
        target = out / procedure.field / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dump_procedure(yaml_document(document_of(procedure))), encoding="utf-8")
        written += 1
    return written
