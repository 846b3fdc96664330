"""A PostgreSQL statement cut off on the client's side gives a clean error, and the source
keeps working: the connection is dropped instead of waiting for a server that stopped
answering (the planner of a runaway query ignores both statement_timeout and cancellation).
A statement whose caller went away stops on the server too, not at its statement timeout."""

import asyncio
import os
import signal
from collections.abc import AsyncIterator

import asyncpg
import pytest

from agentstream.agents.sql.tool import PostgresReadOnlySource, SqlTimeoutError
from tests.agents.sql.conftest import POSTGRES_DSN, reader_dsn, reader_role

# Timesheets of the same technician four at a time: the count takes the server far longer than
# a test, and sends nothing until it is done.
SLOW_COUNT = "SELECT count(*) AS n FROM timesheets t0 " + " ".join(
    f"JOIN timesheets t{i} ON t{i}.technician_id = t0.technician_id" for i in range(1, 4)
)


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


async def _statements_running(watcher: asyncpg.Connection, role: str, for_s: float = 0) -> int:
    """How many statements of `role` have been running for at least `for_s` seconds."""
    count: int = await watcher.fetchval(
        "SELECT count(*) FROM pg_stat_activity WHERE usename = $1 AND state = 'active'"
        " AND query_start <= now() - make_interval(secs => $2)",
        role,
        for_s,
    )
    return count


async def test_a_caller_that_goes_away_stops_the_statement_on_the_server(
    one_connection: PostgresReadOnlySource, postgres_schema: str
) -> None:
    role = reader_role(postgres_schema)
    query = asyncio.create_task(one_connection.fetch(SLOW_COUNT, {}, max_rows=1, timeout_s=60))
    watcher = await asyncpg.connect(POSTGRES_DSN)
    try:
        # Running for a second: the count itself, not the statements that prepare it.
        while not await _statements_running(watcher, role, for_s=1):
            assert not query.done(), "the count is slow enough to be caught running"
        query.cancel()
        with pytest.raises(asyncio.CancelledError):
            await query
        # A hang guard, not a timing: left alone, the statement runs to its 60 s timeout.
        async with asyncio.timeout(30):
            while await _statements_running(watcher, role):
                pass  # each check is a round trip to the server
    finally:
        await watcher.close()
