"""Tenants sharing a SQLite data source do not wait for each other's queries, and one tenant
runs at most its share of queries at once.

Queries call SQL functions that block until the test lets them go, so that what runs at the
same time is observed, never timed.
"""

import asyncio
import threading
import uuid
from datetime import date
from pathlib import Path

import pytest

from agentstream.agents.sql.sources import DataSources
from agentstream.agents.sql.tool import (
    SqlDataSource,
    SqliteReadOnlySource,
    SqlTimeoutError,
    SqlTool,
)
from agentstream.settings import Settings
from agentstream.tenancy.models import Tenant

# Only a bound for a broken implementation: a correct one never waits this long.
STUCK_S = 10


class BlockingFunctions:
    """`rendezvous()` returns once two queries are inside it at the same time; `hold()` returns
    once released, counting the queries that entered it."""

    def __init__(self) -> None:
        self.barrier = threading.Barrier(2, timeout=STUCK_S)
        self.release = threading.Event()
        self.entered = threading.Semaphore(0)
        self.holds = 0

    def rendezvous(self) -> int:
        self.barrier.wait()
        return 1

    def hold(self) -> int:
        self.holds += 1
        self.entered.release()
        return int(self.release.wait(STUCK_S))


class SourceWithBlockingFunctions(SqliteReadOnlySource):
    """The real SQLite source, with the test's functions on each connection it opens."""

    def __init__(self, path: Path, functions: BlockingFunctions, readers: int) -> None:
        super().__init__(path, readers=readers)
        self._functions = functions

    def _open(self):  # type: ignore[no-untyped-def]
        connection = super()._open()
        connection.create_function("rendezvous", 0, self._functions.rendezvous)
        connection.create_function("hold", 0, self._functions.hold)
        return connection


@pytest.fixture
def functions() -> BlockingFunctions:
    return BlockingFunctions()


def _sources(
    tmp_path: Path, demo: Path, functions: BlockingFunctions, per_tenant: int
) -> DataSources:
    settings = Settings(
        data_dir=tmp_path,
        demo_database_file=demo,
        sql_max_concurrent_per_tenant=per_tenant,
        _env_file=None,  # type: ignore[call-arg]
    )

    def opener(url: str) -> SqlDataSource:
        return SourceWithBlockingFunctions(demo, functions, readers=settings.sql_sqlite_readers)

    return DataSources(settings, demo_today=date(2024, 6, 1), opener=opener)


def _demo_tenant() -> Tenant:
    return Tenant(id=uuid.uuid4(), name="tenant", demo_content=True)


def _tool(sources: DataSources, tenant: Tenant) -> SqlTool:
    database = sources.database_of(tenant)
    assert database is not None
    return sources.tool(database, frozenset({"technicians"}))


async def _fetch(sources: DataSources, tenant: Tenant, sql: str) -> object:
    tool = _tool(sources, tenant)
    # Straight to the source: the guard would refuse the test's functions.
    _, rows = await tool.source.fetch(sql, {}, max_rows=5, timeout_s=STUCK_S)
    return rows[0][0]


async def test_two_tenants_queries_run_at_the_same_time(
    tmp_path: Path, demo_database: Path, functions: BlockingFunctions
) -> None:
    sources = _sources(tmp_path, demo_database, functions, per_tenant=1)
    try:
        first, second = _demo_tenant(), _demo_tenant()
        results = await asyncio.gather(
            _fetch(sources, first, "SELECT rendezvous()"),
            _fetch(sources, second, "SELECT rendezvous()"),
        )
    finally:
        await sources.close()
    assert results == [1, 1]  # each query was inside the function while the other was


async def test_a_tenant_runs_at_most_its_share_while_others_go_on(
    tmp_path: Path, demo_database: Path, functions: BlockingFunctions
) -> None:
    sources = _sources(tmp_path, demo_database, functions, per_tenant=1)
    busy, other = _demo_tenant(), _demo_tenant()
    try:
        holding = asyncio.create_task(_fetch(sources, busy, "SELECT hold()"))
        await asyncio.to_thread(functions.entered.acquire, timeout=STUCK_S)
        waiting = asyncio.create_task(_fetch(sources, busy, "SELECT hold()"))
        # Another tenant's query runs to its end meanwhile.
        assert await _fetch(sources, other, "SELECT count(*) FROM technicians") > 0
        assert functions.holds == 1, "the busy tenant's second query waits for its turn"
        functions.release.set()
        assert await asyncio.gather(holding, waiting) == [1, 1]
        assert functions.holds == 2
    finally:
        functions.release.set()
        await sources.close()


async def test_a_query_that_never_gets_a_turn_times_out_cleanly(
    tmp_path: Path, demo_database: Path, functions: BlockingFunctions
) -> None:
    sources = _sources(tmp_path, demo_database, functions, per_tenant=1)
    busy = _demo_tenant()
    try:
        holding = asyncio.create_task(_fetch(sources, busy, "SELECT hold()"))
        await asyncio.to_thread(functions.entered.acquire, timeout=STUCK_S)
        tool = _tool(sources, busy)
        with pytest.raises(SqlTimeoutError, match="behind this tenant's other queries"):
            await tool.source.fetch("SELECT 1", {}, max_rows=1, timeout_s=0.05)
        functions.release.set()
        assert await holding == 1
    finally:
        functions.release.set()
        await sources.close()


async def test_a_query_stopped_at_its_timeout_names_the_configured_timeout(
    tmp_path: Path, demo_database: Path, functions: BlockingFunctions
) -> None:
    sources = _sources(tmp_path, demo_database, functions, per_tenant=1)
    tool = _tool(sources, _demo_tenant())
    try:
        with pytest.raises(SqlTimeoutError, match=r"ran longer than 0\.3 s and was stopped"):
            await tool.source.fetch(
                "SELECT count(*) FROM timesheets a, timesheets b, timesheets c",
                {},
                max_rows=1,
                timeout_s=0.3,
            )
    finally:
        await sources.close()
