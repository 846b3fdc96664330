"""Real server processes and a real headless Chromium (Debian's, driven by Playwright)."""

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Page, Route, async_playwright

from agentstream.db.engine import create_engine, create_session_factory
from agentstream.db.migrate import upgrade
from agentstream.tenancy.service import create_tenant
from tests.conftest import new_postgres_database
from tests.runs.brokers import delete_prefix, redis_unreachable
from tests.web.server import Server, running_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SECRET_KEY = "test-secret-key-for-stream-tokens"
SLOW_TOKENS = 150
SLOW_TOKEN_DELAY_MS = 40


@contextmanager
def _dev_server(
    tmp_path_factory: pytest.TempPathFactory, demo_database: Path, name: str, **env: str
) -> Iterator[Server]:
    """A development-mode server (no sign-in) with AGENTSTREAM_* settings `env`."""
    settings = {"AGENTSTREAM_DEV_MODE": "true", **env}
    with running_server(tmp_path_factory.mktemp(name), demo_database, settings) as server:
        yield server


@pytest.fixture(scope="session")
def dev_server(tmp_path_factory: pytest.TempPathFactory, demo_database: Path) -> Iterator[Server]:
    """Development mode, the offline model: what `make serve` runs."""
    with _dev_server(tmp_path_factory, demo_database, "dev") as server:
        yield server


# The scripted model streaming numbered words slowly enough to stop it or cut it midway.
SLOW_MODEL = {
    "AGENTSTREAM_LLM_PROVIDER": "scripted",
    "AGENTSTREAM_SCRIPTED_TOKENS": str(SLOW_TOKENS),
    "AGENTSTREAM_SCRIPTED_TOKEN_DELAY_MS": str(SLOW_TOKEN_DELAY_MS),
}


@pytest.fixture(scope="session")
def slow_server(tmp_path_factory: pytest.TempPathFactory, demo_database: Path) -> Iterator[Server]:
    """Development mode with a model that takes seconds to answer."""
    with _dev_server(tmp_path_factory, demo_database, "slow", **SLOW_MODEL) as server:
        yield server


# A Redis database of the web tests' own; every key they make carries a prefix of their own.
REDIS_URL = "redis://127.0.0.1:6379/8"


@pytest.fixture(scope="session")
def production_storage_server(
    tmp_path_factory: pytest.TempPathFactory, demo_database: Path, postgres_database: str
) -> Iterator[Server]:
    """The slow model in development mode on what production runs: PostgreSQL and the Redis
    broker (skipped, saying which, when either is not reachable; `postgres_database` skips
    when PostgreSQL is not, and this server has a database of its own)."""
    reason = asyncio.run(redis_unreachable(REDIS_URL))
    if reason:
        pytest.skip(reason)
    prefix = f"agentstream-web-{uuid.uuid4().hex[:12]}"
    storage = {
        "AGENTSTREAM_BROKER_URL": REDIS_URL,
        "AGENTSTREAM_BROKER_PREFIX": prefix,
    }
    try:
        with (
            new_postgres_database("agentstream_web") as database_url,
            _dev_server(
                tmp_path_factory,
                demo_database,
                "production-storage",
                AGENTSTREAM_DATABASE_URL=database_url,
                **storage,
                **SLOW_MODEL,
            ) as server,
        ):
            yield server
    finally:
        asyncio.run(delete_prefix(prefix, REDIS_URL))


@pytest.fixture(params=["sqlite", "postgresql+redis"])
def slow_server_per_storage(request: pytest.FixtureRequest) -> Server:
    """The slow server on SQLite with the in-process broker, then on PostgreSQL with Redis."""
    name = "slow_server" if request.param == "sqlite" else "production_storage_server"
    server: Server = request.getfixturevalue(name)
    return server


@pytest.fixture(scope="session")
def impatient_server(
    tmp_path_factory: pytest.TempPathFactory, demo_database: Path
) -> Iterator[Server]:
    """A slow model, and a turn cancelled as soon as its client has left (no grace period)."""
    settings = {**SLOW_MODEL, "AGENTSTREAM_DISCONNECT_GRACE_S": "0"}
    with _dev_server(tmp_path_factory, demo_database, "impatient", **settings) as server:
        yield server


