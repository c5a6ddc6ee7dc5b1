"""JSON Schemas and the OpenAPI 3.1 document, generated from the response models.

Both are built once per site URL (they do not change while the process lives) and served as
bytes; tests validate real responses against them.
"""

from __future__ import annotations

import json
from functools import lru_cache

from flask import current_app
from pydantic.json_schema import models_json_schema

from tthc.api import models as m

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_url(site_url: str, name: str) -> str:
    return f"{site_url}/api/v1/schemas/{name}.json"


def response_schema(name: str, site_url: str) -> dict:
    """Return the JSON Schema of one response, with its version and permanent $id."""
    model = m.RESPONSES[name]
    schema = model.model_json_schema(mode="serialization")
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": schema_url(site_url, name),
        "version": m.SCHEMA_VERSION,
        **schema,
    }


@lru_cache(maxsize=8)
def _schema_bytes(name: str, site_url: str) -> bytes:
    return json.dumps(response_schema(name, site_url), ensure_ascii=False, indent=1).encode()


def schema_document(name: str) -> bytes | None:
    if name not in m.RESPONSES:
        return None
    return _schema_bytes(name, current_app.config["SITE_URL"])


def _param(name: str, description: str, schema: dict, *, where: str = "query") -> dict:
    return {"name": name, "in": where, "required": where == "path", "description": description,
            "schema": schema}


DATE = {"type": "string", "format": "date"}
SLUG = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}


def _json(ref: str, description: str) -> dict:
    return {
        "description": description,
        "headers": {
            "ETag": {"schema": {"type": "string"}, "description": "Weak validator"},
            "Cache-Control": {"schema": {"type": "string"}},
        },
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


ERRORS = {
    "400": {"$ref": "#/components/responses/BadRequest"},
    "429": {"$ref": "#/components/responses/TooManyRequests"},
}


def _paths() -> dict:
    page = _param("page", "Page number, from 1", {"type": "integer", "minimum": 1, "default": 1})
    limit = _param(
        "limit",
        "Procedures per page",
        {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
    )
    filters = [
        _param("field", "Slug of a field (see /api/v1/fields)", SLUG),
        _param("level", "Level that performs it", {"type": "string", "enum": ["tinh", "xa"]}),
        _param("unit", "Slug of a unit that receives dossiers (see /api/v1/units)", SLUG),
        _param("online", "With (1) or without (0) an online service",
               {"type": "string", "enum": ["1", "0", "true", "false"]}),
        _param("changed_since", "A change log entry or fee validity starts or ends on or after "
               "this day (future dates included)", DATE),
        _param("status", "Default active",
               {"type": "string", "enum": ["active", "abolished", "replaced", "all"]}),
    ]
    return {
        "/api/v1/procedures": {"get": {
            "operationId": "listProcedures",
            "summary": "Procedures, filtered and paginated (links.next until the last page)",
            "parameters": [*filters, page, limit],
            "responses": {"200": _json("ProcedureList", "One page of procedures"), **ERRORS},
        }},
        "/api/v1/procedures/{code}": {"get": {
            "operationId": "getProcedure",
            "summary": "One procedure, with times and fees in force on a day",
            "parameters": [
                _param("code", "National procedure code, e.g. 1.004222",
                       {"type": "string"}, where="path"),
                _param("date", "Day the fees are in force (default today in Vietnam)", DATE),
            ],
            "responses": {
                "200": _json("ProcedureDetail", "The procedure"),
                "404": {"$ref": "#/components/responses/NotFound"},
                **ERRORS,
            },
        }},
        "/api/v1/fields": {"get": {
            "operationId": "listFields",
            "summary": "Fields of procedures (lĩnh vực)",
            "responses": {"200": _json("FieldList", "Every field"), "429": ERRORS["429"]},
        }},
        "/api/v1/units": {"get": {
            "operationId": "listUnits",
            "summary": "Units that receive dossiers, with their contacts",
            "responses": {"200": _json("UnitList", "Every unit"), "429": ERRORS["429"]},
        }},
        "/api/v1/search": {"get": {
            "operationId": "search",
            "summary": "Vietnamese search, without accents, abbreviations and typos forgiven",
            "parameters": [
                _param("q", "What to look for", {"type": "string"}),
                _param("suggest", "1: complete the last word (suggestions while typing)",
                       {"type": "string", "enum": ["1"]}),
                _param("field", "Slug of a field; unknown values are ignored", SLUG),
                _param("level", "tinh or xa; other values are ignored", {"type": "string"}),
                _param("online", "1: only procedures with an online service", {"type": "string"}),
                _param("page", "Page number (1-1000)", {"type": "integer"}),
                _param("limit", "Results per page (1-50)", {"type": "integer"}),
            ],
            "responses": {"200": _json("SearchResults", "Results, best first")},
        }},
    }


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}
        },
    }


def build_openapi(site_url: str, title: str) -> dict:
    """Return the OpenAPI 3.1 document of /api/v1."""
    _, definitions = models_json_schema(
        [(model, "serialization") for model in m.RESPONSES.values()],
        ref_template="#/components/schemas/{model}",
    )
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": JSON_SCHEMA_DIALECT,
        "info": {
            "title": title,
            "version": m.SCHEMA_VERSION,
            "description": "Open data of the administrative procedures catalogue. "
            "Human guide: " + f"{site_url}/api/",
        },
        "servers": [{"url": site_url}],
        "paths": _paths(),
        "components": {
            "schemas": definitions["$defs"],
            "responses": {
                "BadRequest": _error("A parameter is not valid; the message says which"),
                "NotFound": _error("No such procedure"),
                "TooManyRequests": {
                    **_error("Too many requests from one address; wait Retry-After seconds"),
                    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                },
            },
        },
    }


@lru_cache(maxsize=4)
def _openapi_bytes(site_url: str, title: str) -> bytes:
    return json.dumps(build_openapi(site_url, title), ensure_ascii=False, indent=1).encode()


def openapi_document() -> bytes:
    from tthc.catalog import get_catalog

    title = f"{get_catalog().agency.name}: API"
    return _openapi_bytes(current_app.config["SITE_URL"], title)
