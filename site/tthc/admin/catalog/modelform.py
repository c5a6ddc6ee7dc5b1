"""Staff forms generated from the catalogue's pydantic models, parsed back and validated by them.

Every field of a model becomes an input named by its path ("channels.0.fees.1.amount"); a list
of records is a repeated group with buttons to add, remove and move items, which work without
JavaScript (the form is posted with `op=add:channels.0.fees` and shown again). Fields the form
cannot show (a free-form mapping, a type added to the model later) travel in a hidden JSON
field, so an edit never loses them. Errors come from the model itself, translated to
Vietnamese and shown next to the field they belong to. A mapping with a fixed set of keys to
records (`dict[Literal["en", "km"], Translation]`) is a group of groups, one per key.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pydantic import BaseModel, HttpUrl, ValidationError
from werkzeug.datastructures import MultiDict

from tthc.catalog.field_labels import item_label, key_label, label
from tthc.i18n import _, _l

KEEP = "__keep"
COUNT = "__n"
LONG_TEXT = {"note", "requirements", "receiving_address", "summary", "title", "set_by", "text"}
LONG_LIST_TEXT = {"steps", "document_notes", "results", "subjects"}
MAX_ITEMS = 200

ERROR_TYPES = {
    "missing": _l("Bắt buộc nhập."),
    "string_too_short": _l("Không được để trống."),
    "too_short": _l("Cần ít nhất một mục."),
    "string_pattern_mismatch": _l("Không đúng định dạng."),
    "int_parsing": _l("Nhập một số nguyên, không có dấu chấm hay chữ (ví dụ 50000)."),
    "int_from_float": _l("Nhập một số nguyên, không có dấu chấm hay chữ (ví dụ 50000)."),
    "float_parsing": _l("Nhập một số (ví dụ 3 hoặc 1,5)."),
    "greater_than_equal": _l("Không được là số âm."),
    "greater_than": _l("Phải lớn hơn 0."),
    "date_parsing": _l("Ngày không hợp lệ."),
    "date_from_datetime_parsing": _l("Ngày không hợp lệ."),
    "date_type": _l("Ngày không hợp lệ."),
    "url_parsing": _l("Địa chỉ web không hợp lệ (bắt đầu bằng https://)."),
    "url_scheme": _l("Địa chỉ web không hợp lệ (bắt đầu bằng https://)."),
    "url_type": _l("Địa chỉ web không hợp lệ (bắt đầu bằng https://)."),
    "enum": _l("Chọn một giá trị trong danh sách."),
    "literal_error": _l("Chọn một giá trị trong danh sách."),
}
# The model validators' own messages (tthc/catalog/models.py), by a distinctive part.
VALUE_ERRORS = (
    (
        "needs an 'amount' or 'set_by'",
        _l("Khoản thu cần có số tiền hoặc văn bản quy định mức thu."),
    ),
    ("'valid_from' is after 'valid_until'", _l("Ngày bắt đầu áp dụng sau ngày kết thúc.")),
    ("needs a 'value' or a 'text'", _l("Thời hạn cần có số hoặc diễn giải.")),
    ("needs at least one channel", _l("Thủ tục đang áp dụng cần ít nhất một cách thức thực hiện.")),
    (
        "cannot have 'abolished_on' or 'replaced_by'",
        _l("Thủ tục đang áp dụng không được có ngày bãi bỏ hoặc thủ tục thay thế."),
    ),
    ("needs 'abolished_on'", _l("Thủ tục đã bãi bỏ hoặc bị thay thế cần có ngày bãi bỏ.")),
    ("needs 'replaced_by'", _l("Thủ tục bị thay thế cần có mã thủ tục thay thế.")),
)
INVALID = _l("Giá trị không hợp lệ.")


def message(error: dict) -> str:
    if error["type"] == "value_error":
        text = str(error.get("ctx", {}).get("error", error["msg"]))
        for part, translated in VALUE_ERRORS:
            if part in text:
                return str(translated)
        return str(INVALID)
    return str(ERROR_TYPES.get(error["type"], INVALID))


def errors_by_path(error: ValidationError) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for item in error.errors():
        path = ".".join(str(part) for part in item["loc"] if not _is_type_tag(part))
        found.setdefault(path, []).append(message(item))
    return found


def _is_type_tag(part: Any) -> bool:
    # pydantic names the branch of a union in the location: ("amount", "int") and the like
    return isinstance(part, str) and part in {"int", "float", "str", "date", "none", "url"}


# -- what a field is ---------------------------------------------------------------------------


def _strip(annotation: Any) -> tuple[Any, bool]:
    """The annotation without Annotated[...] and `| None`, and whether None is allowed."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin is typing.Union or isinstance(annotation, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:
                return annotation, optional
            annotation = args[0]
        else:
            return annotation, optional


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _is_enum(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Enum)


