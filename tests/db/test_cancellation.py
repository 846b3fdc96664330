"""A cancellation (a client gone, a run cancelled) never leaves a pooled connection inside a
transaction: the writes of every later session are stored."""

import asyncio
import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from structlog.testing import capture_logs

from agentstream.db.completion import run_to_completion
from agentstream.db.engine import create_engine, create_session_factory
from agentstream.db.rows import execute_and_commit, row_insert
from agentstream.tenancy.models import Tenant

# Enough attempts that cancellations land in every step of a write (BEGIN, INSERT, COMMIT):
# before the fix, about one in seven left its connection inside a transaction.
ATTEMPTS = 150


async def _count(url: str, prefix: str) -> int:
    """Rows stored under `prefix`, read on a connection of its own (not from the pool tested)."""
    engine = create_engine(url)
    try:
        async with create_session_factory(engine)() as session:
            statement = select(func.count()).where(Tenant.name.startswith(prefix))
            return int((await session.execute(statement)).scalar_one())
    finally:
        await engine.dispose()


async def test_writes_cancelled_at_any_point_do_not_swallow_later_writes(
    database_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    prefix = f"kept-{uuid.uuid4().hex[:8]}-"
    with capture_logs() as logs:
        await _cancel_writes_at_every_step(sessions, prefix)
    assert await _count(database_url, prefix) == ATTEMPTS
    # Not one connection had to be rescued by the pool (see the test below): none was lost.
    assert [log for log in logs if log["event"] == "connection_returned_in_transaction"] == []


async def _cancel_writes_at_every_step(
    sessions: async_sessionmaker[AsyncSession], prefix: str
) -> None:
    for attempt in range(ATTEMPTS):

        async def cancelled_write(attempt: int = attempt) -> None:
            async with sessions() as session:
                await execute_and_commit(session, [row_insert(Tenant, name=f"gone-{attempt}")])

        task = asyncio.create_task(cancelled_write())
        for _ in range(attempt % 50):  # lands on a different step of the write each time
            await asyncio.sleep(0)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        async with sessions() as session:
            await execute_and_commit(session, [row_insert(Tenant, name=f"{prefix}{attempt}")])


async def test_run_to_completion_delivers_the_cancellation_after_the_work() -> None:
    release, finished = asyncio.Event(), asyncio.Event()

    async def work() -> str:
        await release.wait()
        finished.set()
        return "done"

    caller = asyncio.create_task(run_to_completion(work()))
    await asyncio.sleep(0)
    caller.cancel()
    await asyncio.sleep(0)
    assert not caller.done()  # still waiting for the work
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await caller
    assert finished.is_set()


async def test_run_to_completion_returns_the_result_when_not_cancelled() -> None:
    async def work() -> int:
        await asyncio.sleep(0)
        return 42

    assert await run_to_completion(work()) == 42


async def test_run_to_completion_raises_the_work_error() -> None:
    async def work() -> None:
        raise LookupError("no such row")

    with pytest.raises(LookupError):
        await run_to_completion(work())
