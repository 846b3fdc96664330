"""A browser's EventSource watches a panel (real headless Chromium, GET /stream)."""

import asyncio
import json
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import HTMLResponse

from agentstream.app import create_app
from agentstream.panels.schemas import PANEL_EVENTS
from agentstream.settings import Settings
from tests.live import serve

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium)"
)

PAGE = """<!doctype html><html><body><pre id="log">waiting</pre><script>
const seen = [];
const source = new EventSource("/api/v1/panels/PANEL_ID/stream");
for (const name of EVENT_NAMES) {
  source.addEventListener(name, (event) => {
    seen.push([name, Number(event.lastEventId), JSON.parse(event.data).panel_id]);
    if (name === "panel_complete" || name === "panel_cancelled" || name === "error") {
      source.close();
      document.getElementById("log").textContent = "DONE " + JSON.stringify(seen);
    }
  });
}
</script></body></html>"""


@pytest.fixture
async def live(settings: Settings) -> AsyncIterator[tuple[FastAPI, str]]:
    application = create_app(settings)

    async def page(request: Request) -> HTMLResponse:
        html = PAGE.replace("PANEL_ID", request.path_params["panel_id"])
        return HTMLResponse(html.replace("EVENT_NAMES", json.dumps(list(PANEL_EVENTS))))

    # Same origin as the API, as a page of the service would be.
    application.add_route("/_test/watch/{panel_id}", page)
    async with serve(application) as url:
        yield application, url


async def test_browser_event_source_watches_a_panel_to_completion(
    live: tuple[FastAPI, str], tmp_path: Path
) -> None:
    _, url = live
    async with httpx.AsyncClient(base_url=url) as client:
        created = await client.post(
            "/api/v1/panels",
            json={
                "query": "FDA 510(k) strategy?",
                "panel_type": "structured",
                "agent_ids": ["fda_expert", "clinical_expert"],
            },
        )
    panel_id = created.json()["panel_id"]
    assert CHROMIUM is not None
    browser = await asyncio.create_subprocess_exec(
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=20000",
        "--dump-dom",
        f"{url}/_test/watch/{panel_id}",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    dom, _ = await asyncio.wait_for(browser.communicate(), timeout=90)
    text = dom.decode()
    assert "DONE " in text, text[-500:]
    seen = json.loads(text.split("DONE ", 1)[1].split("</pre>", 1)[0].replace("&quot;", '"'))
    names = [name for name, _, _ in seen]
    assert names[0] == "panel_started" and names[-1] == "panel_complete"
    assert {"expert_token", "expert_speaking", "round_complete", "consensus_update"} <= set(names)
    ids = [event_id for _, event_id, _ in seen]
    assert ids == sorted(ids) and len(set(ids)) == len(ids), "numbered, in order, no duplicates"
    assert {pid for _, _, pid in seen} == {panel_id}
