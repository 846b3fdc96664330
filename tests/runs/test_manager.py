"""The run manager: facts stored before publication, replay, cancellation, recovery."""

import asyncio

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agentstream.db.rows import execute_and_commit
from agentstream.runs.broker import InProcessBroker
from agentstream.runs.context import RunContext
from agentstream.runs.manager import RunManager
from agentstream.runs.models import SEQ_BLOCK, Run, RunStatus
from agentstream.runs.repository import RunRepository, event_writes
from tests.runs.conftest import ABORTED_SUBJECTS, TEST_KIND


async def _status(sessions: async_sessionmaker[AsyncSession], run: Run) -> Run:
    async with sessions() as session:
        stored = await RunRepository(session).get_for_tenant(run.tenant_id, run.id)
    assert stored is not None
    return stored


async def test_completed_run_replays_its_facts_from_the_database(
    manager, new_run, sessions
) -> None:
    run = await new_run()

    async def work(ctx: RunContext) -> None:
        await ctx.emit({"token": "live"})
        await ctx.record({"fact": 1}, "step")
        await ctx.record({"fact": 2}, "end", status=RunStatus.COMPLETED)

    await manager.start(run, work)
    live = [(e.seq, e.event) async for e in manager.stream(run.id)]
    assert live == [(1, None), (2, "step"), (3, "end")]
    # A new process (empty broker) replays the durable events only.
    fresh = RunManager(sessions, InProcessBroker(), [TEST_KIND])
    replay = [(e.seq, e.data) async for e in fresh.stream(run.id)]
    assert replay == [(2, {"fact": 1}), (3, {"fact": 2})]
    assert (await _status(sessions, run)).status == "completed"


async def test_reconnect_after_last_event_id_gets_only_missed_events(manager, new_run) -> None:
    run = await new_run()
    release = asyncio.Event()

    async def work(ctx: RunContext) -> None:
        for n in range(1, 5):
            await ctx.record({"n": n}, "step")
        await release.wait()
        await ctx.record({"n": 5}, "end", status=RunStatus.COMPLETED)

    await manager.start(run, work)
    stream = manager.stream(run.id, after_seq=2)
    first = [await anext(stream), await anext(stream)]
    release.set()
    rest = [event async for event in stream]
    assert [e.seq for e in first + rest] == [3, 4, 5]


async def test_cancel_stops_work_and_records_abort_frames(manager, new_run, sessions) -> None:
    run = await new_run()
    started = asyncio.Event()

    async def work(ctx: RunContext) -> None:
        await ctx.record({"n": 1}, "step")
        started.set()
        await asyncio.Event().wait()

    await manager.start(run, work)
    await started.wait()
    assert await manager.cancel(run.id)
    events = [(e.event, e.data) async for e in manager.stream(run.id)]
    assert events[-1] == ("end", {"status": "cancelled"})
    assert (run.subject_id, "cancelled") in ABORTED_SUBJECTS, "the subject is told too"
    stored = await _status(sessions, run)
    assert stored.status == "cancelled" and stored.finished_at is not None


async def test_failing_work_is_recorded_as_failed_without_internal_detail(
    manager, new_run, sessions
) -> None:
    run = await new_run()

    async def work(ctx: RunContext) -> None:
        raise RuntimeError("secret connection string postgres://u:p@h")

    await manager.start(run, work)
    events = [e.data async for e in manager.stream(run.id)]
    assert "secret" not in str(events)
    assert (await _status(sessions, run)).status == "failed"


async def test_an_end_that_cannot_be_stored_still_ends_the_stream(
    manager, new_run, sessions
) -> None:
    run = await new_run("unrecordable")

    async def work(ctx: RunContext) -> None:
        await ctx.record({"n": 1}, "step")
        raise RuntimeError("boom")

    await manager.start(run, work)

    async def watch() -> list[tuple[int, str | None, bool]]:
        return [(e.seq, e.event, e.durable) async for e in manager.stream(run.id)]

    # Bounded: the failure this guards against is a stream that never ends.
    events = await asyncio.wait_for(watch(), 5)
    assert events == [(1, "step", True), (2, "error", False), (3, "end", False)]
    # Nothing claims it finished: recovery closes it after a restart.
    assert (await _status(sessions, run)).status == "running"


