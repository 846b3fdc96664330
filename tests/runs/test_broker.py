"""The in-process broker: replay after a sequence number, live fan-out, end of stream."""

import asyncio
import gc
import json
import uuid

import pytest

from agentstream.runs.broker import InProcessBroker
from agentstream.runs.events import EventBlock, Published, RunEvent, encode_payload, sse_frames


def _event(run_id: uuid.UUID, seq: int, terminal: bool = False) -> RunEvent:
    return RunEvent(run_id, seq, None, {"n": seq}, terminal=terminal)


async def _batches(broker: InProcessBroker, run_id: uuid.UUID, after: int) -> list[Published]:
    return [event async for batch in broker.subscribe(run_id, after) for event in batch]


async def _collect(broker: InProcessBroker, run_id: uuid.UUID, after: int) -> list[int]:
    return [event.seq for event in await _batches(broker, run_id, after)]


async def test_subscriber_gets_events_after_its_last_seen_seq() -> None:
    broker, run_id = InProcessBroker(), uuid.uuid4()
    await broker.open(run_id)
    for seq in range(1, 6):
        broker.publish([_event(run_id, seq, terminal=seq == 5)])
    assert await _collect(broker, run_id, 2) == [3, 4, 5]


async def test_live_events_reach_every_subscriber_in_order() -> None:
    broker, run_id = InProcessBroker(), uuid.uuid4()
    await broker.open(run_id)
    subscribers = [asyncio.create_task(_collect(broker, run_id, 0)) for _ in range(20)]
    await asyncio.sleep(0)
    for seq in range(1, 51):
        broker.publish([_event(run_id, seq, terminal=seq == 50)])
        if seq % 7 == 0:
            await asyncio.sleep(0)
    results = await asyncio.gather(*subscribers)
    assert all(result == list(range(1, 51)) for result in results)


async def test_a_subscriber_that_leaves_does_not_disturb_the_others() -> None:
    broker, run_id = InProcessBroker(), uuid.uuid4()
    await broker.open(run_id)
    staying = asyncio.create_task(_collect(broker, run_id, 0))
    leaving = asyncio.create_task(_collect(broker, run_id, 0))
    await asyncio.sleep(0)  # both wait for the first event
    leaving.cancel()
    await asyncio.sleep(0)
    for seq in (1, 2, 3):
        broker.publish([_event(run_id, seq, terminal=seq == 3)])
    assert await asyncio.wait_for(staying, 1) == [1, 2, 3]
    assert leaving.cancelled()


async def test_subscriber_may_arrive_before_the_run_opens() -> None:
    broker, run_id = InProcessBroker(), uuid.uuid4()
    assert await broker.first_seq(run_id) is None
    subscriber = asyncio.create_task(_collect(broker, run_id, 0))
    await asyncio.sleep(0)
    await broker.open(run_id)
    for seq in (1, 2):
        broker.publish([_event(run_id, seq, terminal=seq == 2)])
    assert await asyncio.wait_for(subscriber, 1) == [1, 2]


async def test_an_idle_subscriber_gets_empty_batches_and_then_the_events() -> None:
    broker, run_id = InProcessBroker(), uuid.uuid4()
    await broker.open(run_id)
    batches: list[list[int]] = []

    async def watch() -> None:
        async for batch in broker.subscribe(run_id, 0, idle_s=0.01):
            batches.append([event.seq for event in batch])

    watcher = asyncio.create_task(watch())
    other = asyncio.create_task(_collect(broker, run_id, 0))  # waits without a heartbeat
    await asyncio.sleep(0.1)
    broker.publish([_event(run_id, 1)])
    await asyncio.sleep(0.1)
    broker.publish([_event(run_id, 2, terminal=True)])
    await asyncio.wait_for(watcher, 1)
    # The heartbeats' timeouts left the wait shared with the other subscriber intact.
    assert await asyncio.wait_for(other, 1) == [1, 2]
    assert [seq for batch in batches for seq in batch] == [1, 2]
    first, second = batches.index([1]), batches.index([2])
    assert first >= 3 and second - first >= 3, "several heartbeats while idle"
    assert all(batch == [] for batch in batches[:first] + batches[first + 1 : second])


async def test_close_wakes_waiting_subscribers() -> None:
    broker, run_id = InProcessBroker(), uuid.uuid4()
    await broker.open(run_id)
    waiting = asyncio.create_task(_collect(broker, run_id, 0))
    await asyncio.sleep(0)
    await broker.close()
    assert await asyncio.wait_for(waiting, 1) == []


async def test_wire_form_names_events_and_numbers_them() -> None:
    run_id = uuid.uuid4()
    named = RunEvent(run_id, 7, "panel_started", {"a": 1})
    unnamed = RunEvent(run_id, 8, None, {"token": "x", "type": "content"})
    assert named.wire() == b'id: 7\nevent: panel_started\ndata: {"a": 1}\n\n'
    assert unnamed.wire() == b'id: 8\ndata: {"token": "x", "type": "content"}\n\n'


