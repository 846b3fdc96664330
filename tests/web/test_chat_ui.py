"""The chat UI in a real browser against a real server: answers, steps, sources, follow-ups,
stop, and resume after a network drop."""

import re

from playwright.async_api import expect

from tests.web.conftest import BrowserPage
from tests.web.server import Server


async def ask(browser: BrowserPage, question: str) -> None:
    page = browser.page
    await page.fill("#chat-input", question)
    await page.press("#chat-input", "Enter")


async def test_chat_round_trip_shows_answer_steps_and_sources(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.goto(dev_server.url)
    await ask(browser_page, "How many technicians are active?")
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
    await expect(steps.locator(".step-sql")).to_contain_text("1 row")
    await expect(turn.locator(".sources")).to_contain_text("1 row from the database")
    # The conversation is listed and named by the URL.
    await expect(page.locator(".conversation-list a").first).to_contain_text("How many technicians")
    assert re.search(r"#/chat/.+", page.url)
    assert browser_page.foreign_requests() == []


async def test_follow_up_continues_the_conversation_with_linked_documents(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.goto(dev_server.url + "/#/chat")
    await ask(browser_page, "Which urgent work orders are still open?")
    await expect(page.locator(".turn .turn-status .meta")).to_have_count(1)
    conversation_url = page.url
    await ask(browser_page, "What is the overtime policy?")
    await expect(page.locator(".turn")).to_have_count(2)
    second = page.locator(".turn").nth(1)
    await expect(second.locator(".answer")).to_contain_text("Overtime")
    await expect(second.locator(".sources a").first).to_have_attribute(
        "href", re.compile("#/documents/")
    )
    assert page.url == conversation_url
    # Reloaded, the conversation shows both turns from storage.
    await page.reload()
    await expect(page.locator(".turn")).to_have_count(2)
    await expect(page.locator(".turn").nth(1).locator(".sources")).to_contain_text("Overtime")
    # A cited document opens.
    await page.locator(".turn").nth(1).locator(".sources a").first.click()
    await expect(page.locator(".doc-header h1")).to_have_text("Overtime Policy")
    await expect(page.locator(".document-body h2").first).to_be_visible()