async def test_last_watcher_leaving_cancels_a_watched_run(manager, new_run, sessions) -> None:
    run = await new_run("watched")
    progressed = asyncio.Event()
    cancelled = asyncio.Event()

    async def work(ctx: RunContext) -> None:
        try:
            await ctx.emit({"n": 1})
            progressed.set()
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    await manager.start(run, work)
    stream = manager.stream(run.id)
    await anext(stream)
    await progressed.wait()
    await stream.aclose()
    await asyncio.wait_for(cancelled.wait(), 5)
    await manager.wait(run.id)
    assert (await _status(sessions, run)).status == "cancelled"


async def test_failed_fact_write_is_never_published(manager, new_run) -> None:
    run = await new_run()

    async def work(ctx: RunContext) -> None:
        try:
            async with ctx.facts() as batch:
                await batch.add({"n": 1}, "step")
                raise ValueError("rolled back")
        except ValueError:
            pass
        await ctx.record({"n": 2}, "end", status=RunStatus.COMPLETED)

    await manager.start(run, work)
    events = [(e.seq, e.data) async for e in manager.stream(run.id)]
    assert events == [(2, {"n": 2})], "its number is skipped, nothing else moves"


async def test_writes_that_run_at_once_and_staged_ones_commit_together(
    manager, new_run, sessions
) -> None:
    run = await new_run()

    async def work(ctx: RunContext) -> None:
        async with ctx.facts() as batch:  # immediate and staged writes: one transaction
            await RunRepository(batch.session).raise_seq_ceiling(run.id, 10 * SEQ_BLOCK)
            await batch.add({"n": 1}, "step")
        with pytest.raises(IntegrityError):
            async with ctx.facts() as batch:
                await RunRepository(batch.session).raise_seq_ceiling(run.id, 20 * SEQ_BLOCK)
                stored = await batch.add({"n": 2}, "step")
                batch.stage(event_writes(stored)[0])  # the same row twice: the commit fails
        await ctx.record({"n": 3}, "end", status=RunStatus.COMPLETED)

    await manager.start(run, work)
    events = [(e.seq, e.data) async for e in manager.stream(run.id)]
    assert events == [(1, {"n": 1}), (3, {"n": 3})], "the failed batch is neither stored nor shown"
    assert (await _status(sessions, run)).seq_ceiling == 10 * SEQ_BLOCK, "its write rolled back"


async def test_concurrent_producers_publish_in_number_order(manager, new_run) -> None:
    run = await new_run()

    async def speaker(ctx: RunContext, name: str) -> None:
        for n in range(30):
            await ctx.emit({"who": name, "n": n})
            await ctx.emit_all([{"who": name, "n": n, "part": part} for part in range(3)])
            if n % 10 == 9:
                await ctx.record({"who": name, "said": n}, "fact")

    async def work(ctx: RunContext) -> None:
        async with asyncio.TaskGroup() as group:
            for name in ("a", "b", "c"):
                group.create_task(speaker(ctx, name))
        await ctx.record({}, "end", status=RunStatus.COMPLETED)

    await manager.start(run, work)
    seqs = [event.seq async for event in manager.stream(run.id)]
    assert seqs == sorted(seqs) and len(seqs) == len(set(seqs)) == 3 * (30 * 4 + 3) + 1