def kind_of(annotation: Any) -> tuple[str, Any]:
    """('group'|'list'|'texts'|'choices'|'scalar'|'mapping'|'keep', the inner type);
    a mapping's inner type is (its keys, the model of its values)."""
    annotation, _optional = _strip(annotation)
    if _is_model(annotation):
        return "group", annotation
    if typing.get_origin(annotation) is dict:
        key, inner = (_strip(a)[0] for a in typing.get_args(annotation))
        if typing.get_origin(key) is typing.Literal and _is_model(inner):
            return "mapping", (tuple(str(k) for k in typing.get_args(key)), inner)
        return "keep", None
    if typing.get_origin(annotation) is list:
        inner, _ = _strip(typing.get_args(annotation)[0])
        if _is_model(inner):
            return "list", inner
        if _is_enum(inner) or typing.get_origin(inner) is typing.Literal:
            return "choices", inner
        if inner is str:
            return "texts", inner
        return "keep", None
    if annotation in (str, int, float, bool, dt.date, HttpUrl) or _is_enum(annotation):
        return "scalar", annotation
    if typing.get_origin(annotation) is typing.Literal:
        return "scalar", annotation
    return "keep", None


# -- building the form -------------------------------------------------------------------------


@dataclass
class Node:
    kind: str  # text textarea number decimal date checkbox select url checkboxes group list
    name: str
    label: str
    value: Any = None
    choices: list[tuple[str, str]] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    required: bool = False
    readonly: bool = False
    item: str = ""  # a list's items: "group" or "text"
    keep: str = ""  # hidden JSON of the fields a group cannot show
    autofocus: bool = False  # where the page opens after add/remove/move (no script needed)

    @property
    def id(self) -> str:
        return "f-" + self.name.replace(".", "-")


@dataclass
class FormContext:
    """What the form needs besides the model: lists to choose from, fields not to change."""

    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    enum_labels: dict[type, dict] = field(default_factory=dict)
    readonly: set[str] = field(default_factory=set)
    errors: dict[str, list[str]] = field(default_factory=dict)


def _enum_choices(annotation: Any, ctx: FormContext) -> list[tuple[str, str]]:
    if typing.get_origin(annotation) is typing.Literal:
        return [(str(v), str(v)) for v in typing.get_args(annotation)]
    names = ctx.enum_labels.get(annotation, {})
    return [(member.value, str(names.get(member, member.value))) for member in annotation]


def _scalar_kind(name: str, annotation: Any) -> str:
    if annotation is bool:
        return "checkbox"
    if annotation is int:
        return "number"
    if annotation is float:
        return "decimal"
    if annotation is dt.date:
        return "date"
    if annotation is HttpUrl:
        return "url"
    if _is_enum(annotation) or typing.get_origin(annotation) is typing.Literal:
        return "select"
    return "textarea" if name in LONG_TEXT else "text"


