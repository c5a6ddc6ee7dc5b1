"""Merge a fresh portal import into an editor's file without undoing the editor's work.

The rule, also written down in procedures/README.md:

* Keys outside PORTAL_KEYS (aliases, short_name, name_translations, changes, units, status…)
  belong to the editor: re-import never touches them.
* For a portal key, the importer remembers a fingerprint of what the portal said last time
  (``import-state.json``). When the portal still says the same, the file keeps its value, so
  any fix the editor made stays. When the portal changed, the new value replaces the file's,
  and the key is reported as changed.
* A key listed in the file's ``keep_on_import`` was reviewed by an editor: even when the portal
  changed it, the file keeps its value and the importer reports the conflict for review.
* ``verified_on`` takes the later of the file's date and the export's date.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from tthc.catalog.models import PORTAL_KEYS


def fingerprint(value: Any) -> str:
    """Return a short stable hash of a value, empty values counting as absent."""
    if value in (None, [], {}, ""):
        value = None
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def fingerprints(portal: dict[str, Any]) -> dict[str, str]:
    return {key: fingerprint(portal.get(key)) for key in PORTAL_KEYS}


@dataclass
class Merge:
    """The merged file content and what happened to each portal key."""

    data: dict[str, Any]
    changed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def merge(
    existing: dict[str, Any] | None,
    portal: dict[str, Any],
    previous: dict[str, str] | None,
) -> Merge:
    """Combine the editor's file with the portal's new values (see the module docstring)."""
    if existing is None:
        return Merge(data=dict(portal))
    data = dict(existing)
    result = Merge(data=data)
    reviewed = set(existing.get("keep_on_import") or [])
    for key in PORTAL_KEYS:
        new = portal.get(key)
        before = previous.get(key) if previous else fingerprint(existing.get(key))
        if fingerprint(new) == before:
            continue
        if key in reviewed:
            result.kept.append(key)
            continue
        if new in (None, [], {}, ""):
            data.pop(key, None)
        else:
            data[key] = new
        result.changed.append(key)
    old_day, new_day = existing.get("verified_on"), portal.get("verified_on")
    data["verified_on"] = max(d for d in (old_day, new_day) if d) if (old_day or new_day) else None
    data["code"] = portal["code"]
    return result
