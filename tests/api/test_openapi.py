"""/openapi.json describes what the service really does: bearer security, the error envelope."""

from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from agentstream.app import create_app
from agentstream.panels.schemas import PANEL_EVENTS
from agentstream.settings import Settings

ENVELOPE = "#/components/schemas/ErrorResponse"
VALIDATION_ENVELOPE = "#/components/schemas/ValidationErrorResponse"


async def _spec(settings: Settings) -> dict[str, Any]:
    application = create_app(settings)
    async with LifespanManager(application, startup_timeout=60):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            spec: dict[str, Any] = (await client.get("/openapi.json")).json()
    return spec


def _api_operations(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (path, operation)
        for path, operations in spec["paths"].items()
        if path.startswith("/api/")
        for operation in operations.values()
    ]


def _schema_ref(response: dict[str, Any]) -> str:
    ref: str = response["content"]["application/json"]["schema"]["$ref"]
    return ref


@pytest.mark.parametrize(("dev_mode", "anonymous"), [(False, []), (True, [{}])])
async def test_api_operations_require_a_bearer_key(
    settings: Settings, dev_mode: bool, anonymous: list[dict[str, Any]]
) -> None:
    spec = await _spec(settings.model_copy(update={"dev_mode": dev_mode}))
    scheme = spec["components"]["securitySchemes"]["APIKey"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    for path, operation in _api_operations(spec):
        assert operation["security"] == [{"APIKey": []}, *anonymous], path
    assert "security" not in spec["paths"]["/health"]["get"]


async def test_api_operations_document_the_tenant_header_and_auth_errors(
    settings: Settings,
) -> None:
    spec = await _spec(settings)
    for path, operation in _api_operations(spec):
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert "X-Tenant-ID" in headers, path
        for status in ("400", "401", "403"):
            assert _schema_ref(operation["responses"][status]) == ENVELOPE, (path, status)
        if "{" in path:
            assert _schema_ref(operation["responses"]["404"]) == ENVELOPE, path
        if "requestBody" in operation:
            for status in ("413", "415"):
                assert _schema_ref(operation["responses"][status]) == ENVELOPE, (path, status)


async def test_422_is_documented_as_the_envelope_the_service_sends(
    settings: Settings, client: httpx.AsyncClient
) -> None:
    spec = await _spec(settings)
    assert not {"HTTPValidationError", "ValidationError"} & set(spec["components"]["schemas"])
    documented = [
        operation["responses"]["422"]
        for _, operation in _api_operations(spec)
        if "422" in operation["responses"]
    ]
    assert documented and all(_schema_ref(r) == VALIDATION_ENVELOPE for r in documented)
    schema = spec["components"]["schemas"]["ValidationErrorResponse"]
    body = (await client.get("/api/conversations?limit=0")).json()
    assert set(body) == set(schema["required"])
    info = spec["components"]["schemas"]["ValidationErrorInfo"]
    assert set(body["error"]) == set(info["properties"])
    field = spec["components"]["schemas"]["FieldError"]
    assert set(body["error"]["details"][0]) == set(field["required"])


async def test_chat_stream_documents_the_run_id_header(settings: Settings) -> None:
    spec = await _spec(settings)
    headers = spec["paths"]["/api/chat/stream"]["post"]["responses"]["200"]["headers"]
    assert headers["X-Run-ID"]["schema"] == {"type": "string", "format": "uuid"}
    assert "Last-Event-ID" in headers["X-Run-ID"]["description"]


async def test_tenant_header_is_documented_as_a_uuid(settings: Settings) -> None:
    spec = await _spec(settings)
    for path, operation in _api_operations(spec):
        [header] = [p for p in operation["parameters"] if p["name"] == "X-Tenant-ID"]
        assert header["schema"]["format"] == "uuid", path


async def test_every_409_is_documented(settings: Settings) -> None:
    spec = await _spec(settings)
    conflicts = {
        ("post", "/api/v1/agents"),
        ("get", "/api/v1/panels/{panel_id}/stream"),
        ("post", "/api/v1/panels/{panel_id}/stream"),
    }
    for method, path in conflicts:
        assert _schema_ref(spec["paths"][path][method]["responses"]["409"]) == ENVELOPE


async def test_every_operation_documents_431(settings: Settings) -> None:
    spec = await _spec(settings)
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            assert _schema_ref(operation["responses"]["431"]) == ENVELOPE, path


async def test_422_only_where_a_query_or_body_can_be_invalid(settings: Settings) -> None:
    spec = await _spec(settings)
    assert "422" not in spec["paths"]["/api/documents/{document_id}"]["get"]["responses"]
    assert "422" not in spec["paths"]["/api/v1/panels/{panel_id}"]["get"]["responses"]
    assert "422" in spec["paths"]["/api/documents"]["get"]["responses"]
    assert "422" in spec["paths"]["/api/documents"]["post"]["responses"]


@pytest.mark.parametrize(
    ("method", "path", "events"),
    [
        ("post", "/api/chat/stream", {"message"}),
        ("get", "/api/chat/runs/{run_id}/stream", {"message"}),
        ("get", "/api/v1/panels/{panel_id}/stream", set(PANEL_EVENTS)),
        ("post", "/api/v1/panels/{panel_id}/stream", set(PANEL_EVENTS)),
    ],
)
async def test_each_sse_endpoint_documents_its_events(
    settings: Settings, method: str, path: str, events: set[str]
) -> None:
    spec = await _spec(settings)
    operation = spec["paths"][path][method]
    schema = operation["responses"]["200"]["content"]["text/event-stream"]["schema"]
    variants = schema.get("oneOf", [schema])
    assert {v["properties"]["event"]["const"] for v in variants} == events
    for variant in variants:
        assert "strictly increase" in variant["properties"]["id"]["description"]
        assert "numbers are skipped" in variant["properties"]["id"]["description"]
        data = variant["properties"]["data"]
        assert data["contentMediaType"] == "application/json"
        for ref in data["contentSchema"]["anyOf"]:
            assert ref["$ref"].rsplit("/", 1)[1] in spec["components"]["schemas"]
    last_event_id = [p for p in operation["parameters"] if p["name"] == "Last-Event-ID"]
    if method == "get":
        schema = last_event_id[0]["schema"]
        [bounds] = [s for s in schema.get("anyOf", [schema]) if s.get("type") == "integer"]
        assert (bounds["minimum"], bounds["maximum"]) == (0, 2**63 - 1)
