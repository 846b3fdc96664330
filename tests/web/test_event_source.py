"""A browser's own EventSource watches a panel over GET /stream: every event, numbered, in order,
once (the UI's page gives it the service's origin)."""

from agentstream.panels.schemas import PANEL_EVENTS
from tests.web.conftest import BrowserPage
from tests.web.server import Server, create_panel

WATCH = """([url, names]) => new Promise((resolve) => {
  const seen = [];
  const source = new EventSource(url);
  for (const name of names) {
    source.addEventListener(name, (event) => {
      seen.push([name, Number(event.lastEventId), JSON.parse(event.data).panel_id]);
      if (["panel_complete", "panel_cancelled", "error"].includes(name)) {
        source.close();
        resolve(seen);
      }
    });
  }
})"""


async def test_browser_event_source_watches_a_panel_to_completion(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    panel_id = await create_panel(
        dev_server.url,
        query="FDA 510(k) strategy?",
        panel_type="structured",
        agent_ids=["fda_expert", "clinical_expert"],
    )
    page = browser_page.page
    await page.goto(dev_server.url + "/#/documents")
    seen = await page.evaluate(WATCH, [f"/api/v1/panels/{panel_id}/stream", list(PANEL_EVENTS)])
    names = [name for name, _, _ in seen]
    assert names[0] == "panel_started" and names[-1] == "panel_complete"
    assert {"expert_token", "expert_speaking", "round_complete", "consensus_update"} <= set(names)
    ids = [event_id for _, event_id, _ in seen]
    assert ids == sorted(ids) and len(set(ids)) == len(ids), "numbered, in order, no duplicates"
    assert {pid for _, _, pid in seen} == {panel_id}
