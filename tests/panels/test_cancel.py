"""Cancelling a panel keeps what it had, honestly: once `DELETE` answers, the panel has ended
wherever it ran, the turns in progress are kept marked incomplete (stored and in its events),
nothing streams after `panel_cancelled`, and a cancelled panel decided nothing.

On SQLite and PostgreSQL; with one worker (in-process broker) and with two workers sharing the
database and a Redis, the panel running on A, watched and cancelled from B.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from agentstream.app import create_app
from agentstream.llm.offline import OfflineChatModel
from agentstream.runs.events import RunEvent
from agentstream.settings import DEMO_TENANT_ID, Settings
from tests.counting import CountsTokens
from tests.runs.brokers import REDIS_URL, delete_prefix, redis_unreachable

DEMO = {"X-Tenant-ID": str(DEMO_TENANT_ID)}
EXPERTS = ["fda_expert", "clinical_expert", "quality_expert"]
DEBATE = {"query": "Should we skip clinical data for our 510(k)?", "agent_ids": EXPERTS}
TURN_EVENTS = {"expert_token", "expert_speaking", "round_complete", "consensus_update"}


class CountingOfflineModel(CountsTokens, OfflineChatModel):
    """The offline engine, counting the tokens it produces."""


@dataclass
class Worker:
    """One worker of the service: its app and a client talking to it."""

    app: FastAPI
    client: httpx.AsyncClient


@dataclass
class Workers:
    """Worker A runs the panels (with a counting, slowed-down model); B watches and cancels
    them. With the in-process broker they are one worker."""

    a: Worker
    b: Worker
    model: CountingOfflineModel


async def _worker(stack: AsyncExitStack, settings: Settings) -> Worker:
    app = create_app(settings)
    await stack.enter_async_context(LifespanManager(app, startup_timeout=60))
    transport = httpx.ASGITransport(app=app)
    client = httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=60)
    await stack.enter_async_context(client)
    return Worker(app, client)


@pytest.fixture(params=["in-process", "redis"])
async def workers(
    request: pytest.FixtureRequest, settings: Settings, database_url: str, tmp_path: Path
) -> AsyncIterator[Workers]:
    settings = settings.model_copy(update={"database_url": database_url})
    model = CountingOfflineModel(token_delay_s=0.005)
    async with AsyncExitStack() as stack:
        if request.param == "in-process":
            a = b = await _worker(stack, settings)
        else:
            reason = await redis_unreachable()
            if reason:
                pytest.skip(reason)
            prefix = f"agentstream-test-{uuid.uuid4().hex[:12]}"
            stack.push_async_callback(delete_prefix, prefix)
            shared = {"broker_url": REDIS_URL, "broker_prefix": prefix}
            a, b = [
                await _worker(
                    stack, settings.model_copy(update={**shared, "data_dir": tmp_path / name})
                )
                for name in ("a", "b")
            ]
        a.app.state.panels.model = model
        yield Workers(a, b, model)


async def _execute(workers: Workers, panel_type: str) -> tuple[str, uuid.UUID]:
    client = workers.a.client
    created = await client.post("/api/v1/panels", json={**DEBATE, "panel_type": panel_type})
    assert created.status_code == 201, created.text
    panel_id: str = created.json()["panel_id"]
    started = await client.post(f"/api/v1/panels/{panel_id}/execute", headers=DEMO)
    assert started.status_code == 202, started.text
    return panel_id, uuid.UUID(started.json()["run_id"])


async def _panel(worker: Worker, panel_id: str) -> dict[str, Any]:
    response = await worker.client.get(f"/api/v1/panels/{panel_id}", headers=DEMO)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _cancel(worker: Worker, panel_id: str) -> int:
    return (await worker.client.delete(f"/api/v1/panels/{panel_id}", headers=DEMO)).status_code


def _incomplete(panel: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for r in panel["rounds"] for m in r["messages"] if m["incomplete"]]


def _ending(events: list[RunEvent]) -> list[str | None]:
    """The events from `panel_cancelled` on."""
    names = [e.event for e in events]
    assert "panel_cancelled" in names, names[-5:]
    return names[names.index("panel_cancelled") :]


@pytest.mark.parametrize("panel_type", ["structured", "open"])
async def test_once_delete_answers_the_panel_has_ended_and_nothing_streams_after(
    workers: Workers, panel_type: str
) -> None:
    panel_id, run_id = await _execute(workers, panel_type)
    watched: list[RunEvent] = []
    streamed: dict[str, str] = {}
    watch = workers.b.app.state.manager.stream(run_id)
    async for event in watch:
        watched.append(event)
        if event.event == "expert_speaking":
            streamed.pop(event.data["agent_id"], None)
        elif event.event == "expert_token":
            agent = event.data["agent_id"]
            streamed[agent] = streamed.get(agent, "") + event.data["delta"]
            if len(streamed[agent]) > 60:
                break
    assert await _cancel(workers.b, panel_id) == 204
    produced = workers.model.produced
    # Answered: the panel is cancelled, on every worker.
    for worker in (workers.a, workers.b):
        assert (await _panel(worker, panel_id))["status"] == "cancelled"
    watched += [event async for event in watch]
    assert workers.model.produced == produced, "no model call goes on after the DELETE"
    assert _ending(watched) == ["panel_cancelled"], "nothing follows panel_cancelled"
    assert watched[-1].terminal
    panel = await _panel(workers.b, panel_id)
    kept = _incomplete(panel)
    assert {m["agent_id"] for m in kept} >= set(streamed), "every turn in progress is kept"
    for message in kept:
        # What the watcher saw of it, and what streamed until the cancel landed.
        assert message["content"].startswith(streamed.get(message["agent_id"], ""))
        assert message["position"] is None
    speaking = [e.data for e in watched if e.event == "expert_speaking" and e.data["incomplete"]]
    assert [(d["sequence"], d["content"]) for d in speaking] == [
        (m["sequence"], m["content"]) for m in kept
    ]


async def test_the_replayed_log_of_a_cancelled_panel_holds_its_incomplete_turns(
    workers: Workers,
) -> None:
    panel_id, run_id = await _execute(workers, "structured")
    async for event in workers.b.app.state.manager.stream(run_id):
        if event.event == "expert_token":
            break
    assert await _cancel(workers.b, panel_id) == 204
    kept = _incomplete(await _panel(workers.b, panel_id))
    assert kept
    # Replayed from the database (tokens are not stored), as a client that comes back later.
    events = [e async for e in workers.b.app.state.manager.stream(run_id, 1)]
    replayed = [e.data for e in events if e.event == "expert_speaking" and e.data["incomplete"]]
    assert [d["sequence"] for d in replayed] == [m["sequence"] for m in kept]
    assert _ending(events) == ["panel_cancelled"]
    assert "panel_complete" not in [e.event for e in events]


@pytest.mark.parametrize("panel_type", ["council", "socratic"])
async def test_a_panel_cancelled_during_its_synthesis_keeps_its_last_consensus(
    workers: Workers, panel_type: str
) -> None:
    panel_id, run_id = await _execute(workers, panel_type)
    async for event in workers.b.app.state.manager.stream(run_id):
        if event.event == "expert_token" and event.data["kind"] == "synthesis":
            break  # every round has closed, the last one with its stop rule's decision
    assert await _cancel(workers.b, panel_id) == 204
    panel = await _panel(workers.b, panel_id)
    assert panel["status"] == "cancelled"
    assert panel["recommendation"] is None
    assert all(r["consensus"] is not None for r in panel["rounds"]), "rounds keep theirs"
    # The last consensus measured stays the panel's: its votes are what the reader has.
    assert panel["consensus"] == panel["rounds"][-1]["consensus"]
    assert [m["kind"] for m in _incomplete(panel)] == ["synthesis"]
    listing = await workers.b.client.get(
        "/api/v1/panels", params={"status": "cancelled", "limit": 100}, headers=DEMO
    )
    (listed,) = [p for p in listing.json()["panels"] if p["panel_id"] == panel_id]
    assert listed["consensus"]["decision"] == panel["consensus"]["decision"]
    events = [e async for e in workers.b.app.state.manager.stream(run_id)]
    assert _ending(events) == ["panel_cancelled"]
    assert "panel_complete" not in [e.event for e in events]


async def test_two_cancels_at_once_keep_each_turn_in_progress_once(workers: Workers) -> None:
    panel_id, run_id = await _execute(workers, "open")
    async for event in workers.b.app.state.manager.stream(run_id):
        if event.event == "expert_token":
            break
    answers = await asyncio.gather(_cancel(workers.b, panel_id), _cancel(workers.a, panel_id))
    # The second may come once the first has ended the panel: then it is terminal (400).
    assert 204 in answers and set(answers) <= {204, 400}
    panel = await _panel(workers.a, panel_id)
    assert panel["status"] == "cancelled"
    kept = _incomplete(panel)
    assert kept
    assert len({(m["agent_id"], m["round"]) for m in kept}) == len(kept), "each kept once"
    events = [e async for e in workers.b.app.state.manager.stream(run_id)]
    assert _ending(events) == ["panel_cancelled"]
    sequences = [e.data["sequence"] for e in events if e.event == "expert_speaking"]
    assert sequences == sorted(set(sequences))
