"""The Redis broker: run events and signals shared by every worker of a service.

Each run's events are appended to a Redis stream (`<prefix>:run:<id>`) whose entry ids are the
events' sequence numbers (a block of tokens is one entry, numbered by its last event), so a
subscriber on any worker reads exactly the events after the last it saw, in order, without
gaps or duplicates. The stream holds at least the latest `replay_events` events of a run; it
expires `retention_s` after the run's end. Older events are replayed from the database.

Publishing never waits: events are queued for one writer task that sends everything queued
in one pipeline (one round trip carries many frames), then one message on the `news` channel
naming the runs that changed. A worker with subscribers to a run owned elsewhere keeps one
shared mirror of its log and reads the stream from where the mirror stopped whenever the run
is in the news, so a lost message (Redis restarted) costs at most a re-read, never an event.

The worker that owns a run serves its own subscribers from memory, as the in-process broker
does: most streams are read where they were started.

Subscribers a run has on other workers are counted per worker, and a worker's counts count only
while it is alive: it renews a key of its own (`<prefix>:worker:<id>`) every third of
`worker_ttl_s`, so the watchers of a worker that died stop counting once that key expires.
"""

import asyncio
import contextlib
import math
import uuid
from collections.abc import AsyncIterator, Sequence
from typing import Any

import redis.asyncio as redis
from redis.exceptions import RedisError, ResponseError

from agentstream.logs import get_logger
from agentstream.runs.broker import (
    BrokerUnavailable,
    InProcessBroker,
    Signal,
    SignalHandler,
    _RunLog,
)
from agentstream.runs.events import EventBlock, Published, RunEvent

log = get_logger(__name__)

# A live run's stream outlives a silent hour; a dead owner's stream does not stay for ever.
LIVE_TTL_S = 3600
# How long shutting down waits for the writer to send what is queued.
CLOSE_FLUSH_S = 5.0
# How long start-up waits for the listener to follow the channels.
LISTEN_WAIT_S = 5.0
# Back-off between attempts while Redis is unreachable.
RETRY_S = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0)


def _flags(item: Published) -> bytes:
    if isinstance(item, EventBlock):
        return b"b"
    return (b"d" if item.durable else b"") + (b"t" if item.terminal else b"")


def _entry(item: Published) -> dict[Any, Any]:
    return {
        b"f": item.first_seq,
        b"k": _flags(item) or b"-",
        b"e": item.event or b"",
        b"w": item.wire(),
    }


def _item(run_id: uuid.UUID, entry_id: Any, fields: Any) -> Published:
    """The event or block an entry of a run's stream holds (the client answers bytes)."""
    seq = int(entry_id.split(b"-", 1)[0])
    flags, event = fields[b"k"], fields[b"e"].decode() or None
    if flags == b"b":
        return EventBlock(run_id, int(fields[b"f"]), seq, event, fields[b"w"])
    return RunEvent(run_id, seq, event, None, b"d" in flags, b"t" in flags, fields[b"w"])


def _between(items: list[Published], low: int, high: int) -> list[Published]:
    """The events of `items` numbered above `low` and up to `high`, blocks split where they
    straddle either."""
    kept: list[Published] = []
    for item in items:
        if item.first_seq > high:
            break
        parts = item.after(low) if item.seq <= high else item.events()
        kept += [part for part in parts if low < part.seq <= high]
    return kept


class _Mirror:
    """The log of a run owned by another worker, as far as this worker has read its stream,
    shared by this worker's subscribers to it."""

    __slots__ = ("after", "dirty", "log", "reading", "subscribers")

    def __init__(self, after: int) -> None:
        self.log = _RunLog()
        # The log holds the events after this number.
        self.after = after
        self.subscribers = 0
        self.reading = False
        self.dirty = False

    @property
    def last_seq(self) -> int:
        return self.log.last_seq or self.after


