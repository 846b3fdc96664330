"""The UI against what production runs: two workers on PostgreSQL and the Redis broker behind
nginx, outside development mode (signed in with an API key the CLI created). A chat answer
resumes after a network drop with no duplicated text, Stop cancels a turn, a panel is watched
to the end and another cancelled, whichever worker each request reaches."""

import asyncio
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.runs.brokers import delete_prefix, redis_unreachable
from tests.scale.cluster import AGENTSTREAM, Cluster, cluster
from tests.web.conftest import SECRET_KEY, SLOW_MODEL, SLOW_TOKENS, BrowserPage
from tests.web.proxy import DroppingProxy
from tests.web.server import create_panel

pytestmark = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")

# A Redis database of these tests' own; their keys carry a prefix of their own too.
REDIS_URL = "redis://127.0.0.1:6379/7"
TENANT_NAME = "Northwind Production"


@dataclass
class Production:
    """The service behind nginx and the API key of its tenant."""

    service: Cluster
    api_key: str

    @property
    def headers(self) -> dict[str, str]:
        """The tenant's Authorization header."""
        return {"Authorization": f"Bearer {self.api_key}"}


def _create_tenant(env: dict[str, str]) -> str:
    """A tenant with the demo content, made as an operator would: its API key, printed once."""
    done = subprocess.run(
        [str(AGENTSTREAM), "tenants", "create", TENANT_NAME, "--demo-content"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"^api_key:\s+(\S+)$", done.stdout, re.MULTILINE)
    assert found, done.stdout
    return found.group(1)


@pytest.fixture(scope="module")
def production(
    tmp_path_factory: pytest.TempPathFactory, postgres_database: str, demo_database: Path
) -> Iterator[Production]:
    reason = asyncio.run(redis_unreachable(REDIS_URL))
    if reason:
        pytest.skip(reason)
    prefix = f"agentstream-test-{uuid.uuid4().hex[:12]}"
    try:
        with cluster(
            tmp_path_factory.mktemp("production"),
            postgres_database,
            REDIS_URL,
            prefix,
            names="AB",
            dev=False,
            AGENTSTREAM_SECRET_KEY=SECRET_KEY,
            AGENTSTREAM_DEMO_DATABASE_FILE=str(demo_database),
            **SLOW_MODEL,
        ) as service:
            yield Production(service, _create_tenant(service.env))
    finally:
        asyncio.run(delete_prefix(prefix, REDIS_URL))


async def sign_in(page: Page, url: str, api_key: str) -> None:
    await page.goto(url)
    await page.fill("#api-key", api_key)
    await page.press("#api-key", "Enter")
    await expect(page.locator("#tenant-name")).to_have_text(TENANT_NAME)


async def test_chat_resumes_after_a_drop_and_stops_behind_nginx(
    production: Production, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    host, port = production.service.proxy.removeprefix("http://").split(":")
    proxy = DroppingProxy(host, int(port))
    async with proxy.serving() as proxied:
        await sign_in(page, proxied, production.api_key)
        await browser_page.ask("How many technicians are active?")
        first = page.locator(".turn").first
        await expect(first.locator(".answer")).to_contain_text("token10")
        proxy.drop()
        await expect(first.locator(".turn-status .meta")).to_contain_text("route", timeout=60_000)
        words = (await first.locator(".answer").inner_text()).split()
        assert words == [f"token{i}" for i in range(SLOW_TOKENS)], "every token once, in order"

        await browser_page.ask("And how many are on leave?")
        second = page.locator(".turn").nth(1)
        await expect(second.locator(".answer")).to_contain_text("token5")
        await page.get_by_role("button", name="Stop").click()
        await expect(second.locator(".turn-status")).to_contain_text("Stopped.")
    conversation_id = page.url.split("#/chat/")[1]
    async with httpx.AsyncClient(
        base_url=production.service.proxy, headers=production.headers
    ) as client:
        stored = (await client.get(f"/api/conversations/{conversation_id}")).json()
    assert [m["status"] for m in stored["messages"] if m["role"] == "assistant"] == [
        "completed",
        "cancelled",
    ]
    # The answer was resumed through the run's stream, with a fresh stream token.
    resumed = [url for url in browser_page.requests if re.search(r"/api/chat/runs/.+/stream", url)]
    assert resumed and all("token=" in url and "last_event_id=" in url for url in resumed)
    log = production.service.access_log()
    assert "token=" not in log, "stream tokens stay out of nginx's access log"
    upstreams = set(re.findall(r"upstream=(\S+)", log))
    assert len(upstreams) == 2, f"requests reached both workers: {upstreams}"
    assert browser_page.foreign_requests() == []


async def test_panel_watched_to_the_end_and_another_cancelled_behind_nginx(
    production: Production, browser_page: BrowserPage
) -> None:
    url = production.service.proxy
    experts = {"agent_ids": ["fda_expert", "clinical_expert"], "panel_type": "structured"}
    watched = await create_panel(
        url,
        production.headers,
        query="Is a Pre-Submission meeting worth it?",
        configuration={"max_rounds": 1},
        **experts,
    )
    page = browser_page.page
    await sign_in(page, f"{url}/#/panels/{watched}", production.api_key)
    await expect(page.locator(".result")).to_contain_text("Recommendation", timeout=120_000)
    await expect(page.locator(".panel-header .status")).to_have_text("completed")
    cells = page.locator(".round").first.locator(".cell")
    await expect(cells).to_have_count(2)
    for index in range(2):
        await expect(cells.nth(index).locator(".turn-text").last).not_to_be_empty()

    cancelled = await create_panel(
        url,
        production.headers,
        query="Should we expand to the northern region?",
        configuration={"max_rounds": 5},
        **experts,
    )
    page.on("dialog", lambda dialog: dialog.accept())
    await page.goto(f"{url}/#/panels/{cancelled}")
    await expect(page.locator(".panel-header h1")).to_contain_text("northern region")
    await expect(page.locator(".expert-turn").first).to_be_visible()
    await page.get_by_role("button", name="Cancel panel").click()
    await expect(page.locator(".panel-header .status")).to_have_text("cancelled")
    async with httpx.AsyncClient(base_url=url, headers=production.headers) as client:
        assert (await client.get(f"/api/v1/panels/{cancelled}")).json()["status"] == "cancelled"
    assert browser_page.foreign_requests() == []
