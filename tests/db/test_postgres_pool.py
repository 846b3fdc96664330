"""The service's PostgreSQL sessions: bounded lock waits and idle transactions, and a pool that
rolls back (and reports) a connection returned inside a transaction it did not know of."""

import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from structlog.testing import capture_logs

from agentstream.db.engine import create_engine, create_service_engine, create_session_factory
from agentstream.db.migrate import upgrade
from agentstream.db.rows import execute_and_commit, row_insert
from agentstream.settings import Settings
from agentstream.tenancy.models import Tenant


@pytest.fixture
async def engine(postgres_database: str) -> AsyncIterator[AsyncEngine]:
    await upgrade(postgres_database)
    engine = create_engine(postgres_database, lock_timeout_s=2.5, idle_in_transaction_timeout_s=45)
    yield engine
    await engine.dispose()


async def test_service_sessions_bound_lock_waits_and_idle_transactions(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as connection:
        lock = (await connection.execute(text("SHOW lock_timeout"))).scalar_one()
        idle = (await connection.execute(text("SHOW idle_in_transaction_session_timeout"))).scalar()
    assert (lock, idle) == ("2500ms", "45s")


async def test_a_connection_returned_inside_a_transaction_is_rolled_back_and_reported(
    engine: AsyncEngine, postgres_database: str
) -> None:
    sessions = create_session_factory(engine)
    # A transaction the driver began but SQLAlchemy never learnt of: what an interrupted BEGIN
    # leaves behind.
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        pid = driver.get_server_pid()
        await driver.transaction().start()
        with capture_logs() as logs:
            await connection.close()
    assert [log["event"] for log in logs if log["log_level"] == "warning"] == [
        "connection_returned_in_transaction"
    ]
    name = f"stored-{uuid.uuid4().hex[:8]}"
    async with sessions() as session:
        await execute_and_commit(session, [row_insert(Tenant, name=name)])
    plain = await asyncpg.connect(postgres_database.replace("+asyncpg", ""))
    try:
        states = await plain.fetch(
            "SELECT pid, state FROM pg_stat_activity WHERE datname = current_database()"
        )
        stored = await plain.fetchval("SELECT count(*) FROM tenants WHERE name = $1", name)
    finally:
        await plain.close()
    assert stored == 1
    assert pid in {row["pid"] for row in states}  # the same connection, repaired and reused
    assert "idle in transaction" not in {row["state"] for row in states}


async def test_a_statement_waiting_for_a_lock_gives_up(postgres_database: str) -> None:
    await upgrade(postgres_database)
    engine = create_engine(postgres_database, lock_timeout_s=0.2)
    sessions = create_session_factory(engine)
    try:
        async with sessions() as holder, holder.begin():
            await holder.execute(text("LOCK TABLE tenants IN ACCESS EXCLUSIVE MODE"))
            async with sessions() as waiter:
                with pytest.raises(DBAPIError, match="lock timeout"):
                    await waiter.execute(select(func.count()).select_from(Tenant))
    finally:
        await engine.dispose()


async def test_the_pool_size_comes_from_the_settings(postgres_database: str) -> None:
    settings = Settings(
        database_url=postgres_database, database_pool_size=3, database_max_overflow=2
    )
    engine = create_service_engine(settings)
    try:
        connections = [await engine.connect() for _ in range(5)]
        status = engine.pool.status()
        assert "Pool size: 3" in status and "Current Overflow: 2" in status, status
        for connection in connections:
            await connection.close()
    finally:
        await engine.dispose()
