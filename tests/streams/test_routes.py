"""Minting a stream token: only for a run or panel of the caller's own tenant."""

import uuid

import httpx
import pytest
from fastapi import FastAPI

from agentstream.settings import Settings
from agentstream.tenancy.service import create_tenant
from tests.started_runs import PANEL_REQUEST, finished_chat_run_id


@pytest.fixture
def settings(settings: Settings, database_url: str) -> Settings:
    """Production mode (every request names its key), on SQLite and on PostgreSQL."""
    return settings.model_copy(update={"dev_mode": False, "database_url": database_url})


async def _bearer(app: FastAPI, name: str) -> dict[str, str]:
    async with app.state.sessions() as session, session.begin():
        created = await create_tenant(session, name, demo_content=True)
    return {"Authorization": f"Bearer {created.api_key}"}


async def _panel(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    created = await client.post("/api/v1/panels", json=PANEL_REQUEST, headers=headers)
    assert created.status_code == 201, created.text
    panel_id: str = created.json()["panel_id"]
    return panel_id


async def test_a_token_for_another_tenants_run_or_panel_is_404(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    owner, intruder = await _bearer(app, "owner"), await _bearer(app, "intruder")
    run_id = await finished_chat_run_id(client, owner)
    scopes = {"run_id": run_id, "panel_id": await _panel(client, owner)}
    for field, stream_id in scopes.items():
        stolen = await client.post("/api/stream-tokens", json={field: stream_id}, headers=intruder)
        assert stolen.status_code == 404, stolen.text
        assert stolen.json()["error"]["code"] == "not_found"
        own = await client.post("/api/stream-tokens", json={field: stream_id}, headers=owner)
        assert own.status_code == 201, own.text


@pytest.mark.parametrize(
    "body",
    [{"run_id": str(uuid.uuid4())}, {"panel_id": str(uuid.uuid4())}, {"panel_id": "p"}],
)
async def test_a_token_for_an_unknown_stream_is_404(
    app: FastAPI, client: httpx.AsyncClient, body: dict[str, str]
) -> None:
    minted = await client.post("/api/stream-tokens", json=body, headers=await _bearer(app, "t"))
    assert minted.status_code == 404


async def test_a_tenant_wide_token_needs_no_stream(app: FastAPI, client: httpx.AsyncClient) -> None:
    minted = await client.post("/api/stream-tokens", json={}, headers=await _bearer(app, "t"))
    assert minted.status_code == 201 and minted.json()["run_id"] is None