class RedisBroker(InProcessBroker):
    """Broker of a service with several workers (or hosts), over one Redis."""

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "agentstream",
        retention_s: float = 60.0,
        replay_events: int = 10_000,
        worker_ttl_s: float = 30.0,
    ) -> None:
        super().__init__(retention_s=retention_s)
        # This worker, as the watcher counts know it.
        self.worker_id = uuid.uuid4().hex
        self._worker_ttl_ms = max(1, round(worker_ttl_s * 1000))
        self._redis: redis.Redis = redis.Redis.from_url(url, socket_connect_timeout=2.0)
        self._prefix = prefix
        self._replay_events = replay_events
        self._owned: set[uuid.UUID] = set()
        self._mirrors: dict[uuid.UUID, _Mirror] = {}
        self._queue: list[Sequence[Published]] = []
        self._queued = asyncio.Event()
        self._listening = asyncio.Event()
        self._drained = asyncio.Event()
        self._drained.set()
        self._tasks: list[asyncio.Task[None]] = []
        self._news_channel = f"{prefix}:news".encode()
        self._control_channel = f"{prefix}:control".encode()

    def _stream(self, run_id: uuid.UUID) -> str:
        return f"{self._prefix}:run:{run_id}"

    def _watchers_key(self, run_id: uuid.UUID) -> str:
        return f"{self._prefix}:watchers:{run_id}"

    def _alive_key(self, worker_id: str) -> str:
        return f"{self._prefix}:worker:{worker_id}"

    async def start(self, on_signal: SignalHandler) -> None:
        if self._tasks:
            raise RuntimeError("the broker is already started")
        await super().start(on_signal)
        self._tasks = [
            asyncio.create_task(self._write(), name="redis-broker-writer"),
            asyncio.create_task(self._listen(), name="redis-broker-listener"),
            asyncio.create_task(self._stay_alive(), name="redis-broker-heartbeat"),
        ]
        # Serve no subscriber before news can reach it (unless Redis is down: then later).
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._listening.wait(), LISTEN_WAIT_S)

    spans_workers = True

    async def open(self, run_id: uuid.UUID) -> None:
        self._owned.add(run_id)
        await super().open(run_id)

    def abandon(self, run_id: uuid.UUID) -> None:
        self._owned.discard(run_id)
        super().abandon(run_id)

    # -- publishing ---------------------------------------------------------------------------

    def publish(self, events: Sequence[Published]) -> None:
        run_id = events[0].run_id
        if run_id in self._owned:
            super().publish(events)
            if events[-1].terminal:
                self._owned.discard(run_id)
        self._queue.append(events)
        self._queued.set()
        self._drained.clear()

    async def _write(self) -> None:
        """Send what is queued, in order, as one pipeline per round trip; retry while Redis is
        down (the events wait in the queue, the run goes on)."""
        failures = 0
        while True:
            await self._queued.wait()
            self._queued.clear()
            batches, self._queue = self._queue, []
            while batches:
                try:
                    await self._send(batches)
                    batches = []
                    if failures:
                        log.info("broker_reconnected", after_failures=failures)
                    failures = 0
                except RedisError as error:
                    if not failures:
                        log.error("broker_unavailable", error=str(error))
                    await asyncio.sleep(RETRY_S[min(failures, len(RETRY_S) - 1)])
                    failures += 1
                    # Keep the order: what was queued meanwhile goes after the failed batches.
                    batches, self._queue = batches + self._queue, []
            if not self._queue:
                self._drained.set()

    async def _send(self, batches: list[Sequence[Published]]) -> None:
        pipe = self._redis.pipeline(transaction=False)
        changed: dict[uuid.UUID, bool] = {}
        for events in batches:
            run_id = events[0].run_id
            stream = self._stream(run_id)
            for item in events:
                oldest = item.seq - self._replay_events
                pipe.xadd(
                    stream,
                    _entry(item),
                    id=f"{item.seq}-0",
                    minid=f"{oldest}-0" if oldest > 0 else None,
                    approximate=True,
                )
            changed[run_id] = changed.get(run_id, False) or events[-1].terminal
        for run_id, ended in changed.items():
            ttl = max(1, math.ceil(self._retention_s)) if ended else LIVE_TTL_S
            pipe.expire(self._stream(run_id), ttl)
        pipe.publish(self._news_channel, b" ".join(str(r).encode() for r in changed))
        results = await pipe.execute(raise_on_error=False)
        for result in results:
            if isinstance(result, ResponseError):
                # An entry that is already there (a retry after a lost reply): nothing lost.
                log.debug("broker_write_skipped", error=str(result))
            elif isinstance(result, Exception):
                raise result

    # -- reading ------------------------------------------------------------------------------

    async def _range(
        self, run_id: uuid.UUID, after_seq: int, count: int | None = None
    ) -> list[Published]:
        """Entries of a run's stream holding events after `after_seq` (a block may begin
        before it)."""
        try:
            entries = await self._redis.xrange(
                self._stream(run_id), min=f"{after_seq + 1}-0", max="+", count=count
            )
        except RedisError as error:
            raise BrokerUnavailable(f"Redis is unreachable: {error}") from error
        return [_item(run_id, entry_id, fields) for entry_id, fields in entries or ()]

    async def first_seq(self, run_id: uuid.UUID) -> int | None:
        if run_id in self._owned or run_id in self._logs:
            return await super().first_seq(run_id)
        first = await self._range(run_id, 0, count=1)
        return first[0].first_seq if first else None

    async def subscribe(
        self, run_id: uuid.UUID, after_seq: int, *, idle_s: float | None = None
    ) -> AsyncIterator[list[Published]]:
        if run_id in self._logs:
            async for batch in super().subscribe(run_id, after_seq, idle_s=idle_s):
                yield batch
            return
        mirror = self._mirrors.get(run_id)
        if mirror is None:
            mirror = self._mirrors[run_id] = _Mirror(after_seq)
            self._refresh(run_id, mirror)
        mirror.subscribers += 1
        try:
            if after_seq < mirror.after:
                # Mirrored from a later point than this subscriber needs: read the start here.
                head = _between(await self._range(run_id, after_seq), after_seq, mirror.after)
                if head:
                    yield head
                    if head[-1].terminal:
                        return
                after_seq = mirror.after
            async for batch in self._read(mirror.log, after_seq, idle_s):
                if not batch:
                    # Idle: read the stream anyway, in case news was lost on the way.
                    self._refresh(run_id, mirror)
                yield batch
        finally:
            mirror.subscribers -= 1
            if mirror.subscribers == 0 and self._mirrors.get(run_id) is mirror:
                del self._mirrors[run_id]

    def _refresh(self, run_id: uuid.UUID, mirror: _Mirror) -> None:
        """Read the run's stream from where its mirror stopped (once more if news comes
        while reading)."""
        if mirror.reading:
            mirror.dirty = True
            return
        mirror.reading = True
        task = asyncio.create_task(self._read_into(run_id, mirror), name=f"mirror-{run_id}")
        task.add_done_callback(self._background_done)

    async def _read_into(self, run_id: uuid.UUID, mirror: _Mirror) -> None:
        failures = 0
        try:
            while not mirror.log.finished and self._mirrors.get(run_id) is mirror:
                mirror.dirty = False
                last = mirror.last_seq
                try:
                    # From the last event read, included: it may be the run's end.
                    items = await self._range(run_id, last - 1)
                except BrokerUnavailable:
                    await asyncio.sleep(RETRY_S[min(failures, len(RETRY_S) - 1)])
                    failures += 1
                    mirror.dirty = True
                    continue
                fresh = [part for item in items for part in item.after(last)]
                if fresh:
                    mirror.log.extend(fresh)
                elif items and items[-1].seq == last and items[-1].terminal:
                    mirror.log.end()
                if not mirror.dirty:
                    return
        finally:
            mirror.reading = False

    def _background_done(self, task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("broker_task_failed", error=repr(task.exception()))

    async def _listen(self) -> None:
        """Follow the news and control channels; after a reconnection, re-read every mirror
        (news may have been missed meanwhile)."""
        failures = 0
        while True:
            pubsub = self._redis.pubsub()
            try:
                await pubsub.subscribe(self._news_channel, self._control_channel)
                # Confirmed once the server answers: nothing published after is missed.
                while await pubsub.get_message(timeout=None) is None:
                    pass
                self._listening.set()
                if failures:
                    log.info("broker_listener_reconnected", after_failures=failures)
                    for run_id, mirror in list(self._mirrors.items()):
                        self._refresh(run_id, mirror)
                failures = 0
                while True:
                    message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=None)
                    if message is not None and message["type"] == "message":
                        self._dispatch(message["channel"], message["data"])
            except RedisError as error:
                if not failures:
                    log.error("broker_listener_unavailable", error=str(error))
                await asyncio.sleep(RETRY_S[min(failures, len(RETRY_S) - 1)])
                failures += 1
            finally:
                with contextlib.suppress(RedisError, OSError):
                    await pubsub.aclose()

    def _dispatch(self, channel: Any, data: Any) -> None:
        if channel == self._news_channel:
            for name in data.split():
                run_id = uuid.UUID(name.decode())
                mirror = self._mirrors.get(run_id)
                if mirror is not None:
                    self._refresh(run_id, mirror)
        elif channel == self._control_channel and self._on_signal is not None:
            kind, _, run = data.decode().partition(" ")
            self._on_signal(Signal(kind), uuid.UUID(run))

    # -- signals and health -------------------------------------------------------------------

    async def signal(self, signal: Signal, run_id: uuid.UUID) -> None:
        try:
            await self._redis.publish(self._control_channel, f"{signal.value} {run_id}")
        except RedisError as error:
            raise BrokerUnavailable(f"Redis is unreachable: {error}") from error

    async def _stay_alive(self) -> None:
        """Renew this worker's key, which makes its watcher counts count, while it lives."""
        failures = 0
        # Until the broker closes, not only until cancelled: a cancel that lands inside
        # redis-py's command can be absorbed there, and close() would wait for this loop forever.
        while not self._closed:
            try:
                await self._redis.set(self._alive_key(self.worker_id), b"1", px=self._worker_ttl_ms)
                failures = 0
            except RedisError as error:
                if not failures:
                    log.warning("broker_heartbeat_failed", error=str(error))
                failures += 1
            await asyncio.sleep(self._worker_ttl_ms / 3000)

    async def count_remote_watcher(self, run_id: uuid.UUID, change: int) -> int:
        """Add `change` to this worker's count of the run's watchers; returns the watchers
        counted by workers that are alive."""
        key = self._watchers_key(run_id)
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                if change:
                    pipe.hincrby(key, self.worker_id, change)
                    pipe.expire(key, LIVE_TTL_S)
                pipe.hgetall(key)
                counts = (await pipe.execute())[-1]
            watching = {worker: int(n) for worker, n in counts.items() if int(n) > 0}
            if not watching:
                return 0
            alive = await self._redis.mget([self._alive_key(w.decode()) for w in watching])
        except RedisError as error:
            raise BrokerUnavailable(f"Redis is unreachable: {error}") from error
        return sum(n for n, up in zip(watching.values(), alive, strict=True) if up is not None)

    async def ping(self) -> None:
        try:
            await asyncio.wait_for(self._redis.ping(), timeout=2.0)
        except (RedisError, TimeoutError) as error:
            raise BrokerUnavailable(f"Redis does not answer: {error}") from error

    async def close(self) -> None:
        await super().close()
        for mirror in self._mirrors.values():
            mirror.log.wake()
        # Let the writer send what runs published while they were shut down.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._drained.wait(), CLOSE_FLUSH_S)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._redis.aclose()
