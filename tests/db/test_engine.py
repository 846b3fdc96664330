"""Units of work: every way out returns the session's connection to the pool, and objects the
session loaded leave it detached, whether the session is closed or its close is skipped."""

import asyncio
from contextlib import asynccontextmanager

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agentstream.db.engine import session_scope, unit_of_work
from agentstream.db.rows import execute_and_commit, row_insert
from agentstream.tenancy.models import Tenant


def _checked_out(sessions: async_sessionmaker[AsyncSession]) -> int:
    bind = sessions.kw["bind"]
    count: int = bind.sync_engine.pool.checkedout()
    return count


async def test_a_committed_unit_returns_its_connection(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        await execute_and_commit(session, [row_insert(Tenant, name="committed")])
    assert _checked_out(sessions) == 0
    async with sessions() as session:
        names = (await session.execute(select(Tenant.name))).scalars().all()
    assert "committed" in names


async def test_a_unit_left_in_a_transaction_is_closed_and_rolled_back(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        statement, row = row_insert(Tenant, name="never committed")
        await session.execute(statement, row)
        assert _checked_out(sessions) == 1
    assert _checked_out(sessions) == 0
    async with sessions() as session:
        names = (await session.execute(select(Tenant.name))).scalars().all()
    assert "never committed" not in names


async def test_a_failing_unit_returns_its_connection(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    with pytest.raises(RuntimeError):
        async with unit_of_work(sessions) as session:
            await session.execute(select(Tenant.id))
            raise RuntimeError("the work failed")
    assert _checked_out(sessions) == 0


async def test_objects_loaded_by_a_unit_are_detached_after_it(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        session.add(Tenant(name="loaded"))
    async with unit_of_work(sessions) as session:
        tenant = (await session.execute(select(Tenant).where(Tenant.name == "loaded"))).scalar_one()
        await session.commit()  # the connection is back; the object is still in the session
    assert inspect(tenant).detached
    assert _checked_out(sessions) == 0


async def test_a_unit_cancelled_mid_transaction_returns_its_connection(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    started = asyncio.Event()

    async def work() -> None:
        # As FastAPI runs a dependency: the exception is thrown into the generator.
        async with asynccontextmanager(session_scope)(sessions) as session:
            await session.execute(select(Tenant.id))
            started.set()
            await asyncio.sleep(60)

    task = asyncio.create_task(work())
    await started.wait()
    assert _checked_out(sessions) == 1
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert _checked_out(sessions) == 0
