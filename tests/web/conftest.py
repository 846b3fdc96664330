"""Real server processes and a real headless Chromium (Debian's, driven by Playwright)."""

import asyncio
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Page, async_playwright

from agentstream.db.engine import create_engine, create_session_factory
from agentstream.db.migrate import upgrade
from agentstream.tenancy.service import create_tenant
from tests.web.server import Server, running_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SECRET_KEY = "test-secret-key-for-stream-tokens"
# The scripted answer streams numbered words slowly enough to stop it or cut it midway.
SLOW_TOKENS = 150
SLOW_TOKEN_DELAY_MS = 40


@pytest.fixture(scope="session")
def dev_server(tmp_path_factory: pytest.TempPathFactory, demo_database: Path) -> Iterator[Server]:
    """Development mode, the offline model: what `make serve` runs."""
    data_dir = tmp_path_factory.mktemp("dev")
    with running_server(data_dir, demo_database, {"AGENTSTREAM_DEV_MODE": "true"}) as server:
        yield server


@pytest.fixture(scope="session")
def slow_server(tmp_path_factory: pytest.TempPathFactory, demo_database: Path) -> Iterator[Server]:
    """Development mode with a model that takes seconds to answer."""
    data_dir = tmp_path_factory.mktemp("slow")
    env = {
        "AGENTSTREAM_DEV_MODE": "true",
        "AGENTSTREAM_LLM_PROVIDER": "scripted",
        "AGENTSTREAM_SCRIPTED_TOKENS": str(SLOW_TOKENS),
        "AGENTSTREAM_SCRIPTED_TOKEN_DELAY_MS": str(SLOW_TOKEN_DELAY_MS),
    }
    with running_server(data_dir, demo_database, env) as server:
        yield server


# What a model might write when a prompt injection succeeds: markup that must stay inert.
HOSTILE_ANSWER = (
    '**Answer**: see <img src="http://203.0.113.9/x.png" onerror="window.__pwned=\'img\'"> '
    "<script>window.__pwned='script'</script> and [the details](javascript:window.__pwned='link')."
)


@pytest.fixture(scope="session")
def hostile_server(
    tmp_path_factory: pytest.TempPathFactory, demo_database: Path
) -> Iterator[Server]:
    """Development mode with a model whose answer carries scripts and event handlers."""
    data_dir = tmp_path_factory.mktemp("hostile")
    env = {
        "AGENTSTREAM_DEV_MODE": "true",
        "AGENTSTREAM_LLM_PROVIDER": "scripted",
        "AGENTSTREAM_SCRIPTED_TEXT": HOSTILE_ANSWER,
    }
    with running_server(data_dir, demo_database, env) as server:
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


@dataclass
class BrowserPage:
    """A page in headless Chromium and every URL it requested."""

    page: Page
    requests: list[str]

    def foreign_requests(self) -> list[str]:
        """Requests that left this machine (anything but loopback)."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1")
        ]


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
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        try:
            yield BrowserPage(page, requests)
        finally:
            await context.close()
            await browser.close()
