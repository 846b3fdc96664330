"""A PostgreSQL statement cut off on the client's side gives a clean error, and the source
keeps working: the connection is dropped instead of waiting for a server that stopped
answering (the planner of a runaway query ignores both statement_timeout and cancellation)."""

import asyncio
import os
import signal
from collections.abc import AsyncIterator

import asyncpg
import pytest

from agentstream.agents.sql.tool import PostgresReadOnlySource, SqlTimeoutError
from tests.agents.sql.conftest import POSTGRES_DSN, reader_dsn


@pytest.fixture
async def one_connection(postgres_schema: str) -> AsyncIterator[PostgresReadOnlySource]:
    source = PostgresReadOnlySource(
        reader_dsn(postgres_schema),
        server_settings={"search_path": postgres_schema},
        max_connections=1,
    )
    yield source
    await source.close()


async def _backend_pid(source: PostgresReadOnlySource) -> int:
    _, rows = await source.fetch("SELECT pg_backend_pid()", {}, max_rows=1, timeout_s=5)
    pid: int = rows[0][0]
    return pid


async def test_a_statement_the_server_never_answers_fails_cleanly_at_its_deadline(
    one_connection: PostgresReadOnlySource,
) -> None:
    pid = await _backend_pid(one_connection)
    try:
        os.kill(pid, signal.SIGSTOP)  # the server stops answering, as a runaway planner does
    except (PermissionError, ProcessLookupError) as error:
        pytest.skip(f"cannot pause the PostgreSQL backend from here: {error}")
    try:
        with pytest.raises(SqlTimeoutError, match=r"longer than 0\.2 s"):
            await one_connection.fetch("SELECT 1", {}, max_rows=1, timeout_s=0.2)
    finally:
        os.kill(pid, signal.SIGCONT)
    _, rows = await one_connection.fetch("SELECT 2", {}, max_rows=1, timeout_s=5)
    assert rows == [(2,)]
    assert await _backend_pid(one_connection) != pid, "the stalled connection was dropped"


async def test_a_caller_that_goes_away_leaves_a_working_source(
    one_connection: PostgresReadOnlySource,
) -> None:
    query = asyncio.create_task(
        one_connection.fetch("SELECT pg_sleep(30)", {}, max_rows=1, timeout_s=60)
    )
    watcher = await asyncpg.connect(POSTGRES_DSN)
    try:
        while not await watcher.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE query ILIKE '%pg_sleep(30)%'"
            " AND state = 'active' AND pid <> pg_backend_pid()"
        ):
            pass  # each check is a round trip to the server, until the statement runs
    finally:
        await watcher.close()
    query.cancel()
    with pytest.raises(asyncio.CancelledError):
        await query
    _, rows = await one_connection.fetch("SELECT 3", {}, max_rows=1, timeout_s=5)
    assert rows == [(3,)]
