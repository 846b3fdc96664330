"""The broker contract, held by the in-process broker and by Redis brokers of two workers: a
run published on one is read on the other, in order, without gaps or duplicates, live and
after any sequence number; signals reach every worker."""

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

from agentstream.runs.broker import Broker, Signal
from agentstream.runs.events import EventBlock, Published, RunEvent, encode_payload, sse_frames
from tests.runs.brokers import Signals, broker_pair

Pair = tuple[Broker, Broker, Signals, Signals]


@pytest.fixture(params=["in-process", "redis"])
async def pair(request: pytest.FixtureRequest) -> AsyncIterator[Pair]:
    async with broker_pair(request.param) as brokers:
        yield brokers


def _event(run_id: uuid.UUID, seq: int, terminal: bool = False, durable: bool = False) -> RunEvent:
    return RunEvent(run_id, seq, "tick", {"n": seq}, durable=durable, terminal=terminal)


def _block(run_id: uuid.UUID, first: int, count: int) -> EventBlock:
    payloads = [encode_payload({"token": f"t{seq}", "type": "content"}) for seq in range(count)]
    return EventBlock(run_id, first, first + count - 1, None, sse_frames(first, None, payloads))


async def _events(broker: Broker, run_id: uuid.UUID, after: int) -> list[RunEvent]:
    return [
        event
        async for batch in broker.subscribe(run_id, after)
        for item in batch
        for event in item.events()
    ]


def _published(items: list[Published]) -> list[RunEvent]:
    return [event for item in items for event in item.events()]


async def test_a_run_published_on_one_worker_is_read_live_on_another(pair: Pair) -> None:
    owner, watcher, _, _ = pair
    run_id = uuid.uuid4()
    await owner.open(run_id)
    readers = [asyncio.create_task(_events(watcher, run_id, 0)) for _ in range(5)]
    await asyncio.sleep(0.05)
    items: list[Published] = []
    seq = 1
    for round_number in range(30):
        item: Published = _block(run_id, seq, 7) if round_number % 2 else _event(run_id, seq)
        items.append(item)
        owner.publish([item])
        seq = item.seq + 1
        if round_number % 5 == 0:
            await asyncio.sleep(0.005)
    items.append(_event(run_id, seq, terminal=True, durable=True))
    owner.publish(items[-1:])
    expected = _published(items)
    for reader in readers:
        got = await asyncio.wait_for(reader, 10)
        assert [e.seq for e in got] == list(range(1, seq + 1))
        assert [e.wire() for e in got] == [e.wire() for e in expected]
    assert got[-1].terminal and got[-1].durable and not got[0].durable


async def test_a_subscriber_resumes_after_any_number_including_inside_blocks(pair: Pair) -> None:
    owner, watcher, _, _ = pair
    run_id = uuid.uuid4()
    await owner.open(run_id)
    items: list[Published] = [_block(run_id, 1, 4), _event(run_id, 5, durable=True)]
    items += [_block(run_id, 6, 3), _event(run_id, 9, terminal=True)]
    owner.publish(items[:2])
    owner.publish(items[2:])
    expected = _published(items)
    for after in range(10):
        resumed = await asyncio.wait_for(_events(watcher, run_id, after), 10)
        assert [e.wire() for e in resumed] == [e.wire() for e in expected[after:]], after
    assert await watcher.first_seq(run_id) == 1


async def test_late_subscribers_join_a_live_run_from_where_they_say(pair: Pair) -> None:
    owner, watcher, _, _ = pair
    run_id = uuid.uuid4()
    await owner.open(run_id)
    for seq in range(1, 11):
        owner.publish([_event(run_id, seq)])
    early = asyncio.create_task(_events(watcher, run_id, 8))
    await asyncio.sleep(0.05)
    # A second subscriber on the same worker needs more of the past than the first did.
    late = asyncio.create_task(_events(watcher, run_id, 2))
    await asyncio.sleep(0.05)
    for seq in range(11, 16):
        owner.publish([_event(run_id, seq, terminal=seq == 15)])
    assert [e.seq for e in await asyncio.wait_for(early, 10)] == list(range(9, 16))
    assert [e.seq for e in await asyncio.wait_for(late, 10)] == list(range(3, 16))


