"""Three worker processes (A, B, C) on one PostgreSQL database and one Redis, behind nginx:
runs are watched, resumed and cancelled from any worker, and a killed worker's runs end.

The tests share one cluster and run in file order: the last one kills worker A.
"""

import asyncio
import shutil
import signal
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.scale.cluster import Cluster, on_shared_redis
from tests.scale.streams import (
    TIMEOUT_S,
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

# Long enough to act on a run while it streams: 300 tokens, 15 ms apart, per model call.
MODEL = {
    "AGENTSTREAM_LLM_PROVIDER": "scripted",
    "AGENTSTREAM_SCRIPTED_TOKENS": "300",
    "AGENTSTREAM_SCRIPTED_TOKEN_DELAY_MS": "15",
}
LEASE_S = 2
# A stopped worker's runs last longer than this: they are ended, not finished.
DRAIN_S = 1


@pytest.fixture(scope="module")
def service(
    tmp_path_factory: pytest.TempPathFactory, postgres_database: str, demo_database: Path
) -> Iterator[Cluster]:
    with on_shared_redis(
        tmp_path_factory.mktemp("cluster"),
        postgres_database,
        AGENTSTREAM_DEMO_DATABASE_FILE=str(demo_database),
        AGENTSTREAM_RUN_LEASE_S=str(LEASE_S),
        AGENTSTREAM_SSE_PING_S="1",
        AGENTSTREAM_SHUTDOWN_DRAIN_S=str(DRAIN_S),
        **MODEL,
    ) as running:
        yield running


@pytest.fixture
def database(postgres_database: str) -> str:
    return postgres_database


async def test_the_seeds_flows_through_nginx_and_each_worker(service: Cluster) -> None:
    for base in [service.proxy, *(w.url for w in service.workers.values())]:
        async with http_client(base) as client:
            health = (await client.get("/health")).json()
            assert health["status"] == "healthy"
            ready = await client.get("/health/ready")
            assert ready.json()["checks"] == {"database": "ok", "broker": "ok", "worker": "ok"}
    async with http_client(service.proxy) as client:
        async with open_stream(
            client, "POST", "/api/chat/stream", json={"message": "How many technicians?"}
        ) as stream:
            assert stream.response.headers["content-type"].startswith("text/event-stream")
            frames = await stream.rest()
        in_order(frames)
        assert frames[-1].data["done"] is True
        assert frames[-1].data["metadata"]["status"] == "completed"
        panel_id = await new_panel(client)
        listed = (await client.get("/api/v1/panels", params={"limit": 100})).json()
        assert panel_id in [p["panel_id"] for p in listed["panels"]]
        assert (await client.get("/api/v1/panels", params={"limit": 101})).status_code == 400


async def test_a_panel_run_on_a_is_watched_from_b_to_its_end_in_order(service: Cluster) -> None:
    a, b, c = (service.workers[name].url for name in "ABC")
    async with http_client(a) as on_a, http_client(b) as on_b, http_client(c) as on_c:
        panel_id = await new_panel(on_a)
        assert (await on_a.post(f"/api/v1/panels/{panel_id}/execute")).status_code == 202
        async with open_stream(on_b, "GET", f"/api/v1/panels/{panel_id}/stream") as stream:
            frames = await stream.rest()
        in_order(frames)
        names = [f.event for f in frames]
        assert names[0] == "panel_started" and names[-1] == "panel_complete"
        assert "expert_token" in names and "expert_speaking" in names, "tokens and facts"
        # Replayed later through nginx: the same facts.
        async with open_stream(on_c, "GET", f"/api/v1/panels/{panel_id}/stream") as stream:
            replay = await stream.rest()
        durable = [f for f in frames if f.event != "expert_token"]
        assert [(f.id, f.event) for f in replay if f.event != "expert_token"] == [
            (f.id, f.event) for f in durable
        ]
        assert (await on_c.get(f"/api/v1/panels/{panel_id}")).json()["status"] == "completed"


async def test_a_chat_stream_dropped_on_a_is_resumed_on_c(service: Cluster) -> None:
    a, c = service.workers["A"].url, service.workers["C"].url
    async with http_client(a) as on_a, http_client(c) as on_c:
        async with open_stream(
            on_a, "POST", "/api/chat/stream", json={"message": "Tell me about overtime"}
        ) as stream:
            run_id = stream.response.headers["x-run-id"]
            for _ in range(5):
                await stream.until(lambda f: f.data.get("type") == "content")
            seen = list(stream.frames)
        # The connection is gone: the turn goes on for the grace period, then C resumes it.
        last = seen[-1].id
        assert last is not None
        async with open_stream(
            on_c,
            "GET",
            f"/api/chat/runs/{run_id}/stream",
            headers={"Last-Event-ID": str(last)},
        ) as stream:
            rest = await stream.rest()
        in_order(seen)
        in_order(rest, after=last)
        assert rest[-1].data["metadata"]["status"] == "completed"
        answer = "".join(f.data["token"] for f in seen + rest if f.data.get("type") == "content")
        conversation = rest[-1].data["metadata"]["conversation_id"]
        stored = (await on_c.get(f"/api/conversations/{conversation}")).json()["messages"]
        assert [m["role"] for m in stored] == ["user", "assistant"]
        assert stored[1]["content"] == answer and stored[1]["status"] == "completed"


async def test_a_cancel_from_c_stops_a_panel_on_a_watched_from_b(
    service: Cluster, database: str
) -> None:
    a, b, c = (service.workers[name].url for name in "ABC")
    async with http_client(a) as on_a, http_client(b) as on_b, http_client(c) as on_c:
        panel_id = await new_panel(on_a)
        assert (await on_a.post(f"/api/v1/panels/{panel_id}/execute")).status_code == 202
        async with open_stream(on_b, "GET", f"/api/v1/panels/{panel_id}/stream") as stream:
            for _ in range(10):
                await stream.until(lambda f: f.event == "expert_token")
            assert (await on_c.delete(f"/api/v1/panels/{panel_id}")).status_code == 204
            rest = await stream.rest()
        frames = stream.frames
        in_order(frames)
        assert frames[-1].event == "panel_cancelled", "the watcher sees the cancel, last"
        assert "panel_complete" not in [f.event for f in frames]
        panel = (await on_c.get(f"/api/v1/panels/{panel_id}")).json()
        assert panel["status"] == "cancelled"
        assert rest, "the watcher was still live when the cancel came"
        # Cancelled again from anywhere: the panel is terminal now (seed: 400).
        assert (await on_b.delete(f"/api/v1/panels/{panel_id}")).status_code == 400
        (run,) = await query(
            "SELECT status, cancel_requested_at FROM runs WHERE subject_id = $1",
            panel_id,
            database=database,
        )
        assert run["status"] == "cancelled" and run["cancel_requested_at"] is not None


async def test_a_chat_turn_on_a_is_cancelled_from_b(service: Cluster) -> None:
    a, b = service.workers["A"].url, service.workers["B"].url
    async with http_client(a) as on_a, http_client(b) as on_b:
        async with open_stream(
            on_a, "POST", "/api/chat/stream", json={"message": "Tell me about vehicles"}
        ) as stream:
            run_id = stream.response.headers["x-run-id"]
            await stream.until(lambda f: f.data.get("type") == "content")
            cancelled = await on_b.post(f"/api/chat/runs/{run_id}/cancel")
            assert cancelled.status_code == 204, cancelled.text
            rest = await stream.rest()
        assert rest[-1].data["metadata"]["status"] == "cancelled"
        again = await on_b.post(f"/api/chat/runs/{run_id}/cancel")
        assert again.status_code == 409
        unknown = await on_b.post(f"/api/chat/runs/{uuid.uuid4()}/cancel")
        assert unknown.status_code == 404


async def test_metrics_are_refused_through_the_proxy_but_served_by_each_worker(
    service: Cluster,
) -> None:
    async with http_client(service.proxy) as client:
        assert (await client.get("/metrics")).status_code == 403
    async with http_client(service.workers["A"].url) as client:
        assert (await client.get("/metrics")).status_code == 200


async def test_query_strings_stay_out_of_the_proxy_log(service: Cluster) -> None:
    async with http_client(service.proxy) as client:
        await client.get("/health", params={"token": "secret-stream-token"})
    log = service.access_log()
    assert "GET /health HTTP/1.1" in log
    assert "secret-stream-token" not in log and "token=" not in log


async def test_a_stopped_workers_panel_ends_for_its_watcher_on_another_worker(
    service: Cluster,
) -> None:
    b, c = service.workers["B"].url, service.workers["C"].url
    async with http_client(b) as on_b, http_client(c) as on_c:
        panel_id = await new_panel(on_c)
        assert (await on_c.post(f"/api/v1/panels/{panel_id}/execute")).status_code == 202
        async with open_stream(on_b, "GET", f"/api/v1/panels/{panel_id}/stream") as stream:
            await stream.until(lambda f: f.event == "expert_token")
            service.workers["C"].process.send_signal(signal.SIGTERM)
            await stream.rest()
        frames = stream.frames
        in_order(frames)
        assert frames[-1].event == "error", "the watcher gets the panel's end"
        assert "shut down" in frames[-1].data["message"]
        panel = (await on_b.get(f"/api/v1/panels/{panel_id}")).json()
        assert panel["status"] == "failed"
    # uvicorn stops gracefully, then dies of the signal it caught.
    assert service.workers["C"].process.wait(TIMEOUT_S) == -signal.SIGTERM
    assert "Traceback" not in service.workers["C"].log.read_text()


async def test_a_killed_workers_runs_end_on_the_others_with_their_transcript(
    service: Cluster, database: str
) -> None:
    a, b = service.workers["A"].url, service.workers["B"].url
    async with http_client(a) as on_a, http_client(b) as on_b:
        panel_id = await new_panel(on_a)
        assert (await on_a.post(f"/api/v1/panels/{panel_id}/execute")).status_code == 202
        panel_watch = asyncio.create_task(_panel_end(on_b, panel_id))
        chat = on_a.stream("POST", "/api/chat/stream", json={"message": "Tell me about leave"})
        async with chat as response:
            run_id = response.headers["x-run-id"]
            stream = Stream(response)
            # Past the first checkpoint of the answer (3 s or 200 tokens), before its end (300).
            for _ in range(210):
                await stream.until(lambda f: f.data.get("type") == "content")
            async with open_stream(on_b, "GET", f"/api/chat/runs/{run_id}/stream") as watcher:
                await watcher.next()
                service.workers["A"].kill()
                chat_rest = await watcher.rest()
            watched = watcher.frames
        panel_frames = await panel_watch
    increasing(watched)
    increasing(panel_frames)
    assert chat_rest[-1].data["metadata"]["status"] == "failed"
    assert panel_frames[-1].event == "error", "the panel's watcher gets a terminal event"
    (run,) = await query(
        "SELECT status, error FROM runs WHERE id = $1", uuid.UUID(run_id), database=database
    )
    assert run["status"] == "failed" and "lease expired" in run["error"]
    messages = await query(
        "SELECT role, content, status FROM messages WHERE run_id = $1 ORDER BY created_at",
        uuid.UUID(run_id),
        database=database,
    )
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert messages[1]["status"] == "failed"
    streamed = "".join(f.data["token"] for f in stream.frames if f.data.get("type") == "content")
    kept = messages[1]["content"]
    assert streamed.startswith(kept), "the answer as checkpointed"
    assert len(kept) >= len(streamed) / 2, "most of what was streamed is kept"
    async with http_client(b) as on_b:
        panel = (await on_b.get(f"/api/v1/panels/{panel_id}")).json()
    assert panel["status"] == "failed"


async def _panel_end(client: httpx.AsyncClient, panel_id: str) -> list[Frame]:
    async with open_stream(client, "GET", f"/api/v1/panels/{panel_id}/stream") as stream:
        return await stream.rest()