def build(model: type[BaseModel], data: dict, ctx: FormContext, prefix: str = "") -> list[Node]:
    """The inputs of `model` filled from `data` (a document, maybe invalid)."""
    nodes = []
    kept = {}
    for name, info in model.model_fields.items():
        path = prefix + name
        kind, inner = kind_of(info.annotation)
        value = data.get(name)
        text = label(model.__name__, name)
        errors = ctx.errors.get(path, [])
        required = info.is_required()
        if kind == "keep":
            if value is not None:
                kept[name] = value
            continue
        if kind == "group":
            children = build(inner, value if isinstance(value, dict) else {}, ctx, path + ".")
            node = Node("group", path, text, children=children, errors=errors, required=required)
            node.keep = children.pop().keep if children and children[-1].kind == "_keep" else ""
        elif kind == "mapping":
            keys, inner = inner
            values = value if isinstance(value, dict) else {}
            children = []
            for key in keys:
                item = values.get(key)
                sub = build(inner, item if isinstance(item, dict) else {}, ctx, f"{path}.{key}.")
                keep = sub.pop().keep if sub and sub[-1].kind == "_keep" else ""
                for child in sub:
                    child.required = False  # every key is optional: an empty one is left out
                errors_here = ctx.errors.get(f"{path}.{key}", [])
                children.append(
                    Node(
                        "group",
                        f"{path}.{key}",
                        key_label(key),
                        children=sub,
                        errors=errors_here,
                        keep=keep,
                    )
                )
            node = Node("group", path, text, children=children, errors=errors)
        elif kind == "list":
            items = value if isinstance(value, list) else []
            children = []
            for i, item in enumerate(items[:MAX_ITEMS]):
                sub = build(inner, item if isinstance(item, dict) else {}, ctx, f"{path}.{i}.")
                keep = sub.pop().keep if sub and sub[-1].kind == "_keep" else ""
                child = Node(
                    "group",
                    f"{path}.{i}",
                    item_label(name, i),
                    children=sub,
                    errors=ctx.errors.get(f"{path}.{i}", []),
                    keep=keep,
                )
                children.append(child)
            node = Node("list", path, text, children=children, errors=errors, item="group")
        elif kind == "texts":
            items = value if isinstance(value, list) else []
            long = name in LONG_LIST_TEXT
            children = [
                Node(
                    "textarea" if long else "text",
                    f"{path}.{i}",
                    item_label(name, i),
                    value=str(item),
                    errors=ctx.errors.get(f"{path}.{i}", []),
                )
                for i, item in enumerate(items[:MAX_ITEMS])
            ]
            if path in ctx.choices:
                node = Node(
                    "checkboxes",
                    path,
                    text,
                    value=[str(v) for v in items],
                    choices=ctx.choices[path],
                    errors=errors,
                )
            else:
                node = Node("list", path, text, children=children, errors=errors, item="text")
        elif kind == "choices":
            values = [str(v) for v in value] if isinstance(value, list) else []
            node = Node(
                "checkboxes",
                path,
                text,
                value=values,
                choices=_enum_choices(inner, ctx),
                errors=errors,
                required=required,
            )
        else:
            scalar = _scalar_kind(name, inner)
            shown = value
            if scalar == "select" and path in ctx.choices:
                choices = ctx.choices[path]
            elif scalar == "select":
                choices = _enum_choices(inner, ctx)
            elif path in ctx.choices:
                scalar, choices = "select", ctx.choices[path]
            else:
                choices = []
            if scalar == "select" and not required and info.default is None:
                choices = [("", "—"), *choices]
            if scalar == "select" and shown is None and info.default is not None:
                shown = getattr(info.default, "value", info.default)
            if scalar == "date" and shown is not None and not _iso_day(shown):
                shown = None  # a date input holds a valid date or nothing; the error says why
            if scalar == "decimal" and isinstance(shown, float) and shown.is_integer():
                shown = int(shown)
            if scalar == "checkbox" and shown is None:
                shown = bool(info.default)
            node = Node(
                scalar,
                path,
                text,
                value=shown,
                choices=choices,
                errors=errors,
                required=required,
                readonly=path in ctx.readonly,
            )
        nodes.append(node)
    extra = {k: v for k, v in data.items() if k not in model.model_fields}
    kept.update(extra)
    nodes.append(Node("_keep", prefix + KEEP, "", keep=json.dumps(kept, ensure_ascii=False)))
    return nodes


