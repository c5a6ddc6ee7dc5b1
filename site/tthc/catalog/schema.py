"""JSON schema of a procedure file, generated from the models so editors get autocompletion."""

from __future__ import annotations

import json

from tthc.catalog.models import Procedure


def procedure_schema() -> dict:
    """Return the JSON schema of one procedure file, as editors' YAML plugins read it."""
    schema = Procedure.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }


def schema_text() -> str:
    """Return the schema as the text committed in procedures/schema.json."""
    return json.dumps(procedure_schema(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
