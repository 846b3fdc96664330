"""Model usage: stored per run, returned in chat metadata and panel details, totalled per tenant."""

import httpx
import pytest
from fastapi import FastAPI

from agentstream.settings import DEMO_TENANT_ID, Settings
from agentstream.tenancy.service import create_tenant
from tests.sse import done_metadata, parse_frames

DEMO = {"X-Tenant-ID": str(DEMO_TENANT_ID)}


@pytest.fixture
def settings(settings: Settings, database_url: str) -> Settings:
    return settings.model_copy(update={"database_url": database_url})


async def _key(app: FastAPI, name: str) -> dict[str, str]:
    async with app.state.sessions() as session, session.begin():
        creds = await create_tenant(session, name, demo_content=True)
    return {"Authorization": f"Bearer {creds.api_key}"}


async def test_chat_and_panel_usage_add_up_per_tenant(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    headers = await _key(app, "metered")
    answers = [
        done_metadata(
            parse_frames(
                (
                    await client.post(
                        "/api/chat/stream", json={"message": question}, headers=headers
                    )
                ).text
            )
        )["usage"]
        for question in ("How many technicians are active?", "What are the overtime rules?")
    ]
    created = await client.post(
        "/api/v1/panels",
        headers=headers,
        json={"query": "FDA 510(k) strategy?", "agent_ids": ["fda_expert", "clinical_expert"]},
    )
    panel_id = created.json()["panel_id"]
    before = (await client.get(f"/api/v1/panels/{panel_id}", headers=headers)).json()
    assert before["usage"] is None, "nothing used before it runs"
    await client.get(f"/api/v1/panels/{panel_id}/stream", headers=headers)
    panel_usage = (await client.get(f"/api/v1/panels/{panel_id}", headers=headers)).json()["usage"]
    assert panel_usage["output_tokens"] > 0 and panel_usage["input_tokens"] > 0

    totals = (await client.get("/api/usage", headers=headers)).json()
    chat = totals["by_kind"]["chat"]
    assert chat["runs"] == 2
    assert chat["output_tokens"] == sum(a["output_tokens"] for a in answers)
    assert chat["input_tokens"] == sum(a["input_tokens"] for a in answers)
    assert totals["by_kind"]["panel"]["output_tokens"] == panel_usage["output_tokens"]
    assert totals["total_tokens"] == totals["input_tokens"] + totals["output_tokens"]


async def test_usage_is_per_tenant(app: FastAPI, client: httpx.AsyncClient) -> None:
    await client.post("/api/chat/stream", json={"message": "How many technicians are active?"})
    other = await _key(app, "quiet")
    totals = (await client.get("/api/usage", headers=other)).json()
    assert totals == {
        "runs": 0,
        "input_tokens": 0,
        "output_tokens": 0,
        "total_tokens": 0,
        "by_kind": {},
    }
