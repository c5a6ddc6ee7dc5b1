"""Field-by-field differences between two versions of a procedure, for reviewers and history."""

from __future__ import annotations

import json
import typing
from dataclasses import dataclass
from typing import Any

from flask_babel import force_locale
from pydantic import BaseModel, ValidationError

from tthc.catalog.export_yaml import _model_of
from tthc.catalog.field_labels import item_label, key_label, label
from tthc.catalog.models import Procedure


@dataclass(frozen=True)
class FieldChange:
    path: str  # e.g. "channels.0.fees.1.amount"
    where: tuple[str, ...]  # labels from the top, e.g. ("Cách thức thực hiện", "Cách thức 1", …)
    old: Any
    new: Any

    @property
    def label(self) -> str:
        return " › ".join(self.where)

    @property
    def section(self) -> str:
        return self.where[0]


def full(document: dict[str, Any] | None) -> dict[str, Any]:
    """Every field of a document, defaults included, so that '' and a default compare equal."""
    if not document:
        return {}
    try:
        return Procedure.model_validate(document).model_dump(mode="json")
    except ValidationError:
        return json.loads(json.dumps(document, default=str))


def diff(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[FieldChange]:
    changes: list[FieldChange] = []
    _walk(full(old), full(new), Procedure, (), (), changes)
    return changes


def _keys(model: type[BaseModel], *documents: dict) -> list[str]:
    keys = list(model.model_fields)
    for document in documents:
        keys.extend(k for k in document if k not in keys)
    return keys


def _walk(old: dict, new: dict, model, path: tuple, where: tuple, out: list) -> None:
    for key in _keys(model, old, new):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        info = model.model_fields.get(key)
        sub = _model_of(info.annotation) if info is not None else None
        here = (*path, key)
        named = (*where, label(model.__name__, key))
        mapping = sub and _is_mapping(info.annotation)
        if mapping and isinstance(before or {}, dict) and isinstance(after or {}, dict):
            before, after = before or {}, after or {}  # a translation per language
            for name in [*before, *(k for k in after if k not in before)]:
                a, b = before.get(name), after.get(name)
                item = (*named, key_label(name))
                if isinstance(a, dict) and isinstance(b, dict):
                    _walk(a, b, sub, (*here, name), item, out)
                elif a != b:
                    out.append(FieldChange(".".join((*here, name)), item, a, b))
            continue
        if sub and isinstance(before, dict) and isinstance(after, dict):
            _walk(before, after, sub, here, named, out)
        elif sub and isinstance(before or [], list) and isinstance(after or [], list):
            before, after = before or [], after or []
            for i in range(max(len(before), len(after))):
                a = before[i] if i < len(before) else None
                b = after[i] if i < len(after) else None
                item = (*named, item_label(key, i))
                if isinstance(a, dict) and isinstance(b, dict):
                    _walk(a, b, sub, (*here, str(i)), item, out)
                elif a != b:
                    out.append(FieldChange(".".join((*here, str(i))), item, a, b))
        else:
            out.append(FieldChange(".".join(here), named, before, after))


def _is_mapping(annotation: Any) -> bool:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return typing.get_origin(annotation) is dict


def shown(value: Any) -> str:
    """A value as a reviewer reads it: lists one per line, records by their name."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "\n".join(shown(item) for item in value)
    if isinstance(value, dict):
        for key in ("name", "number", "summary", "channel"):
            if value.get(key):
                rest = {k: v for k, v in value.items() if k != key and v not in (None, [], "")}
                if not rest:
                    return str(value[key])
                return f"{value[key]} ({json.dumps(rest, ensure_ascii=False)})"
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


def changelog_text(changes: list[FieldChange]) -> str:
    """A first public change-log entry, in Vietnamese (catalogue content): the editor edits it."""
    with force_locale("vi"):
        sections: list[str] = []
        for change in changes:
            if change.path.startswith("changes"):
                continue
            fees = "fees" in change.path.split(".")
            name = label("ChannelOption", "fees") if fees else change.section
            if name not in sections:
                sections.append(name)
    if not sections:
        return ""
    return "Cập nhật " + ", ".join(s[0].lower() + s[1:] for s in sections) + "."
