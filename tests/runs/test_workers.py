"""Runs shared by two workers (two run managers on one database, each with its broker): leases,
the reaper, cancels from any worker, and the grace period of a run whose watchers left.

Each test runs with the in-process broker (both managers share it, as two tasks of one
process would) and with Redis brokers (as two processes would), on SQLite and PostgreSQL.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agentstream.db.base import utcnow
from agentstream.db.completion import run_to_completion
from agentstream.runs import manager as run_manager
from agentstream.runs.context import RunContext
from agentstream.runs.events import RunEvent
from agentstream.runs.manager import LEASE_EXPIRED_REASON, ORPHAN_CANCELLED_REASON, RunManager
from agentstream.runs.models import Run
from agentstream.runs.repository import RunRepository
from agentstream.tenancy.models import Tenant
from tests.runs.brokers import broker_pair
from tests.runs.conftest import KEEPING_KIND, TEST_KIND, WATCHED_KIND

Workers = tuple[RunManager, RunManager]


@pytest.fixture(params=["in-process", "redis"])
async def workers(
    request: pytest.FixtureRequest, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[Workers]:
    async with broker_pair(request.param) as (broker_a, broker_b, signals_a, signals_b):
        kinds = [TEST_KIND, WATCHED_KIND, KEEPING_KIND]
        a = RunManager(sessions, broker_a, kinds, lease_s=30, grace_s=0.3, worker="A")
        b = RunManager(sessions, broker_b, kinds, lease_s=30, grace_s=0.3, worker="B")
        # In-process, one broker (and one handler list) serves both.
        signals_a.handlers.append(a.on_signal)
        signals_b.handlers.append(b.on_signal)
        yield a, b
        await a.shutdown()
        await b.shutdown()


async def _run_of(
    manager: RunManager, sessions: async_sessionmaker[AsyncSession], tenant: Tenant, kind: str
) -> Run:
    async with sessions() as session, session.begin():
        return await RunRepository(session).create(
            tenant.id, kind, "subject", lease=manager.lease()
        )


async def _stored(sessions: async_sessionmaker[AsyncSession], run_id: uuid.UUID) -> Run:
    async with sessions() as session:
        run = await session.get(Run, run_id)
    assert run is not None
    return run


def _endless(progress: asyncio.Event, stopped: asyncio.Event):  # type: ignore[no-untyped-def]
    async def work(ctx: RunContext) -> None:
        try:
            await ctx.record({"n": 1}, "step")
            n = 1
            while True:
                n += 1
                await ctx.emit({"n": n}, "tick")
                progress.set()
                await asyncio.sleep(0.01)
        except asyncio.CancelledError:
            stopped.set()
            raise

    return work


async def test_a_run_on_one_worker_is_watched_and_cancelled_from_the_other(
    workers: Workers, sessions: async_sessionmaker[AsyncSession], tenant: Tenant
) -> None:
    a, b = workers
    run = await _run_of(a, sessions, tenant, "test")
    progress, stopped = asyncio.Event(), asyncio.Event()
    await a.start(run, _endless(progress, stopped))
    await progress.wait()
    seen: list[tuple[int, str | None]] = []
    watched = asyncio.Event()

    async def watch() -> None:
        async for event in b.stream(run.id):
            seen.append((event.seq, event.event))
            if len(seen) == 5:
                watched.set()

    watcher = asyncio.create_task(watch())
    await asyncio.wait_for(watched.wait(), 10)
    await b.request_cancel(run.id)
    await asyncio.wait_for(stopped.wait(), 10)
    await asyncio.wait_for(watcher, 10)
    assert [seq for seq, _ in seen] == list(range(1, len(seen) + 1)), "in order, no gap"
    assert seen[0] == (1, "step") and seen[-2:] == [(seen[-2][0], "error"), (seen[-1][0], "end")]
    stored = await _stored(sessions, run.id)
    assert stored.status == "cancelled" and stored.cancel_requested_at is not None


async def test_a_cancel_before_the_run_starts_is_not_lost(
    workers: Workers, sessions: async_sessionmaker[AsyncSession], tenant: Tenant
) -> None:
    a, b = workers
    run = await _run_of(a, sessions, tenant, "test")
    await b.request_cancel(run.id)  # stored, and signalled to A before A starts it
    await asyncio.sleep(0.2)
    progress, stopped = asyncio.Event(), asyncio.Event()
    await a.start(run, _endless(progress, stopped))
    await a.wait(run.id)
    assert (await _stored(sessions, run.id)).status == "cancelled"


async def test_the_owner_finds_a_stored_cancel_when_it_renews_its_lease(
    workers: Workers, sessions: async_sessionmaker[AsyncSession], tenant: Tenant
) -> None:
    a, _ = workers
    run = await _run_of(a, sessions, tenant, "test")
    progress, stopped = asyncio.Event(), asyncio.Event()
    await a.start(run, _endless(progress, stopped))
    await progress.wait()
    # A cancel whose signal was lost (the broker was down): only the intent is stored.
    async with sessions() as session, session.begin():
        await RunRepository(session).request_cancel(run.id, utcnow())
    await a.renew()
    await asyncio.wait_for(stopped.wait(), 10)
    await a.wait(run.id)
    assert (await _stored(sessions, run.id)).status == "cancelled"


async def test_the_reaper_ends_a_dead_workers_run_and_keeps_its_history(
    workers: Workers, sessions: async_sessionmaker[AsyncSession], tenant: Tenant
) -> None:
    a, b = workers
    run = await _left_by_a_dead_worker(a, sessions, tenant, "test")
    assert await b.reap() == 0, "its lease still runs: its owner may be alive"
    await _lapse(sessions, run.id)
    watcher = asyncio.create_task(_events(b, run.id))
    assert await b.reap() == 1
    assert await a.reap() == 0, "one worker ends it"
    events = await asyncio.wait_for(watcher, 10)
    assert events[-2:] == [
        ("error", {"message": LEASE_EXPIRED_REASON}),
        ("end", {"status": "failed"}),
    ]
    assert ("step", {"n": 1}) in events, "the history is kept"
    stored = await _stored(sessions, run.id)
    assert stored.status == "failed" and stored.error == LEASE_EXPIRED_REASON


async def _events(manager: RunManager, run_id: uuid.UUID) -> list[tuple[str | None, dict]]:  # type: ignore[type-arg]
    return [(e.event, e.data) async for e in manager.stream(run_id)]


async def test_start_up_leaves_runs_that_live_workers_hold(
    workers: Workers, sessions: async_sessionmaker[AsyncSession], tenant: Tenant
) -> None:
    a, b = workers
    run = await _run_of(a, sessions, tenant, "test")
    progress, stopped = asyncio.Event(), asyncio.Event()
    await a.start(run, _endless(progress, stopped))
    await progress.wait()
    assert await b.recover_interrupted(every_run=False) == 0
    assert not stopped.is_set()
    assert (await _stored(sessions, run.id)).status == "running"


async def test_an_unwatched_run_waits_for_a_watcher_on_any_worker_before_it_stops(
    workers: Workers, sessions: async_sessionmaker[AsyncSession], tenant: Tenant
) -> None:
    a, b = workers
    if a.broker is b.broker:
        pytest.skip("the in-process broker serves one worker: there is no other to resume on")
    run = await _run_of(a, sessions, tenant, "watched")
    progress, stopped = asyncio.Event(), asyncio.Event()
    await a.start(run, _endless(progress, stopped))
    stream = a.stream(run.id)
    await anext(stream)
    await stream.aclose()  # the client dropped its connection on A...
    resumed = b.stream(run.id, after_seq=1)  # ...and comes back on B within the grace period
    await anext(resumed)
    await asyncio.sleep(0.6)  # twice the grace period
    assert not stopped.is_set(), "a watcher on another worker keeps it going"
    await resumed.aclose()
    await asyncio.wait_for(stopped.wait(), 10)
    await a.wait(run.id)
    assert (await _stored(sessions, run.id)).status == "cancelled"


async def test_a_run_watched_only_from_a_worker_that_died_stops_after_the_grace_period(
    sessions: async_sessionmaker[AsyncSession], tenant: Tenant
) -> None:
    async with broker_pair("redis", worker_ttl_s=0.5) as (broker_a, broker_b, _, _):
        a = RunManager(sessions, broker_a, [WATCHED_KIND], lease_s=0.9, grace_s=0.2, worker="A")
        b = RunManager(sessions, broker_b, [WATCHED_KIND], lease_s=0.9, grace_s=0.2, worker="B")
        run = await _run_of(a, sessions, tenant, "watched")
        progress, stopped = asyncio.Event(), asyncio.Event()
        await a.start(run, _endless(progress, stopped))
        a.supervise()
        try:
            stream = a.stream(run.id)
            await anext(stream)
            resumed = b.stream(run.id, after_seq=1)
            await anext(resumed)
            await stream.aclose()  # the client left A and is back on B...
            await asyncio.sleep(1.0)
            assert not stopped.is_set(), "a watcher on a live worker keeps it going"
            # ...and B dies: its stream never says it left, its registration is not renewed.
            await broker_b.close()
            await asyncio.wait_for(stopped.wait(), 10)
            await a.wait(run.id)
            assert (await _stored(sessions, run.id)).status == "cancelled"
        finally:
            await a.shutdown()
            await b.shutdown()


async def test_the_grace_period_counts_from_the_last_watcher_that_left(
    workers: Workers, sessions: async_sessionmaker[AsyncSession], tenant: Tenant
) -> None:
    a, _ = workers
    run = await _run_of(a, sessions, tenant, "watched")
    progress, stopped = asyncio.Event(), asyncio.Event()
    await a.start(run, _endless(progress, stopped))
    first = a.stream(run.id)
    await anext(first)
    await first.aclose()  # a grace period of 0.3 s begins
    await asyncio.sleep(0.2)
    second = a.stream(run.id, after_seq=1)  # back in time...
    await anext(second)
    await asyncio.sleep(0.05)
    await second.aclose()  # ...and gone again: the grace period starts over
    await asyncio.sleep(0.15)  # past the first departure's grace period
    assert not stopped.is_set(), "counted from the last departure"
    await asyncio.wait_for(stopped.wait(), 10)
    await a.wait(run.id)
    assert (await _stored(sessions, run.id)).status == "cancelled"


async def _left_by_a_dead_worker(
    owner: RunManager, sessions: async_sessionmaker[AsyncSession], tenant: Tenant, kind: str
) -> Run:
    """A run `owner` took and recorded one fact of, then left (as a worker that died): its
    lease runs on, and nobody renews it."""
    run = await _run_of(owner, sessions, tenant, kind)
    context = RunContext(
        run.id, tenant.id, kind, "subject", owner.broker, sessions, seq_ceiling=run.seq_ceiling
    )
    await context.record({"n": 1}, "step")
    return run


async def _lapse(sessions: async_sessionmaker[AsyncSession], run_id: uuid.UUID) -> None:
    """Let the run's lease lapse, as an owner late renewing it leaves it."""
    async with sessions() as session, session.begin():
        await session.execute(
            update(Run)
            .where(Run.id == run_id)
            .values(lease_expires_at=utcnow() - timedelta(seconds=1))
        )


