"""A worker that has begun a graceful stop starts no new run: it answers 503 with Retry-After,
and its readiness says it is not ready, while the runs it holds go on."""

import httpx
import pytest
from fastapi import FastAPI

from agentstream.settings import Settings
from tests.started_runs import PANEL_REQUEST, finished_chat_run_id


@pytest.fixture
def settings(settings: Settings, database_url: str) -> Settings:
    """On SQLite and on PostgreSQL."""
    return settings.model_copy(update={"database_url": database_url})


def _refused(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "5"
    error = response.json()["error"]
    assert error["code"] == "service_unavailable"
    assert "shutting down" in error["message"]


async def test_a_draining_worker_refuses_new_chat_turns_and_panel_runs(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    panel = await client.post("/api/v1/panels", json=PANEL_REQUEST)
    assert panel.status_code == 201, panel.text
    earlier_run = await finished_chat_run_id(client, {})
    app.state.manager.drain(30.0)

    _refused(await client.post("/api/chat/stream", json={"message": "How many technicians?"}))
    panel_path = f"/api/v1/panels/{panel.json()['panel_id']}"
    _refused(await client.post(f"{panel_path}/execute"))
    # Nothing of the refused request was stored: the panel can still start on another worker.
    assert (await client.get(panel_path)).json()["status"] == "draft"
    # What the worker already holds is still served.
    replay = await client.get(f"/api/chat/runs/{earlier_run}/stream")
    assert replay.status_code == 200 and '"done": true' in replay.text


async def test_a_draining_worker_is_not_ready(app: FastAPI, client: httpx.AsyncClient) -> None:
    assert (await client.get("/health/ready")).status_code == 200
    app.state.manager.drain(30.0)
    ready = await client.get("/health/ready")
    assert ready.status_code == 503
    assert ready.json()["checks"]["worker"] == "unavailable"
