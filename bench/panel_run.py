"""Measure a panel's wall time against the sequential sum of its model delays, and fan-out.

A 5-expert structured panel runs 3 rounds on the offline engine behind a model that answers
after a fixed delay (100 ms by default). Experts of a round speak concurrently, so the wall
time should be a fraction of (model calls x delay). Then 100 subscribers watch one panel and
each must receive every event.

    python bench/panel_run.py [--delay-ms 100] [--subscribers 100]
"""

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from agentstream.app import create_app
from agentstream.llm.offline import OfflineChatModel
from agentstream.settings import DEMO_TENANT_ID, Settings

HEADERS = {"X-Tenant-ID": str(DEMO_TENANT_ID)}
PANEL = {
    "query": "Should we skip clinical data for our 510(k)?",
    "panel_type": "structured",
    "agent_ids": [
        "fda_expert",
        "clinical_expert",
        "quality_expert",
        "reimbursement_expert",
        "finance_expert",
    ],
    # Threshold 1.0 and a long stability window: the panel runs all 3 rounds.
    "configuration": {"max_rounds": 3, "consensus_threshold": 1.0, "stability_rounds": 3},
}


class DelayedModel(OfflineChatModel):
    """The offline engine, answering only after a fixed delay (a slow model's first token)."""

    delay_s: float = 0.1
    calls: int = 0

    async def astream_pieces(self, *args: Any, **kwargs: Any) -> AsyncIterator[list[str]]:
        self.calls += 1
        await asyncio.sleep(self.delay_s)
        async for pieces in super().astream_pieces(*args, **kwargs):
            yield pieces


async def _create(client: httpx.AsyncClient) -> str:
    response = await client.post("/api/v1/panels", json=PANEL, headers=HEADERS)
    response.raise_for_status()
    panel_id: str = response.json()["panel_id"]
    return panel_id


async def wall_time(client: httpx.AsyncClient, model: DelayedModel, app: Any, repeat: int) -> None:
    durations: list[float] = []
    ends: list[float] = []
    for _ in range(repeat):
        panel_id = await _create(client)
        model.calls = 0
        started = time.perf_counter()
        response = await client.post(f"/api/v1/panels/{panel_id}/execute", headers=HEADERS)
        await app.state.panels.manager.wait(uuid.UUID(response.json()["run_id"]))
        ends.append(time.perf_counter() - started)
        panel = (await client.get(f"/api/v1/panels/{panel_id}", headers=HEADERS)).json()
        durations.append(panel["duration"])
    sequential = model.calls * model.delay_s

    def ratio(seconds: float) -> str:
        return f"{seconds / sequential:.2f}x" if sequential else "n/a"

    print(
        f"panel: {len(panel['members'])} experts, {len(panel['rounds'])} rounds, "
        f"{model.calls} model calls, status {panel['status']}; "
        f"sequential sum of model delays {sequential:.3f} s; {repeat} runs"
    )
    median = statistics.median(durations)
    print(
        f"  panel wall time (started -> completed): median {median:.3f} s = {ratio(median)} "
        f"(min {ratio(min(durations))}, max {ratio(max(durations))}; goal <= 0.30x)"
    )
    print(
        f"  end to end (execute request -> run finished): median {ratio(statistics.median(ends))}"
    )


async def fan_out(client: httpx.AsyncClient, subscribers: int) -> None:
    panel_id = await _create(client)
    url = f"/api/v1/panels/{panel_id}/stream"
    started = time.perf_counter()
    bodies = await asyncio.gather(*(client.get(url, headers=HEADERS) for _ in range(subscribers)))
    elapsed = time.perf_counter() - started
    event_lists = [
        [line for line in body.text.splitlines() if line.startswith(("id:", "event:"))]
        for body in bodies
    ]
    reference = max(event_lists, key=len)
    complete = sum(events == reference for events in event_lists)
    print(
        f"fan-out: {subscribers} subscribers, {len(reference) // 2} events each expected; "
        f"{complete}/{subscribers} received every event in order; {elapsed:.2f} s"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--delay-ms", type=float, default=100.0)
    parser.add_argument("--subscribers", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=7, help="panels timed (median reported)")
    parser.add_argument(
        "--database-url", help="service database (default: SQLite in a temporary directory)"
    )
    options = parser.parse_args()
    settings = Settings(
        data_dir=tempfile.mkdtemp(prefix="agentstream-bench-"),
        dev_mode=True,
        log_level="WARNING",
        database_url=options.database_url,
        _env_file=None,  # type: ignore[call-arg]
    )
    app = create_app(settings)
    async with LifespanManager(app, startup_timeout=60):
        model = DelayedModel(delay_s=options.delay_ms / 1000)
        app.state.panels.model = model
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", timeout=120
        ) as client:
            await wall_time(client, model, app, options.repeat)
            await fan_out(client, options.subscribers)


if __name__ == "__main__":
    asyncio.run(main())
