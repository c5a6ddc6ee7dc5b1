"""The JSON API under /api/v1: procedures, fields and units, and the schemas describing them."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, current_app, render_template, request, url_for

from tthc import clock
from tthc.api import models as m
from tthc.api import records
from tthc.api.changes import change_days
from tthc.api.openapi import openapi_document, schema_document
from tthc.catalog import get_catalog
from tthc.catalog.models import Level, Procedure, Status
from tthc.extensions import limiter
from tthc.i18n import _
from tthc.web.errors import json_error

bp = Blueprint("api", __name__)

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_CODE_LENGTH = 40
STATUSES = {"active", "abolished", "replaced", "all"}
TRUE, FALSE = ("1", "true"), ("0", "false")


class BadParameter(Exception):
    """A query parameter the API cannot use; the message says which and why."""


def _api_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


@bp.after_request
def _cors(response: Response) -> Response:
    """Let any web page read the open data (GET only; nothing here takes credentials)."""
    if request.path.startswith("/api/"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
        response.headers["Access-Control-Expose-Headers"] = "ETag, Link, Retry-After"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


@bp.errorhandler(BadParameter)
def _bad_parameter(error: BadParameter):
    return json_error(400, str(error))


def json_response(model: m.Out, *, schema: str | None = None) -> Response:
    """Answer a response model as UTF-8 JSON (Vietnamese without \\u escapes: fewer bytes)."""
    response = Response(model.model_dump_json(), mimetype="application/json")
    if schema:
        link = records.absolute(url_for("api.schema", name=schema))
        response.headers["Link"] = f'<{link}>; rel="describedby"'
    return response


def _date(name: str) -> dt.date | None:
    value = request.args.get(name)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BadParameter(
            _("Tham số %(name)s phải là một ngày dạng YYYY-MM-DD, ví dụ 2026-01-31.", name=name)
        ) from None


def _int(name: str, default: int, upper: int) -> int:
    value = request.args.get(name)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= upper:
        raise BadParameter(
            _("Tham số %(name)s phải là số nguyên từ 1 đến %(upper)d.", name=name, upper=upper)
        )
    return number


MAX_LISTED = 8  # beyond this, an error names the list to choose from instead of every value


def _choice(name: str, allowed, listed_at: str | None = None) -> str | None:
    value = request.args.get(name) or None
    if value is not None and value not in allowed:
        if listed_at and len(allowed) > MAX_LISTED:
            choices = records.absolute(url_for(listed_at))
        else:
            choices = ", ".join(sorted(allowed))
        raise BadParameter(
            _(
                "Giá trị '%(value)s' của tham số %(name)s không hợp lệ; dùng: %(allowed)s.",
                value=value[:40],
                name=name,
                allowed=choices,
            )
        )
    return value


def _selected(procedures: list[Procedure]) -> list[Procedure]:
    catalog = get_catalog()
    field = _choice("field", {f.slug for f in catalog.fields}, "api.fields")
    level = _choice("level", {level.value for level in Level})
    unit = _choice("unit", {u.slug for u in catalog.units}, "api.units")
    online = _choice("online", TRUE + FALSE)
    status = _choice("status", STATUSES) or Status.ACTIVE.value
    since = _date("changed_since")
    at_unit = {p.code for p in catalog.procedures_at(catalog.unit(unit))} if unit else None
    selected = []
    for procedure in procedures:
        if status != "all" and procedure.status.value != status:
            continue
        if field and procedure.field != field:
            continue
        if level and Level(level) not in procedure.levels:
            continue
        if at_unit is not None and procedure.code not in at_unit:
            continue
        if online and (procedure.online_service is not None) != (online in TRUE):
            continue
        if since and not any(day >= since for day in change_days(procedure)):
            continue
        selected.append(procedure)
    return selected


def _list_url(**changes) -> str:
    args = {key: value for key, value in request.args.items() if key != "lang"}
    args.update({key: str(value) for key, value in changes.items()})
    if args.get("page") == "1":
        del args["page"]
    return records.absolute(url_for("api.procedures", **args))


@bp.get("/api/v1/procedures")
@limiter.shared_limit(_api_limit, scope="api")
def procedures():
    found = _selected(get_catalog().procedures)
    page = _int("page", 1, 100_000)
    limit = _int("limit", DEFAULT_LIMIT, MAX_LIMIT)
    start = (page - 1) * limit
    day = clock.today()
    last_page = max(1, -(-len(found) // limit))
    links = m.Links(
        self=_list_url(page=page),
        first=_list_url(page=1),
        next=_list_url(page=page + 1) if page < last_page else None,
        prev=_list_url(page=min(page - 1, last_page)) if page > 1 else None,
    )
    body = m.ProcedureList(
        total=len(found),
        page=page,
        limit=limit,
        links=links,
        results=[records.summary(p, day) for p in found[start : start + limit]],
    )
    response = json_response(body, schema="procedure-list")
    if links.next:
        response.headers["Link"] += f', <{links.next}>; rel="next"'
    return response


@bp.get("/api/v1/procedures/<code>")
@limiter.shared_limit(_api_limit, scope="api")
def procedure(code: str):
    catalog = get_catalog()
    record = catalog.get(code.strip()) if len(code) <= MAX_CODE_LENGTH else None
    if record is None:
        return json_error(404, _("Không có thủ tục mã %(code)s.", code=code[:MAX_CODE_LENGTH]))
    day = _date("date") or clock.today()
    return json_response(records.detail(catalog, record, day), schema="procedure")


@bp.get("/api/v1/fields")
@limiter.shared_limit(_api_limit, scope="api")
def fields():
    catalog = get_catalog()
    counts = {f.slug: count for f, count in catalog.field_counts()}
    items = [records.field_item(f, counts.get(f.slug, 0)) for f in catalog.fields]
    return json_response(m.FieldList(total=len(items), results=items), schema="field-list")


@bp.get("/api/v1/units")
@limiter.shared_limit(_api_limit, scope="api")
def units():
    catalog = get_catalog()
    items = [records.unit_item(u, len(catalog.procedures_at(u))) for u in catalog.units]
    return json_response(m.UnitList(total=len(items), results=items), schema="unit-list")


@bp.get("/api/v1/openapi.json")
def openapi():
    return Response(openapi_document(), mimetype="application/json")


@bp.get("/api/v1/schemas/<name>.json")
def schema(name: str):
    document = schema_document(name)
    if document is None:
        return json_error(404, _("Không có lược đồ %(name)s.", name=name[:40]))
    return Response(document, mimetype="application/schema+json")


@bp.get("/api/")
def docs():
    catalog = get_catalog()
    example = next(iter(catalog.active), None)
    return render_template(
        "api/docs.html",
        example=example,
        example_field=catalog.fields[0] if catalog.fields else None,
        schemas=list(m.RESPONSES),
        limit=current_app.config["API_RATE_LIMIT"].replace(";", ", "),
        default_limit=DEFAULT_LIMIT,
        max_limit=MAX_LIMIT,
    )