async def test_a_batch_after_a_fact_being_stored_waits_for_it(manager, new_run) -> None:
    run = await new_run()

    async def work(ctx: RunContext) -> None:
        async with ctx.facts() as batch:
            await batch.add({"n": 1}, "step")
            # Numbered after the fact, so published after it, once it has committed.
            await ctx.emit_all([{"n": 2}, {"n": 3}])
        await ctx.emit_all([{"n": 4}, {"n": 5}])
        await ctx.record({"n": 6}, "end", status=RunStatus.COMPLETED)

    await manager.start(run, work)
    events = [(e.seq, e.data["n"]) async for e in manager.stream(run.id)]
    assert events == [(n, n) for n in range(1, 7)]


async def test_a_batch_past_the_reserved_numbers_reserves_more(manager, new_run, sessions) -> None:
    run = await new_run()
    stored_while_live: list[int] = []

    async def work(ctx: RunContext) -> None:
        await ctx.emit_all([{"n": n} for n in range(SEQ_BLOCK - 2)])
        await ctx.emit_all([{"n": n} for n in range(SEQ_BLOCK - 2, SEQ_BLOCK + 10)])
        stored_while_live.append((await _status(sessions, run)).seq_ceiling)
        await ctx.record({"n": SEQ_BLOCK + 10}, "end", status=RunStatus.COMPLETED)

    await manager.start(run, work)
    events = [(e.seq, e.data["n"]) async for e in manager.stream(run.id)]
    assert events == [(n + 1, n) for n in range(SEQ_BLOCK + 11)]
    assert stored_while_live[0] >= SEQ_BLOCK + 10


async def test_recovery_marks_interrupted_runs_failed_and_keeps_history(new_run, sessions) -> None:
    run = await new_run()
    async with sessions() as session:
        from agentstream.runs.events import RunEvent

        await execute_and_commit(
            session, event_writes(RunEvent(run.id, 1, "step", {"n": 1}, durable=True))
        )
    manager = RunManager(sessions, InProcessBroker(), [TEST_KIND])
    assert await manager.recover_interrupted(every_run=True) >= 1
    events = [(e.seq, e.event, e.data) async for e in manager.stream(run.id)]
    assert events[0] == (1, "step", {"n": 1})
    # Live events may have used any number up to the reserved ceiling: the end comes after.
    assert events[-1][1] == "end" and events[-1][0] > SEQ_BLOCK
    stored = await _status(sessions, run)
    assert stored.status == "failed" and "restarted" in (stored.error or "")


async def test_long_run_reserves_sequence_numbers_beyond_the_first_block(
    manager, new_run, sessions
) -> None:
    run = await new_run()
    stored_while_live: list[int] = []

    async def work(ctx: RunContext) -> None:
        for n in range(SEQ_BLOCK + 10):
            await ctx.emit({"n": n})
        # Live events are never stored, but their numbers must be: a restart numbers the
        # closing events above the stored ceiling.
        stored_while_live.append((await _status(sessions, run)).seq_ceiling)
        await ctx.record({"done": True}, "end", status=RunStatus.COMPLETED)

    await manager.start(run, work)
    seqs = [event.seq async for event in manager.stream(run.id)]
    assert seqs == list(range(1, SEQ_BLOCK + 12))
    assert stored_while_live[0] >= SEQ_BLOCK + 10
    assert (await _status(sessions, run)).seq_ceiling >= SEQ_BLOCK + 11


async def test_subscriber_arriving_before_the_run_starts_gets_every_event(manager, new_run) -> None:
    # A client can read a committed run id before the request that starts it has done so.
    run = await new_run()

    async def work(ctx: RunContext) -> None:
        await ctx.emit({"n": 1})
        await ctx.record({"n": 2}, "end", status=RunStatus.COMPLETED)

    early = asyncio.create_task(_events(manager, run))
    await asyncio.sleep(0)
    await manager.start(run, work)
    assert [e.seq for e in await asyncio.wait_for(early, 5)] == [1, 2]


async def _events(manager: RunManager, run: Run) -> list:
    return [event async for event in manager.stream(run.id)]
