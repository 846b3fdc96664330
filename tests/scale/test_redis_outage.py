"""A Redis of the test's own, stopped and restarted while a turn streams: readiness says so,
the turn goes on for its client, nothing stored is lost, and everything recovers."""

import asyncio
import contextlib
import shutil
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import redis
from fastapi import FastAPI
from redis.exceptions import RedisError

from agentstream.app import create_app
from agentstream.runs.redis_broker import RedisBroker
from agentstream.settings import Settings
from tests.live import serve
from tests.scale.cluster import free_port
from tests.sse import answer_text, parse_frames

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is not installed"
)


class RedisServer:
    """redis-server on a spare loopback port, without persistence."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._directory = directory
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self._process = subprocess.Popen(
            [
                "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self._directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        try:
            for _ in range(100):
                with contextlib.suppress(RedisError):
                    if client.ping():
                        return
                time.sleep(0.1)
        finally:
            client.close()
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        assert self._process is not None
        self._process.terminate()
        self._process.wait(10)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    yield server
    if server._process is not None and server._process.poll() is None:
        server.stop()


@pytest.fixture
async def live(settings: Settings, redis_server: RedisServer) -> AsyncIterator[tuple[FastAPI, str]]:
    configured = settings.model_copy(
        update={
            "broker_url": redis_server.url,
            "llm_provider": "scripted",
            "scripted_tokens": 300,
            "scripted_token_delay_ms": 10.0,
        }
    )
    application = create_app(configured)
    async with serve(application) as url:
        yield application, url


async def _ready(client: httpx.AsyncClient, status: int) -> dict[str, str]:
    for _ in range(300):
        response = await client.get("/health/ready")
        if response.status_code == status:
            checks: dict[str, str] = response.json()["checks"]
            return checks
        await asyncio.sleep(0.1)
    raise AssertionError(f"/health/ready never answered {status}")


async def test_a_redis_outage_mid_run(live: tuple[FastAPI, str], redis_server: RedisServer) -> None:
    app, url = live
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        assert await _ready(client, 200) == {"database": "ok", "broker": "ok", "worker": "ok"}
        async with client.stream(
            "POST", "/api/chat/stream", json={"message": "Tell me about overtime"}
        ) as response:
            run_id = uuid.UUID(response.headers["x-run-id"])
            lines = []
            reading = response.aiter_lines()
            async for line in reading:
                lines.append(line)
                if sum('"type": "content"' in item for item in lines) == 20:
                    break
            redis_server.stop()
            assert await _ready(client, 503) == {
                "database": "ok",
                "broker": "unavailable",
                "worker": "ok",
            }
            lines += [line async for line in reading]
        frames = parse_frames("\n".join(lines) + "\n\n")
        assert [f.id for f in frames] == list(range(1, len(frames) + 1))
        assert frames[-1].data["metadata"]["status"] == "completed", "the turn went on"
        redis_server.start()
        assert await _ready(client, 200) == {"database": "ok", "broker": "ok", "worker": "ok"}
        conversation = frames[-1].data["metadata"]["conversation_id"]
        stored = (await client.get(f"/api/conversations/{conversation}")).json()["messages"]
        assert stored[1]["content"] == answer_text(frames), "nothing stored was lost"
        # Recovered: the events queued during the outage reach the new (empty) Redis, where
        # another worker reads them to the run's end; earlier ones went with the old Redis
        # (a resume from before them gets the stored facts from the database).
        other = RedisBroker(redis_server.url, prefix=app.state.settings.broker_prefix)
        try:
            first = None
            for _ in range(100):
                if (first := await other.first_seq(run_id)) is not None:
                    break
                await asyncio.sleep(0.1)
            assert first is not None and 20 < first <= len(frames)
            tail = [e async for batch in other.subscribe(run_id, first - 1) for e in batch]
            assert [e.seq for item in tail for e in item.events()] == list(
                range(first, len(frames) + 1)
            )
        finally:
            await other.close()
        again = await client.post("/api/chat/stream", json={"message": "How many technicians?"})
        assert parse_frames(again.text)[-1].data["metadata"]["status"] == "completed"
