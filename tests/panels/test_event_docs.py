"""Every field of the panel events is documented in /openapi.json, down to nested objects
(positions, consensus, quorum, dissent, baseline, framing) and the decision's values."""

from typing import Any

import httpx
from fastapi import FastAPI

from agentstream.panels.consensus import DECISIONS
from agentstream.panels.schemas import PANEL_EVENTS


def _undocumented(spec: dict[str, Any]) -> list[str]:
    """`Schema.field` for every property without a description, in every schema the panel
    events reach."""
    schemas: dict[str, Any] = spec["components"]["schemas"]
    missing: list[str] = []
    seen: set[str] = set()
    pending = [model.__name__ for model in PANEL_EVENTS.values()]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        for field, schema in schemas[name].get("properties", {}).items():
            if not schema.get("description"):
                missing.append(f"{name}.{field}")
            pending += [
                ref.rsplit("/", 1)[-1] for ref in _refs(schema) if ref.startswith("#/components")
            ]
    return sorted(missing)


def _refs(schema: Any) -> list[str]:
    if isinstance(schema, dict):
        own = [schema["$ref"]] if "$ref" in schema else []
        return own + [ref for value in schema.values() for ref in _refs(value)]
    if isinstance(schema, list):
        return [ref for value in schema for ref in _refs(value)]
    return []


async def test_every_panel_event_field_has_a_description(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    spec = (await client.get("/openapi.json")).json()
    assert _undocumented(spec) == []


async def test_the_decision_documents_each_of_its_values(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    spec = (await client.get("/openapi.json")).json()
    for schema in ("ConsensusBrief", "ConsensusOut"):
        decision = spec["components"]["schemas"][schema]["properties"]["decision"]
        assert decision["enum"] == list(DECISIONS)
        for value in DECISIONS:
            assert f"`{value}`" in decision["description"], schema