def _iso_day(value: Any) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def top_keep(nodes: list[Node]) -> tuple[list[Node], str]:
    """Split the hidden JSON of the top level off the list of inputs."""
    if nodes and nodes[-1].kind == "_keep":
        return nodes[:-1], nodes[-1].keep
    return nodes, "{}"


# -- reading the posted form -------------------------------------------------------------------


def _count(form: MultiDict, path: str) -> int:
    try:
        return max(0, min(MAX_ITEMS, int(form.get(f"{path}.{COUNT}", "0"))))
    except ValueError:
        return 0


def parse(model: type[BaseModel], form: MultiDict, prefix: str = "") -> dict[str, Any]:
    """The document a posted form describes; empty inputs are left out (the model decides)."""
    out: dict[str, Any] = {}
    try:
        kept = json.loads(form.get(prefix + KEEP) or "{}")
    except ValueError:
        kept = {}
    if isinstance(kept, dict):
        out.update(kept)
    for name, info in model.model_fields.items():
        path = prefix + name
        kind, inner = kind_of(info.annotation)
        if kind == "keep":
            continue
        if kind == "group":
            sub = parse(inner, form, path + ".")
            _strip_empty(sub)
            if info.is_required() or _filled_in(inner, sub):
                out[name] = sub
        elif kind == "mapping":
            keys, inner = inner
            if not any(f"{path}.{key}.{KEEP}" in form for key in keys):
                continue  # not on this form: what the hidden JSON held stays
            found = {}
            for key in keys:
                sub = parse(inner, form, f"{path}.{key}.")
                if _filled_in(inner, sub):
                    found[key] = sub
            out[name] = found
        elif kind == "list":
            items = [parse(inner, form, f"{path}.{i}.") for i in range(_count(form, path))]
            out[name] = items
        elif kind == "texts" and f"{path}.{COUNT}" not in form:
            out[name] = [v.strip() for v in form.getlist(path) if v.strip()]
        elif kind == "texts":
            values = (
                form.get(f"{path}.{i}", "").replace("\r\n", "\n")
                for i in range(_count(form, path))
            )
            out[name] = [v.strip() for v in values if v.strip()]
        elif kind == "choices":
            out[name] = [v for v in form.getlist(path) if v]
        else:
            scalar = _scalar_kind(name, inner)
            if scalar == "checkbox":
                out[name] = path in form
                continue
            raw = (form.get(path) or "").replace("\r\n", "\n").strip()
            if not raw:
                continue
            if scalar == "decimal":
                raw = raw.replace(",", ".")
            if scalar == "number":
                raw = (
                    raw.replace(".", "").replace(" ", "") if raw.replace(".", "").isdigit() else raw
                )
            out[name] = raw
    return out


def align_defaults(model: type[BaseModel], new: dict, old: dict | None) -> dict:
    """Leave out a default value the form filled in (a ticked "required", the default kind of
    fee) unless the published document had written it: a saved form changes only what the
    editor changed, and the exported YAML keeps its lines."""
    old = old if isinstance(old, dict) else {}
    for name in list(new):
        info = model.model_fields.get(name)
        if info is None:
            continue
        value = new[name]
        kind, inner = kind_of(info.annotation)
        if kind == "group" and isinstance(value, dict):
            align_defaults(inner, value, old.get(name))
        elif kind == "list" and isinstance(value, list):
            before = old.get(name) if isinstance(old.get(name), list) else []
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    align_defaults(inner, item, before[i] if i < len(before) else None)
        elif kind == "mapping" and isinstance(value, dict):
            before = old.get(name) if isinstance(old.get(name), dict) else {}
            for key, item in value.items():
                if isinstance(item, dict):
                    align_defaults(inner[1], item, before.get(key))
        if name in old or info.is_required():
            continue
        default = info.get_default(call_default_factory=True)
        default = getattr(default, "value", default)
        if value == default or (isinstance(value, str) and value == str(default)):
            del new[name]
    return new