async def _stored_events(
    sessions: async_sessionmaker[AsyncSession], run_id: uuid.UUID, after: int = 0
) -> list[tuple[int, str | None]]:
    async with sessions() as session:
        events = await RunRepository(session).events_after(run_id, after)
    return [(e.seq, e.event) for e in events]


async def test_the_reaper_tells_what_it_kept_before_the_end_live_and_on_replay(
    workers: Workers, sessions: async_sessionmaker[AsyncSession], tenant: Tenant
) -> None:
    a, b = workers
    # A worker that died after a fact, leaving a turn saved while it streamed.
    run = await _left_by_a_dead_worker(a, sessions, tenant, "keeping")
    await _lapse(sessions, run.id)
    live = asyncio.create_task(_numbered(b, run.id))
    await asyncio.sleep(0.1)
    assert await b.reap() == 1
    seen = await asyncio.wait_for(live, 10)
    assert [event for _, event in seen] == ["step", "kept", "error", "end"]
    ids = [seq for seq, _ in seen]
    assert ids == sorted(set(ids)), "strictly increasing"
    assert ids[1:] == list(range(ids[1], ids[1] + 3)), "the end follows what it kept, no gap"
    assert await _stored_events(sessions, run.id) == seen, "replayed as it was seen live"
    resumed = [(e.seq, e.event) async for e in b.stream(run.id, after_seq=ids[0])]
    assert resumed == seen[1:], "resumed with Last-Event-ID"


