"""Import the national portal's export into procedure files; report changes and doubtful values."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from tthc.catalog.importer import editor_yaml
from tthc.catalog.importer.merge import fingerprints, merge
from tthc.catalog.importer.portal import convert, levels_of
from tthc.catalog.importer.review import Finding, review
from tthc.catalog.importer.text import clean
from tthc.catalog.loader import FIELDS_FILE, procedure_files
from tthc.catalog.models import Procedure
from tthc.catalog.rules import check_procedure
from tthc.text import fold

# The reference export carries no date; its records were taken from the portal around 07/2026.
DEFAULT_VERIFIED_ON = dt.date(2026, 7, 1)
STATE_FILE = "import-state.json"
REPORT_FILE = "REVIEW.md"
# The import's state and review list: reference/ beside the catalogue folder, with the export.
STATE_DIR = "reference"


class ImportFailed(Exception):
    """The export cannot be read or does not fit the catalogue; the message says why."""


@dataclass
class ImportResult:
    """What an import did (or would do, with --dry-run)."""

    added: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    kept: dict[str, list[str]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0
    invalid: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    reviewed: list[Finding] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)


def read_export(path: Path) -> list[dict[str, Any]]:
    """Read the portal export: a JSON list of records with 'ma_thu_tuc'."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read: {exc.strerror}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportFailed(f"{path}: not valid JSON: {exc}") from exc
    if isinstance(data, dict):
        data = data.get("procedures") or data.get("data")
    if not isinstance(data, list) or not all(
        isinstance(r, dict) and r.get("ma_thu_tuc") and r.get("ten_thu_tuc") for r in data
    ):
        raise ImportFailed(
            f"{path}: expected a list of records with 'ma_thu_tuc' and 'ten_thu_tuc'"
        )
    return data