async def test_a_subscriber_busy_with_a_batch_when_the_run_ends_gets_the_rest(pair: Pair) -> None:
    owner, watcher, _, _ = pair
    run_id = uuid.uuid4()
    await owner.open(run_id)
    owner.publish([_event(run_id, 1)])
    busy = watcher.subscribe(run_id, 0)
    first = await asyncio.wait_for(anext(busy), 10)
    # While the subscriber holds its first batch (a slow client), the run goes on to its end,
    # as a prompt subscriber on the same worker sees.
    owner.publish([_block(run_id, 2, 3)])
    owner.publish([_event(run_id, 5, terminal=True)])
    assert [e.seq for e in await asyncio.wait_for(_events(watcher, run_id, 0), 10)] == [
        1,
        2,
        3,
        4,
        5,
    ]
    rest = [event async for batch in busy for item in batch for event in item.events()]
    assert [e.seq for e in _published(first) + rest] == [1, 2, 3, 4, 5]


async def test_a_subscriber_may_arrive_before_the_run_starts(pair: Pair) -> None:
    owner, watcher, _, _ = pair
    run_id = uuid.uuid4()
    assert await watcher.first_seq(run_id) is None
    waiting = asyncio.create_task(_events(watcher, run_id, 0))
    await asyncio.sleep(0.05)
    await owner.open(run_id)
    owner.publish([_event(run_id, 1), _event(run_id, 2, terminal=True)])
    assert [e.seq for e in await asyncio.wait_for(waiting, 10)] == [1, 2]


async def test_an_idle_subscriber_gets_heartbeats(pair: Pair) -> None:
    owner, watcher, _, _ = pair
    run_id = uuid.uuid4()
    await owner.open(run_id)
    batches: list[list[int]] = []

    async def watch() -> None:
        async for batch in watcher.subscribe(run_id, 0, idle_s=0.02):
            batches.append([e.seq for e in batch])

    task = asyncio.create_task(watch())
    await asyncio.sleep(0.2)
    owner.publish([_event(run_id, 1, terminal=True)])
    await asyncio.wait_for(task, 10)
    assert batches[-1] == [1] and len(batches) >= 3 and all(b == [] for b in batches[:-1])


async def test_signals_reach_every_worker(pair: Pair) -> None:
    _, watcher, owner_signals, _ = pair
    run_id = uuid.uuid4()
    await asyncio.sleep(0.05)  # the listeners are subscribed
    await watcher.signal(Signal.CANCEL, run_id)
    await asyncio.wait_for(owner_signals.arrived.wait(), 10)
    assert owner_signals.received == [(Signal.CANCEL, run_id)]


async def test_watchers_on_other_workers_are_counted(pair: Pair) -> None:
    owner, watcher, _, _ = pair
    run_id = uuid.uuid4()
    counted = [await watcher.count_remote_watcher(run_id, change) for change in (1, 1, -1, 0)]
    in_process = owner is watcher
    assert counted == ([0, 0, 0, 0] if in_process else [1, 2, 1, 1])
    await owner.ping()


async def test_watchers_of_a_worker_that_died_stop_counting() -> None:
    async with broker_pair("redis", worker_ttl_s=0.5) as (owner, watcher, _, _):
        run_id = uuid.uuid4()
        assert await watcher.count_remote_watcher(run_id, 1) == 1
        await asyncio.sleep(1.0)
        assert await owner.count_remote_watcher(run_id, 0) == 1, "kept alive while it lives"
        # The watcher's worker dies: it never takes its watcher back, nor renews its key.
        await watcher.close()
        deadline = asyncio.get_running_loop().time() + 10
        while await owner.count_remote_watcher(run_id, 0):
            assert asyncio.get_running_loop().time() < deadline, "the dead worker still counts"
            await asyncio.sleep(0.1)


async def test_redis_holds_the_latest_events_of_a_run_up_to_its_cap() -> None:
    async with broker_pair("redis", replay_events=100) as (owner, watcher, _, _):
        run_id = uuid.uuid4()
        await owner.open(run_id)
        for seq in range(1, 1001):
            owner.publish([_event(run_id, seq, terminal=seq == 1000)])
        deadline = asyncio.get_running_loop().time() + 10
        while (first := await watcher.first_seq(run_id)) in (None, 1):
            assert asyncio.get_running_loop().time() < deadline, "the cap never applied"
            await asyncio.sleep(0.05)
        assert first is not None and 1 < first <= 901, "at least the latest 100 are held"
        tail = await asyncio.wait_for(_events(watcher, run_id, 900), 10)
        assert [e.seq for e in tail] == list(range(901, 1001))