async def _numbered(manager: RunManager, run_id: uuid.UUID) -> list[tuple[int, str | None]]:
    return [(e.seq, e.event) async for e in manager.stream(run_id)]


def _keeping(progress: asyncio.Event):  # type: ignore[no-untyped-def]
    """Work that streams ticks and, when it is stopped, stores how far it got (as a panel
    keeps its turns in progress)."""

    async def work(ctx: RunContext) -> None:
        n = 0
        try:
            await ctx.record({"n": n}, "step")
            while True:
                n += 1
                await ctx.emit({"n": n}, "tick")
                progress.set()
                await asyncio.sleep(0.01)
        except asyncio.CancelledError:
            await run_to_completion(ctx.record({"streamed": n}, "kept"))
            raise

    return work


async def test_a_cancel_while_a_live_owners_lease_lapsed_is_ended_by_the_owner(
    sessions: async_sessionmaker[AsyncSession], tenant: Tenant
) -> None:
    async with broker_pair("redis") as (broker_a, broker_b, signals_a, _):
        a = RunManager(sessions, broker_a, [KEEPING_KIND], lease_s=30, worker="A")
        b = RunManager(sessions, broker_b, [KEEPING_KIND], lease_s=30, worker="B")
        signals_a.handlers.append(a.on_signal)
        try:
            run = await _run_of(a, sessions, tenant, "keeping")
            progress = asyncio.Event()
            await a.start(run, _keeping(progress))
            watcher = asyncio.create_task(_stream_of(b, run.id))
            await progress.wait()
            await _lapse(sessions, run.id)  # the owner is alive, late renewing its lease
            await b.request_cancel(run.id)
            seen = await asyncio.wait_for(watcher, 10)
        finally:
            await a.shutdown()
            await b.shutdown()
    ticks = [e.data["n"] for e in seen if e.event == "tick"]
    assert [e.event for e in seen[-2:]] == ["error", "end"]
    kept = [e.data for e in seen if e.event == "kept"]
    assert kept[0] == {"streamed": ticks[-1]}, "the owner keeps everything it streamed"
    assert [e.seq for e in seen] == list(range(1, len(seen) + 1)), "numbered by the owner"
    assert (await _stored(sessions, run.id)).status == "cancelled"


