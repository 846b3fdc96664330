"""A chat turn stopped during a long SQL tool call on a tenant's PostgreSQL database stops the
statement on the server too, well before its statement timeout: whether the user cancels the
turn or its client leaves and does not come back within the grace period."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from langchain_core.messages import AIMessage

from agentstream.app import create_app
from agentstream.llm.scripted import ScriptedToolCallingModel
from agentstream.runs.models import Run
from agentstream.settings import Settings
from agentstream.tenancy.service import create_tenant
from tests.agents.library import postgres_library
from tests.agents.replies import sql_call
from tests.conftest import POSTGRES_URL
from tests.live import serve
from tests.sse import done_metadata, parse_frames

# Books of the same genre ten at a time: joined on conditions (the guard bounds cross
# products), yet some 10^9 rows to count, and nothing sent until the count is done.
SLOW_SQL = "SELECT count(*) AS n FROM books b0 " + " ".join(
    f"JOIN books b{i} ON b{i}.genre = b{i - 1}.genre" for i in range(1, 10)
)
STATEMENT_TIMEOUT_S = 60


@pytest.fixture
def library_url(settings: Settings) -> Iterator[str]:
    """The library on PostgreSQL (skipped, with the reason, without PostgreSQL)."""
    with postgres_library(POSTGRES_URL) as url:
        yield url


@pytest.fixture
async def live(settings: Settings) -> AsyncIterator[tuple[FastAPI, str]]:
    """A live app whose turns stop soon after their last client left, and whose statements
    would run far longer than a test."""
    application = create_app(
        settings.model_copy(
            update={
                "agent_mode": "tools",
                "disconnect_grace_s": 0.05,
                "sql_timeout_s": STATEMENT_TIMEOUT_S,
            }
        )
    )
    async with serve(application) as url:
        yield application, url


class Library:
    """The library tenant of a live app, and a view of its database's running statements."""

    def __init__(
        self, app: FastAPI, url: str, key: str, database: str, watcher: asyncpg.Connection
    ) -> None:
        self.app = app
        self.url = url
        self.database = database
        self.headers = {"Authorization": f"Bearer {key}"}
        self.watcher = watcher
        self.model = ScriptedToolCallingModel(replies=[sql_call(SLOW_SQL), AIMessage("never")])
        app.state.chat.model = self.model

    @asynccontextmanager
    async def asking(self) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.Response, uuid.UUID]]:
        """Ask a question whose model runs the slow count; the stream is open until exit."""
        async with (
            httpx.AsyncClient(base_url=self.url, timeout=60) as client,
            client.stream(
                "POST", "/api/chat/stream", json={"message": "How many?"}, headers=self.headers
            ) as response,
        ):
            yield client, response, uuid.UUID(response.headers["X-Run-ID"])

    async def statements_running(self, for_s: float = 0) -> int:
        """How many of the SQL tool's statements have been running for `for_s` seconds."""
        count: int = await self.watcher.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = "
            "'agentstream-sql-tool' AND state = 'active' AND datname = $1"
            " AND query_start <= now() - make_interval(secs => $2)",
            self.database,
            for_s,
        )
        return count

    async def until_the_count_runs(self) -> None:
        # Running for a second: the count itself, not the statements that prepare it.
        async with asyncio.timeout(STATEMENT_TIMEOUT_S / 2):
            while not await self.statements_running(for_s=1):
                pass  # each check is a round trip to the server

    async def until_no_statement_runs(self) -> None:
        # A hang guard, not a timing: left alone, the count runs to its statement timeout.
        async with asyncio.timeout(STATEMENT_TIMEOUT_S / 2):
            while await self.statements_running():
                pass

    async def ended(self, run_id: uuid.UUID) -> Run:
        async with asyncio.timeout(STATEMENT_TIMEOUT_S / 2):
            await self.app.state.chat.manager.wait(run_id)
        async with self.app.state.sessions() as session:
            run = await session.get(Run, run_id)
        assert run is not None
        return run


@pytest.fixture
async def library(live: tuple[FastAPI, str], library_url: str) -> AsyncIterator[Library]:
    app, url = live
    async with app.state.sessions() as session, session.begin():
        credentials = await create_tenant(session, "City Library", data_source_url=library_url)
    database = urlsplit(library_url).path.lstrip("/")
    watcher = await asyncpg.connect(POSTGRES_URL)
    try:
        yield Library(app, url, credentials.api_key, database, watcher)
    finally:
        await watcher.close()


async def test_a_cancel_during_a_query_stops_it_on_the_server(library: Library) -> None:
    async with library.asking() as (client, response, run_id):
        await library.until_the_count_runs()
        cancel = await client.post(f"/api/chat/runs/{run_id}/cancel", headers=library.headers)
        assert cancel.status_code == 204
        frames = parse_frames((await response.aread()).decode())
    await library.until_no_statement_runs()
    assert done_metadata(frames)["status"] == "cancelled"
    assert (await library.ended(run_id)).status == "cancelled"
    assert len(library.model.calls) == 1, "no model call after the cancel"


async def test_a_client_gone_during_a_query_stops_it_on_the_server(library: Library) -> None:
    async with library.asking() as (_, _, run_id):
        await library.until_the_count_runs()
    await library.until_no_statement_runs()
    assert (await library.ended(run_id)).status == "cancelled"
    assert len(library.model.calls) == 1, "no model call after the client left"
