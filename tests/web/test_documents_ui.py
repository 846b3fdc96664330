"""Documents and navigation in a real browser: a cited section opens in view, a toast belongs
to its view, and an address the UI does not know is said to be unknown."""

from urllib.parse import quote

import httpx
import pytest
from playwright.async_api import expect

from tests.web.conftest import BrowserPage
from tests.web.server import Server

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


async def _builtin_id(url: str, title: str) -> str:
    async with httpx.AsyncClient(base_url=url) as client:
        documents = (await client.get("/api/documents/builtin")).json()["documents"]
    document_id: str = next(d["id"] for d in documents if d["title"] == title)
    return document_id


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
async def test_a_cited_section_opens_below_the_top_bar(
    dev_server: Server, browser_page: BrowserPage, viewport: dict[str, int]
) -> None:
    page = browser_page.page
    await page.set_viewport_size(viewport)
    document_id = await _builtin_id(dev_server.url, "Leave Policy")
    section = "How to request vacation"
    await page.goto(f"{dev_server.url}/#/documents/{document_id}?section={quote(section)}")
    cited = page.locator(".document-body .cited")
    await expect(cited).to_have_text(section)
    await expect(cited).to_be_focused()
    # The page did scroll to it, and the sticky top bar does not cover it.
    assert await page.evaluate("window.scrollY") > 0
    heading = await cited.bounding_box()
    header = await page.locator(".topbar").bounding_box()
    assert heading and header
    assert heading["y"] >= header["y"] + header["height"], (heading, header)


async def test_a_documents_toast_is_gone_once_the_reader_moves_on(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.goto(dev_server.url + "/#/documents")
    await page.fill("#doc-title", "On-call rota")
    await page.fill("#doc-content", "# On-call rota\n\n## Weekends\n\nTwo technicians.")
    await page.get_by_role("button", name="Upload").click()
    # Said on the document's page, the one it is about.
    await expect(page.locator(".doc-header h1")).to_have_text("On-call rota")
    await expect(page.locator(".notice")).to_contain_text("added")
    await page.get_by_role("link", name="← Documents").click()
    await expect(page.locator("h1")).to_have_text("Documents")
    assert await page.locator(".notice").count() == 0


async def test_an_unknown_address_is_not_found_with_a_way_home(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.goto(dev_server.url + "/#/nowhere")
    await expect(page.locator("main h1")).to_have_text("Page not found")
    assert page.url.endswith("#/nowhere"), "the address stays as it was typed"
    await page.get_by_role("link", name="Go to the chat").click()
    await expect(page.locator("#chat-input")).to_be_visible()
