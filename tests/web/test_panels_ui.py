"""The panels UI in a real browser: convene a panel, watch it to the end, cancel one, filter
the history."""

import asyncio
import re
import signal
from pathlib import Path
from typing import Any

import httpx
from playwright.async_api import Page, Route, expect

from tests.web.conftest import SLOW_MODEL, BrowserPage
from tests.web.server import Server, create_panel, running_server

EXPERTS = ["FDA Regulatory Expert", "Clinical Evidence Expert", "Quality Systems Expert"]
PATHWAY = "Should we pursue a 510(k) or a De Novo pathway for our new glucose monitor?"


async def test_panel_created_and_watched_to_completion_fills_every_lane(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.goto(dev_server.url + "/#/panels/new")
    await page.fill("#panel-query", PATHWAY)
    await page.get_by_label("Open debate").check()
    await expect(page.locator(".chosen")).to_contain_text("FDA Regulatory Expert")
    for name in EXPERTS[1:]:
        await page.get_by_role("checkbox", name=name).check()
    await page.get_by_role("button", name="Start the panel").click()
    await expect(page.locator(".result")).to_contain_text("Recommendation", timeout=60_000)
    await expect(page.locator(".panel-header .status")).to_have_text("completed")
    heads = page.locator(".lane-head strong")
    await expect(heads).to_have_text(EXPERTS)
    rounds = page.locator(".round")
    assert await rounds.count() >= 1
    for index in range(await rounds.count()):
        # One cell per expert in every round, each holding a finished turn with its position.
        cells = rounds.nth(index).locator(".cell")
        await expect(cells).to_have_count(len(EXPERTS))
        for cell in range(len(EXPERTS)):
            turn = cells.nth(cell).locator(".expert-turn").last
            await expect(turn).not_to_have_class("expert-turn speaking")
            await expect(turn.locator(".turn-text")).not_to_be_empty()
            await expect(turn.locator(".position .badge")).to_be_visible()
        await expect(rounds.nth(index).locator(".round-consensus")).not_to_be_empty()
    await expect(page.locator(".consensus-chart rect")).to_have_count(await rounds.count())
    await expect(page.get_by_role("button", name="Cancel panel")).to_be_hidden()
    # The question names its options: the page says the panel chose between them.
    await expect(page.locator(".panel-options")).to_have_text(
        "Choosing between: 510(k) · De Novo pathway"
    )
    assert browser_page.foreign_requests() == []


async def test_cancel_stops_a_running_panel(slow_server: Server, browser_page: BrowserPage) -> None:
    panel_id = await create_panel(
        slow_server.url,
        query="Should we expand to the northern region?",
        panel_type="structured",
        agent_ids=["operations_expert", "finance_expert"],
        configuration={"max_rounds": 5},
    )
    page = browser_page.page
    page.on("dialog", lambda dialog: dialog.accept())
    await page.goto(f"{slow_server.url}/#/panels/{panel_id}")
    await expect(page.locator(".expert-turn").first).to_be_visible()
    await page.get_by_role("button", name="Cancel panel").click()
    await expect(page.locator(".panel-header .status")).to_have_text("cancelled")
    await expect(page.locator(".result")).to_contain_text("Cancelled")
    said_live = await page.locator(".result").inner_text()
    async with httpx.AsyncClient(base_url=slow_server.url) as client:
        assert (await client.get(f"/api/v1/panels/{panel_id}")).json()["status"] == "cancelled"
    # Opened afterwards, the panel says it in the same words.
    await page.reload()
    await expect(page.locator(".panel-header .status")).to_have_text("cancelled")
    await expect(page.locator(".result")).to_have_text(said_live)


async def test_history_filters_by_status_and_type(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    await create_panel(
        dev_server.url,
        query="A council draft",
        panel_type="council",
        agent_ids=["fda_expert", "finance_expert", "clinical_expert"],
    )
    page = browser_page.page
    await page.goto(dev_server.url + "/#/panels")
    # Both filters name their values alike, as people write them.
    await expect(page.locator("#filter-status option")).to_have_text(
        ["All", "Draft", "In progress", "Completed", "Failed", "Cancelled"]
    )
    await page.select_option("#filter-panel_type", "council")
    await expect(page.locator(".panel-card")).to_have_count(1)
    await expect(page.locator(".panel-card")).to_contain_text("A council draft")
    await page.select_option("#filter-status", "completed")
    await expect(page.locator(".empty")).to_contain_text("No panel matches")
    assert "status=completed" in page.url and "panel_type=council" in page.url


async def test_form_says_how_many_experts_a_strategy_takes_before_submitting(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.goto(dev_server.url + "/#/panels/new")
    await page.fill("#panel-query", "Which clinical evidence do we need before launch?")
    await expect(page.locator(".suggestion")).to_contain_text("Suggested")
    chosen = page.locator("input[name=agent_ids]:checked")
    while await chosen.count():
        await chosen.first.uncheck()
    for name in EXPERTS[:2]:
        await page.get_by_role("checkbox", name=name).check()
    legend = page.locator(".experts legend")
    await expect(legend).to_have_text("Experts (1 to 12)")
    await page.get_by_label("Council").check()
    await expect(legend).to_have_text("Experts (3 to 12)")
    await page.get_by_role("button", name="Start the panel").click()
    await expect(page.locator(".form-error")).to_have_text(
        "Council takes 3 to 12 experts: 2 chosen."
    )
    assert not [url for url in browser_page.requests if url.endswith("/api/v1/panels")]
    await page.get_by_role("checkbox", name="Quality Systems Expert").check()
    # One answer is no choice: said before anything is sent, the field marked.
    options = page.get_by_label("Answers to choose between")
    await options.fill("Registry data")
    await page.get_by_role("button", name="Start the panel").click()
    await expect(page.locator(".form-error")).to_contain_text("at least 2 answers")
    await expect(options).to_be_focused()
    await expect(options).to_have_attribute("aria-invalid", "true")
    assert not [url for url in browser_page.requests if url.endswith("/api/v1/panels")]
    # The answers to choose between, one per line (blank lines and spaces do not count).
    await page.get_by_label("Answers to choose between").fill("Registry data\n\n A new trial \n")
    await page.get_by_role("button", name="Start the panel").click()
    await expect(page.locator(".panel-header h1")).to_have_text(
        "Which clinical evidence do we need before launch?"
    )
    await expect(page.locator(".panel-options")).to_have_text(
        "Choosing between: Registry data · A new trial"
    )
    panel_id = page.url.split("#/panels/")[1]
    async with httpx.AsyncClient(base_url=dev_server.url) as client:
        panel = (await client.get(f"/api/v1/panels/{panel_id}")).json()
    assert panel["configuration"]["options"] == ["Registry data", "A new trial"]


async def test_form_chooses_no_expert_until_it_suggests_those_whose_documents_cover_the_query(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.goto(dev_server.url + "/#/panels/new")
    await expect(page.locator(".chosen")).to_have_text("No expert chosen yet.")
    await expect(page.locator("input[name=agent_ids]:checked")).to_have_count(0)
    fda = page.locator(".expert[data-agent=fda_expert]")
    await expect(fda.locator(".documents")).to_contain_text("FDA Premarket Pathways")
    fda_box = page.get_by_role("checkbox", name="FDA Regulatory Expert")
    finance_box = page.get_by_role("checkbox", name="Finance Expert")
    await page.fill("#panel-query", PATHWAY)
    await expect(fda.locator(".covers")).to_contain_text("covers this question")
    await expect(fda_box).to_be_checked()
    await expect(page.locator(".chosen")).to_contain_text("FDA Regulatory Expert")
    await expect(finance_box).not_to_be_checked()
    # A choice made by hand stays when the question changes; the suggestion is a click away.
    await finance_box.check()
    await page.fill("#panel-query", "Should we repaint the office?")
    await expect(page.locator(".suggestion")).to_contain_text("No expert's documents cover")
    await expect(fda_box).to_be_checked()
    await expect(finance_box).to_be_checked()
    await page.fill("#panel-query", PATHWAY)
    await page.get_by_role("button", name="Choose the suggested experts").click()
    await expect(finance_box).not_to_be_checked()
    await expect(fda_box).to_be_checked()


async def test_expert_citations_name_the_document_and_section(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    panel_id = await create_panel(
        dev_server.url, query=PATHWAY, panel_type="structured", agent_ids=["fda_expert"]
    )
    async with httpx.AsyncClient(base_url=dev_server.url) as client:
        await client.post(f"/api/v1/panels/{panel_id}/execute")
    page = browser_page.page
    await page.goto(f"{dev_server.url}/#/panels/{panel_id}")
    await expect(page.locator(".result")).to_contain_text("Recommendation", timeout=60_000)
    turn = page.locator(".expert-turn").first
    citation = turn.locator("cite.citation").first
    await expect(citation).to_contain_text("FDA Premarket Pathways › ")
    await expect(citation).to_have_attribute("title", re.compile("FDA Regulatory Expert"))
    await expect(turn.locator(".turn-text")).not_to_contain_text("[fda_expert/")
    # A citation opens the passage it cites.
    section = (await citation.inner_text()).split(" › ")[1]
    await citation.click()
    await expect(page.locator(".doc-header h1")).to_have_text(section)
    await expect(page.locator(".doc-header .meta")).to_contain_text("FDA Premarket Pathways")
    await expect(page.locator(".document-body")).not_to_be_empty()
    await page.go_back()
    await expect(page.locator(".result")).to_contain_text("Recommendation")


async def test_a_panel_short_of_its_quorum_shows_no_consensus_figure(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    # An expert with no documents of its own abstains: one vote of two.
    newcomer = {"agent_id": "newcomer", "name": "Newcomer", "role": "Intern", "persona": "New."}
    async with httpx.AsyncClient(base_url=dev_server.url) as client:
        await client.post("/api/v1/agents", json=newcomer)
        panel_id = await create_panel(
            dev_server.url,
            query=PATHWAY,
            panel_type="structured",
            agent_ids=["fda_expert", "newcomer"],
        )
        await client.post(f"/api/v1/panels/{panel_id}/execute")
    page = browser_page.page
    await page.goto(f"{dev_server.url}/#/panels/{panel_id}")
    summary = page.locator(".result .meta").first
    await expect(summary).to_contain_text("No quorum (1 voted, 2 needed)", timeout=60_000)
    await expect(summary).not_to_contain_text("Consensus")
    # Who voted is still said, with what they chose.
    await expect(page.locator(".round-consensus").first).to_have_text(
        re.compile(r"^no quorum \(1 voted, 2 needed\) · votes: (510\(k\)|De Novo) 1$")
    )
    # No round reached its quorum: the chart says so instead of drawing empty frames.
    await expect(page.locator(".consensus-chart svg")).to_have_count(0)
    await expect(page.locator(".consensus-chart")).to_contain_text("Round 1: no quorum")


async def _completed_panel(url: str, **body: object) -> dict[str, Any]:
    """A panel convened, run to its end over the API, and read back."""
    panel_id = await create_panel(url, **body)
    async with httpx.AsyncClient(base_url=url) as client:
        await client.post(f"/api/v1/panels/{panel_id}/execute")
        for _ in range(600):
            panel: dict[str, Any] = (await client.get(f"/api/v1/panels/{panel_id}")).json()
            if panel["status"] not in ("draft", "in_progress"):
                break
            await asyncio.sleep(0.1)
    assert panel["status"] == "completed", panel
    return panel


async def _open_with_dissent(server: Server, page: Page, recommendation: str) -> None:
    """A finished panel's page, as stored with the clinical expert dissenting and the given
    recommendation text."""
    panel = await _completed_panel(
        server.url,
        query=PATHWAY,
        panel_type="structured",
        agent_ids=["fda_expert", "clinical_expert"],
    )
    panel_id = panel["panel_id"]
    dissent = {"agent_id": "clinical_expert", "choice": "oppose", "confidence": 0.6}
    panel["consensus"]["dissent"] = [{**dissent, "summary": "Too early to tell."}]
    panel["recommendation"] = recommendation

    async def stored(route: Route) -> None:
        await route.fulfill(json=panel)

    await page.route(f"**/api/v1/panels/{panel_id}", stored)
    await page.goto(f"{server.url}/#/panels/{panel_id}")


async def test_dissent_names_the_experts_not_their_ids(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await _open_with_dissent(dev_server, page, "Recommendation: take the 510(k) route.")
    await expect(page.locator(".dissent li")).to_have_text(
        ["Clinical Evidence Expert (oppose): Too early to tell."]
    )


async def test_a_dissent_the_recommendation_states_is_not_repeated_in_a_box(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    stated = (
        "Recommendation: take the 510(k) route.\n\nDissent, oppose (1 vote):"
        " Clinical Evidence Expert (0.60): Too early to tell."
    )
    await _open_with_dissent(dev_server, page, stated)
    await expect(page.locator(".recommendation")).to_contain_text("Too early to tell.")
    await expect(page.locator(".dissent")).to_have_count(0)


async def test_a_panel_with_options_shows_each_position_and_round_by_option(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    options = ["De Novo", "510(k)"]
    panel_id = await create_panel(
        dev_server.url,
        query=PATHWAY,
        panel_type="structured",
        agent_ids=["fda_expert", "clinical_expert", "quality_expert"],
        configuration={"options": options, "max_rounds": 2},
    )
    async with httpx.AsyncClient(base_url=dev_server.url) as client:
        await client.post(f"/api/v1/panels/{panel_id}/execute")
    page = browser_page.page
    await page.goto(f"{dev_server.url}/#/panels/{panel_id}")
    await expect(page.locator(".result")).to_contain_text("Recommendation", timeout=60_000)
    badges = await page.locator(".position .badge").all_inner_texts()
    assert badges and set(badges) <= {*options, "abstains"}, badges
    # Each round that reached its quorum names the option it leans to and the votes.
    labels = await page.locator(".round-consensus").all_inner_texts()
    quorate = [label for label in labels if "no quorum" not in label]
    assert quorate, labels
    leaning = re.compile(r"onsensus \d+% on (De Novo|510\(k\))")
    for label in quorate:
        assert leaning.search(label), label
        assert "votes: " in label, label
    # The recommendation, and the panel in the history, name the option agreed on.
    await expect(page.locator(".result .meta").first).to_contain_text(leaning)
    await page.goto(f"{dev_server.url}/#/panels")
    card = page.locator(f".panel-card[href='#/panels/{panel_id}']")
    await expect(card).to_contain_text(leaning)


async def test_a_panel_failed_by_a_shutdown_reads_the_same_live_and_afterwards(
    tmp_path: Path, demo_database: Path, browser_page: BrowserPage
) -> None:
    # No time to finish: the panel ends, failed, as soon as the server is told to stop.
    settings = {"AGENTSTREAM_DEV_MODE": "true", "AGENTSTREAM_SHUTDOWN_DRAIN_S": "0", **SLOW_MODEL}
    page = browser_page.page
    status = page.locator(".panel-header .status")
    with running_server(tmp_path, demo_database, settings) as server:
        panel_id = await create_panel(
            server.url,
            query="Should we expand to the northern region?",
            panel_type="structured",
            agent_ids=["operations_expert", "finance_expert"],
            configuration={"max_rounds": 5},
        )
        await page.goto(f"{server.url}/#/panels/{panel_id}")
        await expect(page.locator(".expert-turn").first).to_be_visible()
        server.process.send_signal(signal.SIGTERM)
        await expect(status).to_have_text("failed")
        said_live = await page.locator(".result").inner_text()
    assert said_live.startswith("The panel failed: "), said_live
    # Opened on the restarted server, it says it in the same words.
    with running_server(tmp_path, demo_database, settings) as again:
        await page.goto(f"{again.url}/#/panels/{panel_id}")
        await expect(status).to_have_text("failed")
        await expect(page.locator(".result")).to_have_text(said_live)


async def test_screen_readers_hear_the_experts_while_they_speak(
    slow_server: Server, browser_page: BrowserPage
) -> None:
    panel_id = await create_panel(
        slow_server.url,
        query="Should we expand to the northern region?",
        panel_type="structured",
        agent_ids=["operations_expert", "finance_expert"],
        configuration={"max_rounds": 5},
    )
    page = browser_page.page
    await page.goto(f"{slow_server.url}/#/panels/{panel_id}")
    speech = page.locator(".page [aria-live=polite].live-speech")
    # One expert at a time, named first, in chunks of its words as they stream.
    await expect(speech).to_contain_text(
        re.compile(r"(Operations|Finance) Expert: token0 token1 token2")
    )
    said = await speech.locator("p").all_text_contents()
    await expect(page.locator(".expert-turn.speaking").first).to_be_visible()
    ended = await page.locator(".expert-turn:not(.speaking)").count()
    assert ended == 0, "said before any turn ended"
    await expect(speech.locator("p")).not_to_have_count(len(said))
    more = await speech.locator("p").all_text_contents()
    assert more[: len(said)] == said, "what was said stays, and is not said again"
    async with httpx.AsyncClient(base_url=slow_server.url) as client:
        await client.delete(f"/api/v1/panels/{panel_id}")


async def test_consensus_labels_never_sit_on_the_threshold_line(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    panel = await _completed_panel(
        dev_server.url,
        query=PATHWAY,
        panel_type="open",
        agent_ids=["fda_expert", "clinical_expert"],
        configuration={"max_rounds": 3},
    )
    # Levels a little under the threshold, at it and over it, one round each.
    levels = [0.55, 0.62, 0.7, 0.74, 0.75, 0.76, 0.9, 1.0]
    template = panel["rounds"][0]
    panel["rounds"] = [
        {**template, "number": n, "consensus": {**template["consensus"], "level": level}}
        for n, level in enumerate(levels, start=1)
    ]
    panel["configuration"]["consensus_threshold"] = 0.75
    page = browser_page.page

    async def stored(route: Route) -> None:
        await route.fulfill(json=panel)

    await page.route(f"**/api/v1/panels/{panel['panel_id']}", stored)
    await page.goto(f"{dev_server.url}/#/panels/{panel['panel_id']}")
    await expect(page.locator(".consensus-chart text.value")).to_have_count(len(levels))
    clashes = await page.evaluate(
        """() => {
          const line = document.querySelector(".consensus-chart line.threshold").getBBox();
          return [...document.querySelectorAll(".consensus-chart text.value")]
            .map((text) => [text.textContent, text.getBBox()])
            .filter(([, box]) => box.y <= line.y + 1 && box.y + box.height >= line.y - 1)
            .map(([label]) => label);
        }"""
    )
    assert clashes == [], f"labels on the threshold line: {clashes}"


async def test_a_yes_no_question_shows_the_proposition_the_experts_voted_on(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    panel = await _completed_panel(
        dev_server.url,
        query="Should we skip clinical data for our 510(k)?",
        panel_type="structured",
        agent_ids=["fda_expert", "clinical_expert"],
    )
    proposition = panel["configuration"]["proposition"]
    assert proposition and panel["configuration"]["options"] == []
    page = browser_page.page
    await page.goto(f"{dev_server.url}/#/panels/{panel['panel_id']}")
    await expect(page.locator(".panel-options")).to_have_text(f"Voting on: {proposition}")


async def test_a_devils_advocate_argues_a_side_and_casts_no_vote(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    panel = await _completed_panel(
        dev_server.url,
        query=PATHWAY,
        panel_type="adversarial",
        agent_ids=["fda_expert", "clinical_expert", "quality_expert"],
    )
    page = browser_page.page
    await page.goto(f"{dev_server.url}/#/panels/{panel['panel_id']}")
    challenges = page.locator(".expert-turn", has=page.locator(".turn-kind", has_text="challenge"))
    await expect(challenges.first).to_be_visible()
    for index in range(await challenges.count()):
        position = challenges.nth(index).locator(".position")
        await expect(position.locator(".badge")).to_have_text(re.compile(r"^argues: \w"))
        await expect(position.locator(".confidence")).to_have_count(0)
    # The voters' positions are still votes, with their confidence.
    voters = page.locator(".expert-turn", has=page.locator(".turn-kind", has_text="position"))
    await expect(voters.first.locator(".position .confidence")).to_be_visible()
