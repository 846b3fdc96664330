"""Who ends a run when its owner is gone or late, and what its watchers and its transcript
keep: two worker processes (A, B) on one PostgreSQL database and one Redis, behind nginx.

- A is killed mid-turn: B's reaper ends the panel, and B's watchers see the turn it kept
  (as last saved) before the end, live and on `Last-Event-ID` replay, as stored.
- A's lease lapses while A lives, and a cancel comes to B: A ends the panel itself, keeping
  every token it streamed.
- A is stopped (SIGSTOP) past the time B waits for it: B ends the panel with the turn as last
  saved; A, once resumed, stores nothing after that end.
"""

import asyncio
import shutil
import signal
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from agentstream.runs.checkpoints import CHECKPOINT_TOKENS
from agentstream.runs.manager import ORPHAN_CANCELLED_REASON
from tests.scale.cluster import Cluster, on_shared_redis
from tests.scale.streams import (
    Stream,
    http_client,
    in_order,
    increasing,
    new_panel,
    open_stream,
    query,
)
from tests.sse import Frame

pytestmark = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")

# Long enough to act on a turn while it streams: 600 tokens, 10 ms apart, per model call.
MODEL = {
    "AGENTSTREAM_LLM_PROVIDER": "scripted",
    "AGENTSTREAM_SCRIPTED_TOKENS": "600",
    "AGENTSTREAM_SCRIPTED_TOKEN_DELAY_MS": "10",
}


def _cluster(tmp_path: Path, database: str, demo_database: Path, lease_s: int) -> Iterator[Cluster]:
    with on_shared_redis(
        tmp_path,
        database,
        names="AB",
        AGENTSTREAM_DEMO_DATABASE_FILE=str(demo_database),
        AGENTSTREAM_RUN_LEASE_S=str(lease_s),
        AGENTSTREAM_SSE_PING_S="1",
        **MODEL,
    ) as running:
        yield running


@pytest.fixture
def short_leases(tmp_path: Path, postgres_database: str, demo_database: Path) -> Iterator[Cluster]:
    """Leases of 2 s: a killed worker's runs end within seconds."""
    yield from _cluster(tmp_path, postgres_database, demo_database, 2)


@pytest.fixture
def long_leases(tmp_path: Path, postgres_database: str, demo_database: Path) -> Iterator[Cluster]:
    """Leases of 60 s: nobody renews or reaps during a test unless it says so."""
    yield from _cluster(tmp_path, postgres_database, demo_database, 60)


@asynccontextmanager
async def _panel_past_a_checkpoint(
    on_a: httpx.AsyncClient, on_b: httpx.AsyncClient
) -> AsyncIterator[tuple[str, Stream]]:
    """A panel run by A, watched from B until one expert's turn streamed past a checkpoint."""
    panel_id = await new_panel(on_a)
    assert (await on_a.post(f"/api/v1/panels/{panel_id}/execute")).status_code == 202
    async with open_stream(on_b, "GET", f"/api/v1/panels/{panel_id}/stream") as stream:
        await _past_a_checkpoint(stream)
        yield panel_id, stream


async def _past_a_checkpoint(stream: Stream) -> None:
    """Read the panel's stream until one expert's turn has streamed well past a checkpoint."""
    counts: dict[str, int] = {}

    def past(frame: Frame) -> bool:
        if frame.event != "expert_token":
            return False
        agent = frame.data["agent_id"]
        counts[agent] = counts.get(agent, 0) + 1
        return counts[agent] > CHECKPOINT_TOKENS + 30

    await stream.until(past)


def _streamed(frames: list[Frame]) -> dict[tuple[str, str, int], str]:
    """The text each turn streamed as `expert_token` deltas."""
    turns: dict[tuple[str, str, int], str] = {}
    for frame in frames:
        if frame.event == "expert_token":
            data = frame.data
            key = (data["agent_id"], data["kind"], data["round"])
            turns[key] = turns.get(key, "") + data["delta"]
    return turns


def _incomplete(frames: list[Frame]) -> dict[tuple[str, str, int], str]:
    """The turns told as kept incomplete, by `expert_speaking`."""
    return {
        (f.data["agent_id"], f.data["kind"], f.data["round"]): f.data["content"]
        for f in frames
        if f.event == "expert_speaking" and f.data["incomplete"]
    }


async def _stored_events(database: str, panel_id: str) -> list[tuple[int, str]]:
    rows = await query(
        "SELECT e.seq, e.event FROM run_events e JOIN runs r ON r.id = e.run_id "
        "WHERE r.subject_id = $1 ORDER BY e.seq",
        panel_id,
        database=database,
    )
    return [(row["seq"], row["event"]) for row in rows]


async def _kept_messages(database: str, panel_id: str) -> list[dict[str, Any]]:
    rows = await query(
        "SELECT agent_id, kind, round_number, text, incomplete FROM panel_messages "
        "WHERE panel_id = $1 ORDER BY sequence",
        uuid.UUID(panel_id),
        database=database,
    )
    return [dict(row) for row in rows]


async def _lapse(database: str, panel_id: str) -> None:
    """Let the panel's lease lapse, as an owner late renewing it leaves it."""
    await query(
        "UPDATE runs SET lease_expires_at = now() - interval '1 second' WHERE subject_id = $1",
        panel_id,
        database=database,
    )