async def _stream_of(manager: RunManager, run_id: uuid.UUID) -> list[RunEvent]:
    return [e async for e in manager.stream(run_id)]


async def test_an_owner_too_late_to_answer_a_cancel_stores_nothing_after_the_end(
    sessions: async_sessionmaker[AsyncSession],
    tenant: Tenant,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(run_manager, "OWNER_ANSWER_S", 0.3)
    async with broker_pair("redis") as (broker_a, broker_b, _, _):
        # A hears no signal: it is stalled, as a process stopped for a while is.
        a = RunManager(sessions, broker_a, [KEEPING_KIND], lease_s=30, worker="A")
        b = RunManager(sessions, broker_b, [KEEPING_KIND], lease_s=30, worker="B")
        try:
            run = await _run_of(a, sessions, tenant, "keeping")
            progress = asyncio.Event()
            await a.start(run, _keeping(progress))
            on_a = a.stream(run.id)
            await anext(on_a)
            await _lapse(sessions, run.id)
            await b.request_cancel(run.id)  # no answer in time: B ends it
            ended = await _stored_events(sessions, run.id)
            assert [event for _, event in ended][-2:] == ["error", "end"]
            stored = await _stored(sessions, run.id)
            assert stored.status == "cancelled" and stored.error == ORPHAN_CANCELLED_REASON
            await a.renew()  # A comes back, finds the run gone, and stops it
            await asyncio.wait_for(a.wait(run.id), 10)
            assert await _stored_events(sessions, run.id) == ended, "nothing after the end"
            assert (await _stored(sessions, run.id)).status == "cancelled"
            # Its watcher on A is not left waiting for an end that A will never publish.
            rest = [e async for batch in _batches(on_a) for e in batch]
            assert all(e.event == "tick" for e in rest)
            again = [(e.seq, e.event) async for e in a.stream(run.id)]
            assert again[-1] == ended[-1], "a resume on A gets the end B stored"
        finally:
            await a.shutdown()
            await b.shutdown()


async def _batches(stream: AsyncIterator[RunEvent]) -> AsyncIterator[list[RunEvent]]:
    async with asyncio.timeout(10):
        async for event in stream:
            yield [event]


async def test_a_cancel_of_a_run_no_task_holds_leaves_nothing_in_memory(
    workers: Workers, sessions: async_sessionmaker[AsyncSession], tenant: Tenant
) -> None:
    a, b = workers
    run = await _run_of(a, sessions, tenant, "test")  # its owner never started it
    await b.request_cancel(run.id)
    assert not await b.await_end(run.id, 0.2), "as a DELETE waits for the end"
    assert await b.broker.first_seq(run.id) is None, "no log left for it"
    assert await a.broker.first_seq(run.id) is None