def _filled_in(model: type[BaseModel], data: dict) -> bool:
    """Whether an optional group was filled in: a select always has a value, text does not."""
    for name, value in data.items():
        info = model.model_fields.get(name)
        if info is None:
            continue
        kind, inner = kind_of(info.annotation)
        chosen = kind == "scalar" and _scalar_kind(name, inner) in ("select", "checkbox")
        if not chosen and value not in (None, "", [], {}):
            return True
    return False


def _strip_empty(data: dict) -> None:
    for key in [k for k, v in data.items() if v in ([], False)]:
        del data[key]


# -- add, remove, move -------------------------------------------------------------------------


def _locate(document: dict, path: str) -> tuple[Any, str | int] | None:
    parts = path.split(".")
    node: Any = document
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    last = parts[-1]
    return node, int(last) if isinstance(node, list) else last


def apply_op(model: type[BaseModel], document: dict, op: str) -> bool:
    """Apply `add:<list>`, `remove:<item>`, `up:<item>` or `down:<item>`; False if meaningless."""
    action, _, path = op.partition(":")
    try:
        if action == "add":
            parent, key = _locate(document, path)
            items = parent.setdefault(key, []) if isinstance(parent, dict) else parent[key]
            if not isinstance(items, list) or len(items) >= MAX_ITEMS:
                return False
            items.append({} if _list_of_records(model, path) else "")
            return True
        parent, index = _locate(document, path)
        if not isinstance(parent, list) or not 0 <= index < len(parent):
            return False
        if action == "remove":
            parent.pop(index)
        elif action in ("up", "down"):
            other = index - 1 if action == "up" else index + 1
            if not 0 <= other < len(parent):
                return False
            parent[index], parent[other] = parent[other], parent[index]
        else:
            return False
        return True
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return False


def _list_of_records(model: type[BaseModel], path: str) -> bool:
    current: Any = model
    kind = "group"
    for part in path.split("."):
        if part.isdigit():
            continue
        info = current.model_fields.get(part) if _is_model(current) else None
        if info is None:
            return False
        kind, current = kind_of(info.annotation)
    return kind == "list"


def focus_after(document: dict, op: str) -> str:
    """The path of the item an add, remove or move leaves the editor at."""
    action, _, path = op.partition(":")
    if action == "add":
        found = _locate(document, path)
        items = found[0].get(found[1]) if found and isinstance(found[0], dict) else None
        return f"{path}.{len(items) - 1}" if isinstance(items, list) and items else path
    parent, _, index = path.rpartition(".")
    if action in ("up", "down") and index.isdigit():
        return f"{parent}.{int(index) + (-1 if action == 'up' else 1)}"
    return parent


def set_focus(nodes: list[Node], path: str) -> bool:
    """Mark the first input at or under `path`; True when one was found."""
    for node in nodes:
        inside = node.name == path or node.name.startswith(path + ".")
        if node.kind in ("group", "list"):
            if (inside or path.startswith(node.name + ".")) and set_focus(node.children, path):
                return True
            if inside and node.kind == "list":
                return False
        elif inside and node.kind not in ("_keep", "checkboxes"):
            node.autofocus = True
            return True
    return False


def op_label(op: str) -> str:
    return {"add": _("Thêm"), "remove": _("Xóa"), "up": _("Lên"), "down": _("Xuống")}.get(op, op)
