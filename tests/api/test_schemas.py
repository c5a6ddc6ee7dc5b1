"""The published JSON Schemas and the OpenAPI document describe the real responses."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SITE = "https://tthc.example.gov.vn"

# (schema name, OpenAPI path, status, a real request)
SAMPLES = [
    ("procedure-list", "/api/v1/procedures", "200", "/api/v1/procedures?limit=200&status=all"),
    ("procedure-list", "/api/v1/procedures", "200", "/api/v1/procedures?field=cu-tru&online=1"),
    ("procedure", "/api/v1/procedures/{code}", "200", "/api/v1/procedures/1.004222"),
    ("procedure", "/api/v1/procedures/{code}", "200", "/api/v1/procedures/2.001195?date=2027-01"
     "-01"),
    ("field-list", "/api/v1/fields", "200", "/api/v1/fields"),
    ("unit-list", "/api/v1/units", "200", "/api/v1/units"),
    ("search", "/api/v1/search", "200", "/api/v1/search?q=dang+ky+thuongg+tru"),
    ("search", "/api/v1/search", "200", "/api/v1/search?q=tam+t&suggest=1"),
    ("error", "/api/v1/procedures", "400", "/api/v1/procedures?level=huyen"),
    ("error", "/api/v1/procedures/{code}", "404", "/api/v1/procedures/9.999999"),
]


@pytest.fixture(scope="module")
def openapi(app):
    return app.test_client().get("/api/v1/openapi.json").get_json()


def test_every_schema_is_a_valid_versioned_2020_12_schema(client):
    for name in {sample[0] for sample in SAMPLES}:
        response = client.get(f"/api/v1/schemas/{name}.json")
        assert response.status_code == 200
        assert response.mimetype == "application/schema+json"
        schema = response.get_json()
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"{SITE}/api/v1/schemas/{name}.json"
        assert schema["version"].count(".") == 2
        Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(("name", "path", "status", "url"), SAMPLES)
def test_real_responses_match_their_schema_and_the_openapi_document(
    client, openapi, name, path, status, url
):
    response = client.get(url)
    assert str(response.status_code) == status
    data = response.get_json()
    schema = client.get(f"/api/v1/schemas/{name}.json").get_json()
    errors = list(Draft202012Validator(schema).iter_errors(data))
    assert not errors, errors[:3]
    if status == "200" and name != "search":
        assert response.headers["Link"].startswith(f"<{schema['$id']}>; rel=\"describedby\"")

    answer = openapi["paths"][path]["get"]["responses"][status]
    if "$ref" in answer:
        answer = openapi["components"]["responses"][answer["$ref"].rpartition("/")[2]]
    reference = answer["content"]["application/json"]["schema"]
    registry = Registry().with_resource("urn:openapi", Resource.from_contents(
        {**openapi, "$schema": openapi["jsonSchemaDialect"]}
    ))
    validator = Draft202012Validator({"$ref": "urn:openapi" + reference["$ref"]}, registry=registry)
    errors = list(validator.iter_errors(data))
    assert not errors, errors[:3]


def test_schema_rejects_a_broken_response(client):
    schema = client.get("/api/v1/schemas/procedure.json").get_json()
    data = client.get("/api/v1/procedures/1.004222").get_json()
    broken = {**data, "channels": [{**data["channels"][0], "channel": "fax"}]}
    assert list(Draft202012Validator(schema).iter_errors(broken))
    del broken["code"]
    assert len(list(Draft202012Validator(schema).iter_errors(broken))) >= 2


def test_openapi_documents_every_api_route(app, openapi):
    assert openapi["openapi"].startswith("3.1")
    assert openapi["servers"] == [{"url": SITE}]
    routes = {
        rule.rule.replace("<code>", "{code}")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.") and rule.rule.startswith("/api/v1/")
    }
    documented = set(openapi["paths"]) | {"/api/v1/openapi.json", "/api/v1/schemas/<name>.json"}
    assert routes == documented
    for item in openapi["paths"].values():
        for answer in item["get"]["responses"].values():
            ref = answer.get("$ref") or answer["content"]["application/json"]["schema"]["$ref"]
            section, _, name = ref.removeprefix("#/components/").partition("/")
            assert name in openapi["components"][section]


def test_unknown_schema_is_a_json_404(client):
    response = client.get("/api/v1/schemas/nope.json")
    assert response.status_code == 404 and response.get_json()["error"]["status"] == 404
