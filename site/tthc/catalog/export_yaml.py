"""Write the effective catalogue as YAML files in exactly the layout of procedures/.

Procedures without a published revision are copied byte for byte from the baseline; revised
and new ones are written the way the importer writes files (tthc/catalog/import_yaml.py), under
the baseline's file name when there is one. Every other file of the baseline folder (agency,
fields, units, synonyms, schema, README) is copied as it is. So a province can commit the
export to git, and a diff against procedures/ shows exactly the published changes.
"""

from __future__ import annotations

import datetime as dt
import shutil
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from tthc.catalog.catalog import Catalog
from tthc.catalog.import_yaml import dump_procedure, file_name
from tthc.catalog.loader import procedure_files
from tthc.catalog.models import Procedure


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
