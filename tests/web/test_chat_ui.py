"""The chat UI in a real browser against a real server: answers, steps, sources, follow-ups,
stop, and resume after a network drop."""

import asyncio
import re
import signal
import uuid
from pathlib import Path
from urllib.parse import parse_qs

import httpx
from playwright.async_api import Locator, Route, expect

from tests.web.conftest import SLOW_MODEL, SLOW_TOKENS, BrowserPage
from tests.web.proxy import DroppingProxy
from tests.web.server import Server, running_server


async def test_chat_round_trip_shows_answer_steps_and_sources(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.goto(dev_server.url)
    await browser_page.ask("How many technicians are active?")
    turn = page.locator(".turn").last
    await expect(turn.locator(".answer")).to_contain_text("10 active technicians")
    await expect(turn.locator(".turn-status")).to_contain_text("route: sql")
    # Screen readers hear the streamed answer through a polite live region.
    live = page.locator(".chat-main [aria-live=polite]")
    await expect(live).to_contain_text("10 active technicians")
    steps = turn.locator(".steps-box")
    await steps.locator("summary").first.click()
    await expect(steps.locator(".step-thought")).to_be_visible()
    await steps.locator(".step-sql summary").click()
    await expect(steps.locator(".step-sql pre")).to_contain_text("SELECT")
    # The values bound to the query's parameters are shown where their placeholders stand.
    await expect(steps.locator(".step-sql pre mark.bound")).to_have_text(["'active'"])
    assert ":lower" not in await steps.locator(".step-sql pre").inner_text()
    await expect(steps.locator(".step-sql")).to_contain_text("1 row")
    await expect(turn.locator(".sources")).to_contain_text("1 row from the database")
    # The conversation is listed and named by the URL.
    await expect(page.locator(".conversation-list a").first).to_contain_text("How many technicians")
    assert re.search(r"#/chat/.+", page.url)
    assert browser_page.foreign_requests() == []


async def _steps_shown(turn: Locator) -> list[str]:
    """The steps of a turn, each as its badge and summary (shown or folded)."""
    steps = turn.locator(".steps > li")
    return [" ".join(text.split()) for text in await steps.all_text_contents()]


async def test_follow_up_continues_the_conversation_with_linked_documents(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.goto(dev_server.url + "/#/chat")
    await browser_page.ask("Which urgent work orders are still open?")
    await expect(page.locator(".turn .turn-status .meta")).to_have_count(1)
    conversation_url = page.url
    await browser_page.ask("What is the overtime policy?")
    await expect(page.locator(".turn")).to_have_count(2)
    second = page.locator(".turn").nth(1)
    await expect(second.locator(".answer")).to_contain_text("Overtime")
    await expect(second.locator(".turn-status .meta")).to_be_visible()
    live_steps = await _steps_shown(second)
    assert any("Thought" in step for step in live_steps), live_steps
    await expect(second.locator(".sources a").first).to_have_attribute(
        "href", re.compile("#/documents/")
    )
    # A document cited by its sections is not listed once more as a whole.
    links = await second.locator(".sources a").all_inner_texts()
    assert links and all(" — " in link for link in links), links
    assert page.url == conversation_url
    # Reloaded, the conversation shows both turns from storage.
    await page.reload()
    await expect(page.locator(".turn")).to_have_count(2)
    await expect(page.locator(".turn").nth(1).locator(".sources")).to_contain_text("Overtime")
    # The steps are those a watcher saw, counted alike; counts read as a person writes them.
    assert await _steps_shown(second) == live_steps
    assert not re.search(r"\b1 (passages|rows)\b", await second.inner_text())
    # A cited document opens.
    cited = page.locator(".turn").nth(1).locator(".sources a[href*='section=']").first
    href = await cited.get_attribute("href") or ""
    section = parse_qs(href.partition("?")[2])["section"][0]
    await cited.click()
    await expect(page.locator(".doc-header h1")).to_have_text("Overtime Policy")
    # It opens at the section cited.
    await expect(page.locator(".document-body .cited")).to_have_text(section)
    await expect(page.locator(".document-body .cited")).to_be_focused()
    await expect(page.locator(".document-body .cited")).to_be_in_viewport()


async def test_a_long_thread_scrolls_inside_the_chat_and_the_question_box_stays_in_view(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.set_viewport_size({"width": 1280, "height": 480})
    await page.goto(dev_server.url + "/#/chat")
    questions = ("Which urgent work orders are still open?", "What is the overtime policy?")
    for answered, question in enumerate(questions, start=1):
        await browser_page.ask(question)
        await expect(page.locator(".turn .turn-status .meta")).to_have_count(answered)
        # The answer's end (its sources and summary line) is in view once it is done.
        await expect(page.locator(".turn").last.locator(".turn-status .meta")).to_be_in_viewport()
    await expect(page.locator("#chat-input")).to_be_in_viewport()
    # Reopened, the conversation shows its latest turn, the question box under it.
    await page.reload()
    await expect(page.locator(".turn")).to_have_count(2)
    await expect(page.locator(".turn").last.locator(".turn-status .meta")).to_be_in_viewport()
    await expect(page.locator("#chat-input")).to_be_in_viewport()


async def test_a_new_conversation_is_listed_while_its_first_answer_streams(
    slow_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.goto(slow_server.url + "/#/chat")
    question = "Which technicians joined this year, and which of them work in the North region?"
    await browser_page.ask(question)
    await expect(page.locator(".turn .answer")).to_contain_text("token3")
    listed = page.locator(".conversation-list a").first
    await expect(listed).to_contain_text("Which technicians joined this year")
    # It is the conversation shown, marked so, and named by the URL, before its answer ends.
    await expect(listed).to_have_attribute("aria-current", "page")
    assert re.search(r"#/chat/.+", page.url)
    # Its whole title is its tooltip; the list shows it on two lines.
    await expect(listed).to_have_attribute("title", question)
    lines = await listed.locator(".title").evaluate(
        "(el) => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)"
    )
    assert lines > 1.5, lines
    assert f"token{SLOW_TOKENS - 1}" not in await page.locator(".turn .answer").inner_text()
    await page.get_by_role("button", name="Stop").click()


async def test_stop_button_cancels_the_turn(
    slow_server_per_storage: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.goto(slow_server_per_storage.url)
    await browser_page.ask("How many technicians are active?")
    stop = page.get_by_role("button", name="Stop")
    await expect(page.locator(".turn .answer")).to_contain_text("token5")
    await stop.click()
    await expect(page.locator(".turn .turn-status")).to_contain_text("Stopped.")
    await expect(stop).to_be_hidden()
    shown = await page.locator(".turn .answer").inner_text()
    assert f"token{SLOW_TOKENS - 1}" not in shown
    conversation_id = page.url.split("#/chat/")[1]
    async with httpx.AsyncClient(base_url=slow_server_per_storage.url) as client:
        stored = (await client.get(f"/api/conversations/{conversation_id}")).json()
    answer = stored["messages"][-1]
    assert answer["status"] == "cancelled"
    assert answer["content"].strip() == shown.strip()
    # Reloaded, it still says a person stopped it (this page cannot tell it was this one).
    await page.reload()
    await expect(page.locator(".turn .turn-status")).to_have_text("Stopped before it finished.")


async def test_a_turn_stopped_elsewhere_is_not_said_stopped_by_this_page(
    slow_server_per_storage: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.goto(slow_server_per_storage.url)
    async with page.expect_response("**/api/chat/stream") as started:
        await browser_page.ask("How many technicians are active?")
    run_id = await (await started.value).header_value("x-run-id")
    await expect(page.locator(".turn .answer")).to_contain_text("token5")
    # Another tab, or a script, cancels it through the API.
    async with httpx.AsyncClient(base_url=slow_server_per_storage.url) as client:
        assert (await client.post(f"/api/chat/runs/{run_id}/cancel")).status_code == 204
    await expect(page.locator(".turn .turn-status")).to_have_text("Stopped before it finished.")
    await expect(page.get_by_role("button", name="Stop")).to_be_hidden()


async def test_answer_resumes_after_a_network_drop_without_duplicated_text(
    slow_server_per_storage: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    host, port = slow_server_per_storage.url.removeprefix("http://").split(":")
    proxy = DroppingProxy(host, int(port))
    async with proxy.serving() as proxied:
        await page.goto(proxied)
        await browser_page.ask("How many technicians are active?")
        await expect(page.locator(".turn .answer")).to_contain_text("token10")
        proxy.drop()
        await expect(page.locator(".turn .turn-status .meta")).to_contain_text(
            "route", timeout=30_000
        )
    words = (await page.locator(".turn .answer").inner_text()).split()
    assert words == [f"token{i}" for i in range(SLOW_TOKENS)], "every token once, in order"
    # It went through the run's stream with a fresh token and the last id it had seen.
    resumed = [url for url in browser_page.requests if "/api/chat/runs/" in url]
    assert resumed and all("token=" in url and "last_event_id=" in url for url in resumed)
    assert int(resumed[0].split("last_event_id=")[1].split("&")[0]) > 0


async def test_a_conversation_that_does_not_exist_is_not_found_with_no_retry(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.goto(f"{dev_server.url}/#/chat/{uuid.uuid4()}")
    missing = page.locator(".thread .not-found")
    await expect(missing).to_contain_text("Conversation not found")
    await expect(page.get_by_role("button", name="Try again")).to_have_count(0)
    await missing.get_by_role("link", name="Start a new chat").click()
    await expect(page.locator(".welcome")).to_be_visible()


async def test_a_turn_the_service_cancelled_after_its_client_left_says_so(
    impatient_server: Server, browser_page: BrowserPage
) -> None:
    async with httpx.AsyncClient(base_url=impatient_server.url) as client:
        body = {"message": "How many technicians are active?"}
        async with client.stream("POST", "/api/chat/stream", json=body) as response:
            async for line in response.aiter_lines():
                if line.startswith("data:") and "token2" in line:
                    break  # the client leaves mid-answer
        conversation = (await client.get("/api/conversations")).json()["conversations"][0]
        path = f"/api/conversations/{conversation['id']}"
        for _ in range(100):
            answer = (await client.get(path)).json()["messages"][-1]
            if answer["status"] == "cancelled":
                break
            await asyncio.sleep(0.1)
    assert answer["status"] == "cancelled"
    page = browser_page.page
    await page.goto(f"{impatient_server.url}/#/chat/{conversation['id']}")
    status = page.locator(".turn .turn-status")
    await expect(status).to_have_text(
        "Cut short: the connection was lost for longer than the service waits, "
        "so it stopped the answer."
    )


async def test_a_turn_cut_short_by_the_server_shutting_down_says_so(
    tmp_path: Path, demo_database: Path, browser_page: BrowserPage
) -> None:
    # No time to finish: the turn ends as soon as the server is told to stop.
    settings = {"AGENTSTREAM_DEV_MODE": "true", "AGENTSTREAM_SHUTDOWN_DRAIN_S": "0", **SLOW_MODEL}
    with running_server(tmp_path, demo_database, settings) as server:
        page = browser_page.page
        await page.goto(server.url)
        await browser_page.ask("How many technicians are active?")
        await expect(page.locator(".turn .answer")).to_contain_text("token5")
        server.process.send_signal(signal.SIGTERM)
        await expect(page.locator(".turn .turn-status")).to_have_text(
            "Cut short: the server shut down before the answer finished."
        )


async def test_the_answer_is_announced_in_chunks_while_it_streams(
    slow_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.goto(slow_server.url + "/#/chat")
    await browser_page.ask("How many technicians are active?")
    live = page.locator(".chat-main [aria-live=polite]")
    answer = page.locator(".turn .answer")
    # With no sentence's end in sight, the words streamed so far are said all the same.
    await expect(live).to_contain_text("token0 token1 token2")
    assert f"token{SLOW_TOKENS - 1}" not in await answer.inner_text(), "said before the end"
    await page.wait_for_function(
        "() => document.querySelectorAll('.chat-main [aria-live=polite] p').length >= 2"
    )
    assert f"token{SLOW_TOKENS - 1}" not in await answer.inner_text(), "and again as it grew"
    await expect(page.locator(".turn .turn-status .meta")).to_contain_text("route")
    await expect(live).to_contain_text(f"token{SLOW_TOKENS - 1}")
    chunks = await live.locator("p").all_text_contents()
    words = " ".join(chunks).split()
    assert words == [f"token{i}" for i in range(SLOW_TOKENS)], "every word once, in order"
    # In chunks, not token by token.
    assert 3 <= len(chunks) <= SLOW_TOKENS // 5, chunks


async def test_a_question_the_service_refuses_stays_in_the_box(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page

    async def refuse(route: Route) -> None:
        error = {"error": {"code": "rate_limited", "message": "Too many requests"}}
        await route.fulfill(status=429, json=error)

    await page.route("**/api/chat/stream", refuse)
    await page.goto(dev_server.url + "/#/chat")
    question = "Which urgent work orders are still open?"
    await browser_page.ask(question)
    await expect(page.locator(".turn .error-block")).to_contain_text("Too many requests")
    await expect(page.locator("#chat-input")).to_have_value(question)


async def test_the_question_box_does_not_move_while_the_answer_resumes(
    slow_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    host, port = slow_server.url.removeprefix("http://").split(":")
    proxy = DroppingProxy(host, int(port))

    async def slowly(route: Route) -> None:
        await asyncio.sleep(2)
        await route.continue_()

    async with proxy.serving() as proxied:
        # The resume waits a while: time to see the page say the connection was lost.
        await page.route("**/api/chat/runs/*/stream*", slowly)
        await page.goto(proxied)
        await browser_page.ask("How many technicians are active?")
        await expect(page.locator(".turn .answer")).to_contain_text("token5")
        box = page.locator("#chat-input")
        before = await box.bounding_box()
        proxy.drop()
        await expect(page.locator(".connection")).to_have_text("Connection lost, resuming…")
        assert await box.bounding_box() == before
        await expect(page.locator(".turn .turn-status .meta")).to_contain_text(
            "route", timeout=30_000
        )
