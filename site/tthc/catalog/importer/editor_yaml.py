"""Write procedure files as YAML an editor can read: block style, UTF-8, stable key order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from tthc.catalog.models import (
    Change,
    ChannelOption,
    Document,
    Fee,
    LegalBasis,
    OnlineService,
    Procedure,
    ProcessingTime,
)
from tthc.text import slugify

SCHEMA_LINE = "# yaml-language-server: $schema=../schema.json\n"
FOLD_AT = 60
WIDTH = 92
SLUG_WORDS = 6

# Nested lists and mappings of a procedure, each ordered like the model that reads it.
_NESTED: dict[str, type[BaseModel]] = {
    "channels": ChannelOption,
    "time": ProcessingTime,
    "fees": Fee,
    "documents": Document,
    "legal_basis": LegalBasis,
    "online_service": OnlineService,
    "changes": Change,
}


def _ordered(data: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """Order keys like the model's fields; drop empty values so files stay short."""
    order = list(model.model_fields)
    result: dict[str, Any] = {}
    for key in sorted(data, key=lambda k: order.index(k) if k in order else len(order)):
        value = data[key]
        if value is None or value == [] or value == {}:
            continue
        nested = _NESTED.get(key)
        if nested and isinstance(value, list):
            value = [_ordered(item, nested) if isinstance(item, dict) else item for item in value]
        elif nested and isinstance(value, dict):
            value = _ordered(value, nested)
        result[key] = value
    return result


def ordered_procedure(data: dict[str, Any]) -> dict[str, Any]:
    return _ordered(data, Procedure)


class _EditorDumper(yaml.SafeDumper):
    """Block style, no anchors, long text folded, multi-line text literal."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, the way people write YAML by hand.
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    if "\n" in text:
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    if len(text) > FOLD_AT:
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=">")
    return dumper.represent_scalar("tag:yaml.org,2002:str", text)


def _represent_date(dumper: yaml.SafeDumper, day: dt.date) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", day.isoformat())


_EditorDumper.add_representer(str, _represent_str)
_EditorDumper.add_representer(dt.date, _represent_date)


def dump_procedure(data: dict[str, Any]) -> str:
    """Return the text of a procedure file, schema line first."""
    body = yaml.dump(
        ordered_procedure(data),
        Dumper=_EditorDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=WIDTH,
    )
    return SCHEMA_LINE + body


def load_procedure(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def file_name(code: str, name: str) -> str:
    """Return '<code>-<short slug>.yaml'."""
    return f"{code}-{slugify(name, max_words=SLUG_WORDS)}.yaml"
