"""The national portal's export, imported from the staff area: a dry run per procedure and
field, accepted procedure by procedure, each accepted change becoming a draft for review.

The importer's own rules apply (tthc/catalog/importer/merge.py): editor-owned keys are never
touched, and a portal key changes only when the portal changed it since the bundled import.
On top of that, the base here is the *effective* catalogue: a key an editor changed in a
published revision and the portal changed too is a conflict, shown side by side, and only an
editor's explicit choice lets the portal's value replace the local one.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import current_app
from pydantic import ValidationError

from tthc.catalog.diff import FieldChange, diff, full
from tthc.catalog.export_yaml import document_of, yaml_document
from tthc.catalog.importer import portal as import_portal
from tthc.catalog.importer.merge import merge
from tthc.catalog.importer.run import (
    DEFAULT_VERIFIED_ON,
    ImportFailed,
    _key,
    default_state_dir,
    field_slugs,
    read_export,
    read_state,
)
from tthc.catalog.importer.text import clean
from tthc.catalog.models import Procedure
from tthc.catalog.store import catalog_store

TOKEN_BYTES = 12


@dataclass
class Proposal:
    """What the export would change in one procedure."""

    code: str
    name: str
    document: dict[str, Any] | None  # the merged document (None: invalid)
    changes: list[FieldChange] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # top-level keys edited locally too
    local_number: int = 0
    new: bool = False
    problems: list[str] = field(default_factory=list)


def _uploads() -> Path:
    folder = Path(current_app.instance_path) / "national-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_upload(data: bytes) -> str:
    """Store an uploaded export for the dry run and the acceptance that follows; its token."""
    token = secrets.token_hex(TOKEN_BYTES)
    (_uploads() / f"{token}.json").write_bytes(data)
    return token


def upload_path(token: str) -> Path | None:
    if len(token) != TOKEN_BYTES * 2 or not all(c in "0123456789abcdef" for c in token):
        return None
    path = _uploads() / f"{token}.json"
    return path if path.is_file() else None


def locally_edited_keys(code: str) -> tuple[set[str], int]:
    """Top-level keys a published revision changed against the bundled file; its number."""
    from tthc.admin.catalog.editing import latest_revision

    revision = latest_revision(code)
    if revision is None:
        return set(), 0
    baseline = catalog_store().baseline.get(code)
    before = full(document_of(baseline)) if baseline is not None else {}
    after = full(revision.data)
    keys = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    return keys - {"changes", "verified_on"}, revision.number


def dry_run(path: Path, verified_on: dt.date = DEFAULT_VERIFIED_ON) -> list[Proposal]:
    """Every procedure the export would change, against the effective catalogue."""
    from tthc.admin.catalog.editing import published_document

    root = Path(current_app.config["PROCEDURES_DIR"])
    records = read_export(path)
    slugs = field_slugs(root)
    state = read_state(default_state_dir(root))
    proposals = []
    for record in records:
        if not import_portal.levels_of(record.get("cap_thuc_hien") or ""):
            continue
        code = clean(record["ma_thu_tuc"])
        slug = slugs.get(_key(record.get("linh_vuc") or ""))
        if slug is None:
            continue
        portal = import_portal.convert(record, slug, verified_on)
        existing, _number = published_document(code)
        if existing is not None:
            existing = yaml_document(existing)  # dates as dates, like the importer's files
        merged = merge(existing, portal, state.get(code))
        if existing is not None and not merged.changed:
            continue
        proposal = Proposal(code, portal["name"], None, new=existing is None)
        try:
            proposal.document = document_of(Procedure.model_validate(merged.data))
        except ValidationError as error:
            proposal.problems = [
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()
            ]
        edited, proposal.local_number = locally_edited_keys(code)
        proposal.conflicts = sorted(edited & set(merged.changed))
        proposal.changes = diff(existing, proposal.document or merged.data)
        if proposal.changes or proposal.problems:
            proposals.append(proposal)
    return proposals


def read_proposals(token: str) -> list[Proposal]:
    path = upload_path(token)
    if path is None:
        raise ImportFailed("missing upload")
    return dry_run(path)


def is_json(data: bytes) -> bool:
    try:
        json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return True
