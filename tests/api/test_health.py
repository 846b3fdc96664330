"""/health and /health/ready are documented with the shapes they answer."""

from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from agentstream.app import create_app
from agentstream.settings import Settings


def _resolve(spec: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    ref: str = response["content"]["application/json"]["schema"]["$ref"]
    schema: dict[str, Any] = spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return schema


async def _get(settings: Settings, *paths: str) -> list[httpx.Response]:
    application = create_app(settings)
    async with LifespanManager(application, startup_timeout=60):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return [await client.get(path) for path in paths]


async def test_health_documents_its_status_service_and_version(settings: Settings) -> None:
    spec_response, health = await _get(settings, "/openapi.json", "/health")
    spec = spec_response.json()
    schema = _resolve(spec, spec["paths"]["/health"]["get"]["responses"]["200"])
    assert set(schema["required"]) == {"status", "service", "version"}
    assert schema["properties"]["status"]["const"] == "healthy"
    assert set(health.json()) == set(schema["properties"])


async def test_readiness_documents_its_checks_for_200_and_503(settings: Settings) -> None:
    spec_response, ready = await _get(settings, "/openapi.json", "/health/ready")
    spec = spec_response.json()
    responses = spec["paths"]["/health/ready"]["get"]["responses"]
    for status in ("200", "503"):
        schema = _resolve(spec, responses[status])
        assert set(schema["required"]) == {"status", "checks"}, status
        assert schema["properties"]["status"]["enum"] == ["ready", "unavailable"]
        checks = schema["properties"]["checks"]["additionalProperties"]
        assert checks["enum"] == ["ok", "unavailable"]
    assert ready.json() == {
        "status": "ready",
        "checks": {"database": "ok", "broker": "ok", "worker": "ok"},
    }
