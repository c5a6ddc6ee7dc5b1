"""procedures/schema.json is generated from the models and committed up to date."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tthc.catalog.cli import catalog_cli
from tthc.catalog.schema import procedure_schema, schema_text

SCHEMA = Path(__file__).resolve().parents[2] / "procedures" / "schema.json"


def test_the_committed_schema_is_current():
    assert SCHEMA.read_text(encoding="utf-8") == schema_text(), (
        "procedures/schema.json is stale: run `flask catalog schema`"
    )


def test_the_schema_describes_a_procedure_file_for_editors():
    schema = procedure_schema()
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["additionalProperties"] is False
    assert {"code", "name", "field", "levels", "agency", "source_url", "verified_on"} <= set(
        schema["required"]
    )
    channel = schema["$defs"]["Channel"]
    assert channel["enum"] == ["truc_tiep", "truc_tuyen", "buu_chinh"]
    fee = schema["$defs"]["Fee"]["properties"]
    assert {"amount", "set_by", "valid_from", "valid_until", "legal_source"} <= set(fee)
    assert fee["set_by"]["description"].startswith("Regulation that sets the amount")


def test_flask_catalog_schema_writes_the_same_text(tmp_path):
    output = tmp_path / "schema.json"
    result = CliRunner().invoke(catalog_cli, ["schema", "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8") == schema_text()
    json.loads(output.read_text(encoding="utf-8"))