# What a model might write when a prompt injection succeeds: markup that must stay inert. Its
# link names a host, not an address: figures the facts do not hold would end the model's answer
# (agents/figures.py) before its markup reached the page.
HOSTILE_ANSWER = (
    '**Answer**: see <img src="http://attacker.invalid/x.png" onerror="window.__pwned=\'img\'"> '
    "<script>window.__pwned='script'</script> and [the details](javascript:window.__pwned='link')."
)


@pytest.fixture(scope="session")
def hostile_server(
    tmp_path_factory: pytest.TempPathFactory, demo_database: Path
) -> Iterator[Server]:
    """Development mode with a model whose answer carries scripts and event handlers."""
    model = {"AGENTSTREAM_LLM_PROVIDER": "scripted", "AGENTSTREAM_SCRIPTED_TEXT": HOSTILE_ANSWER}
    with _dev_server(tmp_path_factory, demo_database, "hostile", **model) as server:
        yield server


@dataclass
class SecureServer:
    """A production-mode server and the API key of its tenant."""

    server: Server
    api_key: str
    tenant_id: str
    tenant_name: str = "Acme Field Services"
    database: Path = field(default_factory=Path)


async def _create_tenant(database_url: str, name: str) -> tuple[str, str]:
    await upgrade(database_url)
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            created = await create_tenant(session, name, demo_content=True)
        return str(created.tenant.id), created.api_key
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def secure_server(
    tmp_path_factory: pytest.TempPathFactory, demo_database: Path
) -> Iterator[SecureServer]:
    """Outside development mode: API keys, stream tokens signed with AGENTSTREAM_SECRET_KEY."""
    data_dir = tmp_path_factory.mktemp("secure")
    database = data_dir / "agentstream.sqlite"
    tenant_id, api_key = asyncio.run(
        _create_tenant(f"sqlite+aiosqlite:///{database}", "Acme Field Services")
    )
    env = {"AGENTSTREAM_SECRET_KEY": SECRET_KEY, "AGENTSTREAM_STREAM_TOKEN_TTL_S": "30"}
    with running_server(data_dir, demo_database, env) as server:
        yield SecureServer(server, api_key, tenant_id, database=database)


def _foreign(url: str) -> bool:
    """Whether a request to `url` would leave this machine (anything but loopback)."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in (
        "127.0.0.1",
        "localhost",
        "::1",
    )


@dataclass
class BrowserPage:
    """A page in headless Chromium, every URL it requested and every error its console showed
    (Content-Security-Policy violations among them)."""

    page: Page
    requests: list[str]
    console_errors: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        """Requests that left this machine."""
        return [url for url in self.requests if _foreign(url)]

    async def ask(self, question: str) -> None:
        """Type a question in the chat box and send it with Enter."""
        await self.page.fill("#chat-input", question)
        await self.page.press("#chat-input", "Enter")

    async def cut_off(self) -> None:
        """From now on, the network beyond this machine is unreachable (an air-gapped host)."""

        async def refuse(route: Route) -> None:
            await route.abort("internetdisconnected")

        await self.page.route(lambda url: _foreign(url), refuse)


@pytest.fixture
async def browser_page() -> AsyncIterator[BrowserPage]:
    """A fresh page of Debian's Chromium (never a downloaded browser), laptop-sized."""
    if CHROMIUM is None:
        pytest.skip("headless Chromium is not installed (apt-get install chromium)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--disable-background-networking", "--no-sandbox", "--disable-dev-shm-usage"],
        )
        context = await browser.new_context(viewport={"width": 1280, "height": 800})
        page = await context.new_page()
        page.set_default_timeout(20_000)
        browser_page = BrowserPage(page, [])
        page.on("request", lambda request: browser_page.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                browser_page.console_errors.append(message.text)
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: browser_page.console_errors.append(str(error)))
        try:
            yield browser_page
        finally:
            await context.close()
            await browser.close()
