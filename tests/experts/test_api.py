"""The agent registry over HTTP: the built-in catalog and tenant-defined experts."""

import httpx
import pytest
from fastapi import FastAPI

from agentstream.settings import Settings
from agentstream.tenancy.service import create_tenant
from tests.sse import parse_frames

PRICING = {
    "agent_id": "pricing_expert",
    "name": "Pricing Expert",
    "role": "Head of Pricing",
    "persona": "Thinks in margins and customer value.",
    "knowledge": "# Pricing\n\nPremium support contracts should be priced at 1.4 times standard.",
}


@pytest.fixture
def settings(settings: Settings, database_url: str) -> Settings:
    return settings.model_copy(update={"database_url": database_url})


async def _key(app: FastAPI, name: str) -> dict[str, str]:
    async with app.state.sessions() as session, session.begin():
        creds = await create_tenant(session, name)
    return {"Authorization": f"Bearer {creds.api_key}"}


async def test_catalog_lists_the_seed_experts(client: httpx.AsyncClient) -> None:
    agents = (await client.get("/api/v1/agents")).json()["agents"]
    ids = {a["agent_id"] for a in agents if a["source"] == "builtin"}
    assert {"fda_expert", "clinical_expert", "operations_expert"} <= ids


async def test_tenant_expert_lifecycle(app: FastAPI, client: httpx.AsyncClient) -> None:
    headers = await _key(app, "pricing-co")
    created = await client.post("/api/v1/agents", json=PRICING, headers=headers)
    assert created.status_code == 201 and created.json()["source"] == "tenant"
    duplicate = await client.post("/api/v1/agents", json=PRICING, headers=headers)
    assert duplicate.status_code == 409
    updated = await client.put(
        "/api/v1/agents/pricing_expert",
        headers=headers,
        json={**{k: v for k, v in PRICING.items() if k != "agent_id"}, "name": "Pricing Lead"},
    )
    assert updated.json()["name"] == "Pricing Lead"
    assert (await client.get("/api/v1/agents/pricing_expert", headers=headers)).status_code == 200
    assert (
        await client.delete("/api/v1/agents/pricing_expert", headers=headers)
    ).status_code == 204
    assert (await client.get("/api/v1/agents/pricing_expert", headers=headers)).status_code == 404


async def test_builtin_experts_cannot_be_redefined_changed_or_deleted(
    client: httpx.AsyncClient,
) -> None:
    clash = await client.post("/api/v1/agents", json={**PRICING, "agent_id": "fda_expert"})
    assert clash.status_code == 409
    body = {k: v for k, v in PRICING.items() if k != "agent_id"}
    assert (await client.put("/api/v1/agents/fda_expert", json=body)).status_code == 400
    assert (await client.delete("/api/v1/agents/fda_expert")).status_code == 400


async def test_invalid_agent_id_is_422_naming_the_field(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/agents", json={**PRICING, "agent_id": "Bad Id!"})
    assert response.status_code == 422
    assert "agent_id" in [d["field"] for d in response.json()["error"]["details"]]


async def test_tenant_experts_are_invisible_to_other_tenants(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    owner, other = await _key(app, "owner"), await _key(app, "other")
    await client.post("/api/v1/agents", json=PRICING, headers=owner)
    assert (await client.get("/api/v1/agents/pricing_expert", headers=other)).status_code == 404
    listed = (await client.get("/api/v1/agents", headers=other)).json()["agents"]
    assert "pricing_expert" not in {a["agent_id"] for a in listed}
    panel = await client.post(
        "/api/v1/panels",
        headers=other,
        json={"query": "Raise premium prices?", "agent_ids": ["pricing_expert", "finance_expert"]},
    )
    assert panel.status_code == 400 and "pricing_expert" in panel.json()["detail"]
    assert (await client.delete("/api/v1/agents/pricing_expert", headers=other)).status_code == 404


async def test_a_tenant_expert_speaks_on_a_panel(app: FastAPI, client: httpx.AsyncClient) -> None:
    headers = await _key(app, "pricing-co")
    await client.post("/api/v1/agents", json=PRICING, headers=headers)
    created = await client.post(
        "/api/v1/panels",
        headers=headers,
        json={
            "query": "How should we price premium support contracts?",
            "panel_type": "open",
            "agent_ids": ["pricing_expert", "finance_expert"],
        },
    )
    assert created.status_code == 201, created.text
    panel_id = created.json()["panel_id"]
    frames = parse_frames(
        (await client.get(f"/api/v1/panels/{panel_id}/stream", headers=headers)).text
    )
    speeches = [f.data for f in frames if f.event == "expert_speaking"]
    pricing = [s for s in speeches if s["agent_id"] == "pricing_expert"]
    assert pricing and "1.4 times standard" in pricing[0]["content"]
    assert frames[-1].event == "panel_complete"


async def test_a_cited_passage_can_be_read_by_its_id(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/agents/fda_expert/passages")
    assert response.status_code == 200
    passages = {p["id"]: p for p in response.json()["passages"]}
    special = passages["fda_expert/1#3"]
    assert special["document"] == "FDA Premarket Pathways"
    assert "Special 510(k)" in special["text"]


async def test_a_tenant_experts_passages_are_its_tenants_only(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    owner, other = await _key(app, "passages-owner"), await _key(app, "passages-other")
    assert (await client.post("/api/v1/agents", json=PRICING, headers=owner)).status_code == 201
    mine = await client.get("/api/v1/agents/pricing_expert/passages", headers=owner)
    assert [p["text"] for p in mine.json()["passages"]] == [
        "Premium support contracts should be priced at 1.4 times standard."
    ]
    theirs = await client.get("/api/v1/agents/pricing_expert/passages", headers=other)
    assert theirs.status_code == 404