async def test_subscriber_arriving_before_the_first_event_skips_what_it_saw() -> None:
    broker, run_id = InProcessBroker(), uuid.uuid4()
    await broker.open(run_id)
    subscriber = asyncio.create_task(_collect(broker, run_id, 2))
    await asyncio.sleep(0)
    for seq in range(1, 5):
        broker.publish([_event(run_id, seq, terminal=seq == 4)])
    assert await subscriber == [3, 4]


async def test_a_finished_run_replays_the_same_events_to_late_subscribers() -> None:
    broker, run_id = InProcessBroker(), uuid.uuid4()
    await broker.open(run_id)
    published = [
        RunEvent(run_id, 1, None, {"token": "a\nb", "type": "content"}),
        RunEvent(run_id, 2, "tool", {"rows": [[1, "x"]], "sql": "data: x"}, durable=True),
        RunEvent(run_id, 3, None, {"done": True, "metadata": {"n": None}}, terminal=True),
    ]
    live = asyncio.create_task(_batches(broker, run_id, 0))
    await asyncio.sleep(0)
    for event in published:
        broker.publish([event])
    assert await live == published
    assert await _batches(broker, run_id, 0) == published
    assert await _batches(broker, run_id, 1) == published[1:]
    assert [e.wire() for e in await _batches(broker, run_id, 0)] == [e.wire() for e in published]
    assert await broker.first_seq(run_id) == 1


def _block(run_id: uuid.UUID, first: int, data: list[dict[str, object]], event: str | None):
    wire = sse_frames(first, event, [encode_payload(item) for item in data])
    return EventBlock(run_id, first, first + len(data) - 1, event, wire)


BLOCK_DATA: list[dict[str, object]] = [
    {"token": "a\n\nb", "type": "content"},  # a blank line in the data is escaped in the JSON
    {"token": "data: id: 9", "type": "content"},
    {"token": "🚀 \ud800", "type": "content"},
    {"delta": "x", "round": 2},
]


@pytest.mark.parametrize("name", [None, "expert_token"])
async def test_a_block_is_the_events_it_holds(name: str | None) -> None:
    run_id = uuid.uuid4()
    block = _block(run_id, 5, BLOCK_DATA, name)
    events = [RunEvent(run_id, 5 + n, name, data) for n, data in enumerate(BLOCK_DATA)]
    assert block.events() == events
    assert [e.wire() for e in block.events()] == [e.wire() for e in events]
    assert block.wire() == b"".join(e.wire() for e in events)
    assert (block.first_seq, block.seq, block.durable, block.terminal) == (5, 8, False, False)
    assert block.after(4) == [block] and block.after(8) == []
    assert block.after(6) == events[2:]


async def test_a_client_resuming_inside_a_block_gets_the_rest_of_it_live_or_sealed() -> None:
    broker, run_id = InProcessBroker(), uuid.uuid4()
    await broker.open(run_id)
    broker.publish([_block(run_id, 1, BLOCK_DATA, None)])
    assert await broker.first_seq(run_id) == 1
    assert await anext(broker.subscribe(run_id, 2)) == _block(run_id, 1, BLOCK_DATA, None).after(2)
    broker.publish([_event(run_id, 5), _block(run_id, 6, BLOCK_DATA, None)])
    broker.publish([_event(run_id, 10, terminal=True)])
    everything = [e for item in await _batches(broker, run_id, 0) for e in item.events()]
    assert [e.seq for e in everything] == list(range(1, 11))
    for after in range(11):
        resumed = [e for item in await _batches(broker, run_id, after) for e in item.events()]
        assert resumed == everything[after:], after


async def test_a_finished_run_is_not_kept_as_objects_the_garbage_collector_scans() -> None:
    broker, run_id = InProcessBroker(), uuid.uuid4()
    await broker.open(run_id)
    for seq in range(1, 101):
        broker.publish([_event(run_id, seq, terminal=seq == 100)])
    gc.collect()
    held = [o for o in gc.get_objects() if isinstance(o, RunEvent) and o.run_id == run_id]
    assert held == []
    assert len(await _batches(broker, run_id, 0)) == 100


@pytest.mark.parametrize(
    "data",
    [
        {"token": " token5", "type": "content"},
        {"token": 'quote " backslash \\ slash / tab \t newline \n nul \x00 bell \x07', "type": "x"},
        {"token": "é 中文 🚀 \u2028 \u2029 \ud800", "type": "content"},
        {'clé "': "", "": "empty key"},
        {},
        {"token": "x", "n": 1},
        {"done": True, "metadata": {"usage": {"input_tokens": 3}, "sources": ["a"]}},
        {"token": None, "list": ["a", 1.5, None]},
    ],
)
def test_payload_encoding_is_exactly_the_json_encoders(data: dict[str, object]) -> None:
    expected = json.dumps(data, ensure_ascii=False, separators=(", ", ": "))
    assert encode_payload(data) == expected
    assert json.loads(encode_payload(data)) == data
