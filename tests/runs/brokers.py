"""Brokers for tests: the in-process one, and Redis brokers as separate workers would hold them
(on the machine's Redis, under a key prefix of the test's own; never flushed)."""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
import redis.asyncio as redis
from redis.exceptions import RedisError

from agentstream.runs.broker import Broker, InProcessBroker, Signal, SignalHandler
from agentstream.runs.redis_broker import RedisBroker

REDIS_URL = os.environ.get("AGENTSTREAM_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


async def redis_unreachable(url: str = REDIS_URL) -> str | None:
    """Why Redis cannot be used (None when it answers)."""
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        await client.ping()
    except (RedisError, OSError) as error:
        return f"Redis not reachable at {url}: {type(error).__name__}: {error}"
    finally:
        await client.aclose()
    return None


async def delete_prefix(prefix: str, url: str = REDIS_URL) -> None:
    """Delete the keys a test made (and only those)."""
    client = redis.Redis.from_url(url)
    try:
        keys = [key async for key in client.scan_iter(match=f"{prefix}:*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


class Signals:
    """The signals one broker delivered."""

    def __init__(self) -> None:
        self.received: list[tuple[Signal, uuid.UUID]] = []
        self.arrived = asyncio.Event()
        # Whom to hand them to (a worker's run manager).
        self.handlers: list[SignalHandler] = []

    def __call__(self, signal: Signal, run_id: uuid.UUID) -> None:
        self.received.append((signal, run_id))
        self.arrived.set()
        for handler in self.handlers:
            handler(signal, run_id)


@asynccontextmanager
async def broker_pair(
    backend: str, *, replay_events: int = 10_000, worker_ttl_s: float = 30.0, url: str = REDIS_URL
) -> AsyncIterator[tuple[Broker, Broker, Signals, Signals]]:
    """Two workers' brokers (the same one in-process) and the signals each received."""
    if backend == "in-process":
        broker = InProcessBroker()
        signals = Signals()
        await broker.start(signals)
        yield broker, broker, signals, signals
        await broker.close()
        return
    reason = await redis_unreachable(url)
    if reason:
        pytest.skip(reason)
    prefix = f"agentstream-test-{uuid.uuid4().hex[:12]}"
    pair = [
        RedisBroker(url, prefix=prefix, replay_events=replay_events, worker_ttl_s=worker_ttl_s)
        for _ in range(2)
    ]
    received = [Signals(), Signals()]
    for broker, signals in zip(pair, received, strict=True):
        await broker.start(signals)
    try:
        yield pair[0], pair[1], received[0], received[1]
    finally:
        for broker in pair:
            await broker.close()
        await delete_prefix(prefix, url)