def field_slugs(root: Path) -> dict[str, str]:
    """Map folded field names (and their portal aliases) to slugs, from fields.yaml."""
    try:
        data = yaml.safe_load((root / FIELDS_FILE).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ImportFailed(f"{root / FIELDS_FILE}: cannot read the fields: {exc}") from exc
    mapping = {}
    for item in (data or {}).get("fields") or []:
        for name in [item.get("name"), *(item.get("portal_names") or [])]:
            if name:
                mapping[_key(name)] = item["slug"]
    return mapping


def _key(name: str) -> str:
    return fold(clean(name)).lower()


def existing_files(root: Path) -> dict[str, Path]:
    """Index the procedure files under root by the code their name starts with."""
    files = {}
    for path in procedure_files(root):
        files[path.stem.split("-", 1)[0]] = path
    return files


def default_state_dir(catalogue: Path) -> Path:
    """Return where the import of ``catalogue`` keeps its state and review list."""
    return catalogue.resolve().parent / STATE_DIR


def read_state(state_dir: Path) -> dict[str, dict[str, str]]:
    try:
        text = (state_dir / STATE_FILE).read_text(encoding="utf-8")
        return json.loads(text).get("procedures", {})
    except (OSError, json.JSONDecodeError, AttributeError):
        return {}


def write_state(state_dir: Path, source: Path, state: dict[str, dict[str, str]]) -> None:
    body = {
        "about": "Fingerprints of what the portal said at the last import; "
        "see procedures/README.md.",
        "source": source.name,
        "procedures": dict(sorted(state.items())),
    }
    text = json.dumps(body, ensure_ascii=False, indent=1) + "\n"
    state_dir.mkdir(parents=True, exist_ok=True)
    (state_dir / STATE_FILE).write_text(text, encoding="utf-8")


def run_import(
    export: Path,
    into: Path,
    *,
    dry_run: bool = False,
    state_dir: Path | None = None,
    verified_on: dt.date = DEFAULT_VERIFIED_ON,
    today: dt.date | None = None,
    progress: Callable[[Iterable[Any]], Iterable[Any]] = lambda items: items,
) -> ImportResult:
    """Import every procedure done at cấp tỉnh or cấp xã from ``export`` into ``into``.

    The fingerprints of what the portal said are read from and written to ``state_dir``
    (default: ``reference/`` beside ``into``, see default_state_dir).
    """
    state_dir = state_dir if state_dir is not None else default_state_dir(into)
    records = read_export(export)
    files = existing_files(into)
    state = read_state(state_dir)
    new_state: dict[str, dict[str, str]] = {}
    result = ImportResult()
    run = _Run(into, field_slugs(into), verified_on, today or dt.date.today(), dry_run, result)

    selected = [r for r in records if levels_of(r.get("cap_thuc_hien") or "")]
    result.skipped = len(records) - len(selected)
    for record in progress(selected):
        code = clean(record["ma_thu_tuc"])
        written = _import_one(run, record, code, files.get(code), state.get(code))
        if written is not None:
            new_state[code] = written
        elif code in state:
            # Not updated: remember what the portal said before, so the change shows again.
            new_state[code] = state[code]

    previous = set(state) or set(files)
    result.removed = sorted(previous - {clean(r["ma_thu_tuc"]) for r in selected})
    if not dry_run:
        write_state(state_dir, export, new_state)
    return result


@dataclass(frozen=True)
class _Run:
    """What every record of one import shares."""

    into: Path
    fields: dict[str, str]
    verified_on: dt.date
    today: dt.date
    dry_run: bool
    result: ImportResult


def _import_one(
    run: _Run, record: dict[str, Any], code: str, path: Path | None, previous: dict[str, str] | None
) -> dict[str, str] | None:
    """Merge one record into its file; return the portal fingerprints, or None if not written."""
    result = run.result
    slug = run.fields.get(_key(record.get("linh_vuc") or ""))
    if slug is None:
        result.invalid.append(f"{code}: unknown lĩnh vực '{record.get('linh_vuc')}'")
        return None
    portal = convert(record, slug, run.verified_on)
    result.names[code] = portal["name"]
    try:
        existing = editor_yaml.load_procedure(path) if path else None
    except (OSError, yaml.YAMLError) as exc:
        result.invalid.append(f"{code}: {path.name} cannot be read, left as it is: {exc}")
        return None
    merged = merge(existing, portal, previous)
    if not _valid(merged.data, code, result):
        return None
    reviewed = set(merged.data.get("keep_on_import") or [])
    for finding in review(merged.data, record, run.today) + _content_findings(merged.data):
        (result.reviewed if finding.key in reviewed else result.findings).append(finding)
    if existing is None:
        result.added.append(code)
    elif merged.changed:
        result.changed[code] = merged.changed
    else:
        result.unchanged += 1
    if merged.kept:
        result.kept[code] = merged.kept
    target = _target(run.into, merged.data, path)
    # An untouched file is not rewritten, so the editor's comments and layout survive.
    if not run.dry_run and (merged.data != existing or target != path):
        _write(target, merged.data, path)
    return fingerprints(portal)


def _content_findings(data: dict[str, Any]) -> list[Finding]:
    """Run the content rules of ``flask catalog check`` on a merged (valid) record."""
    procedure = Procedure.model_validate(data)
    return [
        Finding(procedure.code, finding.path.split(".")[0], finding.rule,
                f"{finding.path}: {finding.message}"
                + ("" if finding.is_error else " (cảnh báo)"))
        for finding in check_procedure(procedure)
    ]


def _valid(data: dict[str, Any], code: str, result: ImportResult) -> bool:
    """Validate a merged record; an invalid one is reported and never written."""
    try:
        Procedure.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"]) or "(record)"
            result.invalid.append(f"{code}: {where}: {error['msg']} (not written)")
        return False
    return True


def _target(root: Path, data: dict[str, Any], current: Path | None) -> Path:
    """Keep an existing file where it is unless its field changed."""
    if current is not None and current.parent.name == data["field"]:
        return current
    return root / data["field"] / editor_yaml.file_name(data["code"], data["name"])


def _write(target: Path, data: dict[str, Any], current: Path | None) -> None:
    text = editor_yaml.dump_procedure(data)
    if current is not None and current != target:
        current.unlink()
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
