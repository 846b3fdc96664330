"""An expert turn is saved while it streams: a worker killed with SIGKILL mid-turn leaves the
turn as last saved, and another worker's reaper ends the panel failed with it kept.

A real worker process (A) runs the panel; the worker of this test (B) shares its database and
Redis and reaps A's run once its lease expires. On SQLite and PostgreSQL.
"""

import asyncio
import json
import os
import signal
import subprocess
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager

from agentstream.app import create_app
from agentstream.runs.checkpoints import CHECKPOINT_TOKENS
from agentstream.settings import Settings
from tests.runs.brokers import REDIS_URL, delete_prefix, redis_unreachable
from tests.scale.cluster import AGENTSTREAM, free_port

LEASE_S = 2
TIMEOUT_S = 90.0  # for anything that should take seconds
PANEL = {
    "query": "FDA 510(k) strategy?",
    "panel_type": "structured",
    "agent_ids": ["fda_expert", "clinical_expert"],
}


@pytest.fixture
async def prefix() -> AsyncIterator[str]:
    reason = await redis_unreachable()
    if reason:
        pytest.skip(reason)
    name = f"agentstream-test-{uuid.uuid4().hex[:12]}"
    yield name
    await delete_prefix(name)


@asynccontextmanager
async def _worker_process(
    tmp_path: Path, database_url: str, demo_database: Path, prefix: str
) -> AsyncIterator[tuple[str, asyncio.subprocess.Process]]:
    """`agentstream serve` on its own port: each model call streams 600 numbered tokens,
    10 ms apart, so a turn lasts past its first checkpoints."""
    env = {
        **os.environ,
        "AGENTSTREAM_DATABASE_URL": database_url,
        "AGENTSTREAM_BROKER_URL": REDIS_URL,
        "AGENTSTREAM_BROKER_PREFIX": prefix,
        "AGENTSTREAM_DATA_DIR": str(tmp_path / "a"),
        "AGENTSTREAM_DEMO_DATABASE_FILE": str(demo_database),
        "AGENTSTREAM_RUN_LEASE_S": str(LEASE_S),
        "AGENTSTREAM_LOG_LEVEL": "WARNING",
        "AGENTSTREAM_LLM_PROVIDER": "scripted",
        "AGENTSTREAM_SCRIPTED_TOKENS": "600",
        "AGENTSTREAM_SCRIPTED_TOKEN_DELAY_MS": "10",
    }
    port = free_port()
    log = tmp_path / "worker-a.log"
    with log.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            str(AGENTSTREAM),
            "serve",
            "--dev",
            "--port",
            str(port),
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        await _ready(url, process, log)
        yield url, process
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


async def _ready(url: str, process: asyncio.subprocess.Process, log: Path) -> None:
    """Return once the worker answers /health/ready; fail with its log if it dies first."""
    async with asyncio.timeout(TIMEOUT_S), httpx.AsyncClient(timeout=2) as client:
        while process.returncode is None:
            try:
                if (await client.get(f"{url}/health/ready")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            # Starting up (migrations, demo data): nothing to await but the next try.
            await asyncio.sleep(0.2)
    output = await asyncio.to_thread(log.read_text)
    raise AssertionError(f"the worker exited with {process.returncode}:\n{output}")


async def _stream_until_past_a_checkpoint(
    client: httpx.AsyncClient, panel_id: str
) -> tuple[str, str, int]:
    """Watch the panel until one expert's turn has streamed well past a checkpoint; returns
    that expert, what it streamed, and the number of the last event seen."""
    streamed: dict[str, list[str]] = {}
    async with client.stream("GET", f"/api/v1/panels/{panel_id}/stream") as response:
        assert response.status_code == 200
        fields: dict[str, str] = {}
        async for line in response.aiter_lines():
            if line:
                name, _, value = line.partition(": ")
                fields[name] = value
                continue
            if fields.get("event") == "expert_token":
                data = json.loads(fields["data"])
                pieces = streamed.setdefault(data["agent_id"], [])
                pieces.append(data["delta"])
                if len(pieces) > CHECKPOINT_TOKENS + 30:
                    return data["agent_id"], "".join(pieces), int(fields["id"])
            fields = {}
    raise AssertionError("the panel ended before a turn streamed past a checkpoint")


async def test_a_worker_killed_mid_turn_leaves_the_turn_as_saved_and_the_reaper_ends_it(
    tmp_path: Path, settings: Settings, database_url: str, demo_database: Path, prefix: str
) -> None:
    async with (
        _worker_process(tmp_path, database_url, demo_database, prefix) as (url, process),
        httpx.AsyncClient(base_url=url, timeout=TIMEOUT_S) as on_a,
    ):
        created = await on_a.post("/api/v1/panels", json=PANEL)
        assert created.status_code == 201, created.text
        panel_id = created.json()["panel_id"]
        started = await on_a.post(f"/api/v1/panels/{panel_id}/execute")
        run_id = uuid.UUID(started.json()["run_id"])
        agent_id, seen, last_seq = await _stream_until_past_a_checkpoint(on_a, panel_id)
        process.send_signal(signal.SIGKILL)
        await process.wait()
    on_b = settings.model_copy(
        update={
            "database_url": database_url,
            "broker_url": REDIS_URL,
            "broker_prefix": prefix,
            "run_lease_s": LEASE_S,
            "data_dir": tmp_path / "b",
        }
    )
    app = create_app(on_b)
    async with LifespanManager(app, startup_timeout=60):
        async with asyncio.timeout(TIMEOUT_S):
            ending = [e async for e in app.state.manager.stream(run_id, last_seq)]
        assert ending[-1].event == "error" and "lease expired" in ending[-1].data["message"]
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://b") as client:
            panel = (await client.get(f"/api/v1/panels/{panel_id}")).json()
    assert panel["status"] == "failed" and "lease expired" in panel["error"]
    assert panel["consensus"] is None
    kept = [m for r in panel["rounds"] for m in r["messages"] if m["agent_id"] == agent_id]
    assert [m["incomplete"] for m in kept] == [True], "the turn in progress, as saved"
    text = kept[0]["content"]
    assert text and (seen.startswith(text) or text.startswith(seen))
    assert len(text) >= len(seen) / 2, "most of what was streamed is kept"
    sequences = [m["sequence"] for r in panel["rounds"] for m in r["messages"]]
    assert sequences == list(range(1, len(sequences) + 1))