async def test_a_reaped_panel_tells_its_kept_turn_before_its_end_live_and_on_replay(
    short_leases: Cluster, postgres_database: str
) -> None:
    a, b = short_leases.workers["A"], short_leases.workers["B"]
    async with http_client(a.url) as on_a, http_client(b.url) as on_b:
        async with _panel_past_a_checkpoint(on_a, on_b) as (panel_id, stream):
            before = len(stream.frames)
            a.kill()
            await stream.rest()
        frames = stream.frames
        increasing(frames)
        # B numbers what it publishes above any number A may have used.
        jump = next(i for i in range(1, len(frames)) if frames[i].id != frames[i - 1].id + 1)
        closing = frames[jump:]
        assert [f.event for f in closing][-1] == "error"
        assert "lease expired" in closing[-1].data["message"]
        kept = _incomplete(closing)
        assert kept, "the turn in progress is told, as kept"
        assert all(f.event == "expert_speaking" for f in closing[:-1])
        assert [f.id for f in closing] == list(range(closing[0].id, closing[0].id + len(closing)))
        streamed = _streamed(frames)
        for key, text in kept.items():
            assert text and streamed[key].startswith(text), "as last saved"
        # Resumed on B through the proxy after the last id seen live before the kill: the same.
        last_seen = frames[before - 1].id
        async with http_client(short_leases.proxy) as proxied:
            async with open_stream(
                proxied,
                "GET",
                f"/api/v1/panels/{panel_id}/stream",
                headers={"Last-Event-ID": str(last_seen)},
            ) as resumed:
                rest = await resumed.rest()
            panel = (await proxied.get(f"/api/v1/panels/{panel_id}")).json()
    assert [(f.id, f.event) for f in rest] == [(f.id, f.event) for f in frames[before:]]
    durable = [(f.id, f.event) for f in frames if f.event != "expert_token"]
    assert await _stored_events(postgres_database, panel_id) == durable, "as stored"
    assert panel["status"] == "failed"
    stored = {
        (m["agent_id"], m["kind"], m["round"]): m["content"]
        for r in panel["rounds"]
        for m in r["messages"]
        if m["incomplete"]
    }
    assert stored == kept


async def test_a_cancel_while_the_live_owners_lease_lapsed_keeps_everything_streamed(
    long_leases: Cluster, postgres_database: str
) -> None:
    a, b = long_leases.workers["A"], long_leases.workers["B"]
    async with http_client(a.url) as on_a, http_client(b.url) as on_b:
        async with _panel_past_a_checkpoint(on_a, on_b) as (panel_id, stream):
            await _lapse(postgres_database, panel_id)  # A lives, its heartbeat is late
            assert (await on_b.delete(f"/api/v1/panels/{panel_id}")).status_code == 204
            await stream.rest()
        frames = stream.frames
        panel = (await on_b.get(f"/api/v1/panels/{panel_id}")).json()
    in_order(frames)  # numbered by the owner: it ended the run itself
    assert frames[-1].event == "panel_cancelled"
    kept = _incomplete(frames)
    streamed = _streamed(frames)
    assert kept and all(kept[key] == streamed[key] for key in kept), "every token streamed"
    assert panel["status"] == "cancelled"
    stored = await _kept_messages(postgres_database, panel_id)
    for row in stored:
        key = (row["agent_id"], row["kind"], row["round_number"])
        if row["incomplete"]:
            assert row["text"] == streamed[key]
    assert await _stored_events(postgres_database, panel_id) == [
        (f.id, f.event) for f in frames if f.event != "expert_token"
    ]


async def test_an_owner_stopped_past_the_wait_stores_nothing_after_the_cancel_ends_it(
    long_leases: Cluster, postgres_database: str
) -> None:
    a, b = long_leases.workers["A"], long_leases.workers["B"]
    async with http_client(a.url) as on_a, http_client(b.url) as on_b:
        async with _panel_past_a_checkpoint(on_a, on_b) as (panel_id, stream):
            a.process.send_signal(signal.SIGSTOP)
            try:
                await _lapse(postgres_database, panel_id)
                assert (await on_b.delete(f"/api/v1/panels/{panel_id}")).status_code == 204
                await stream.rest()
            finally:
                a.process.send_signal(signal.SIGCONT)
        frames = stream.frames
        ended = await _stored_events(postgres_database, panel_id)
        messages = await _kept_messages(postgres_database, panel_id)
        # A, resumed, hears the cancel and renews: by then it finds the run is not its own.
        await asyncio.sleep(3)
        assert (await on_a.get("/health/ready")).status_code == 200, "A serves again"
        panel = (await on_a.get(f"/api/v1/panels/{panel_id}")).json()
    increasing(frames)
    assert frames[-1].event == "panel_cancelled"
    assert frames[-1].data["reason"] == ORPHAN_CANCELLED_REASON
    kept = _incomplete(frames)
    streamed = _streamed(frames)
    assert kept and all(streamed[key].startswith(kept[key]) for key in kept), "as last saved"
    assert await _stored_events(postgres_database, panel_id) == ended, "nothing after the end"
    assert await _kept_messages(postgres_database, panel_id) == messages
    assert panel["status"] == "cancelled"
    log = a.log.read_text()
    assert "run_lost" in log and "Traceback" not in log
