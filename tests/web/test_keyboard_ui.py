"""The UI works from the keyboard alone: ask, open the steps, move between sections."""

from playwright.async_api import expect

from tests.web.conftest import BrowserPage
from tests.web.server import Server


async def test_chat_is_usable_with_the_keyboard_only(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.goto(dev_server.url)
    # The question box has the focus when the chat opens.
    await expect(page.locator("#chat-input")).to_be_focused()
    await page.keyboard.type("How many technicians are active?")
    await page.keyboard.press("Enter")
    await expect(page.locator(".turn .answer")).to_contain_text("10 active technicians")
    await expect(page.locator("#chat-input")).to_be_focused()
    # Shift+Tab walks back from the question box to the answer's steps, which Enter opens.
    for _ in range(10):
        await page.keyboard.press("Shift+Tab")
        if await page.evaluate("document.activeElement.textContent.startsWith('Steps')"):
            break
    await page.keyboard.press("Enter")
    await expect(page.locator(".turn .steps-box")).to_have_attribute("open", "")
    # The skip link moves the focus to the content and keeps the view.
    await page.goto(dev_server.url + "/#/panels")
    await page.focus(".skip-link")
    await page.keyboard.press("Enter")
    await expect(page.locator("main")).to_be_focused()
    assert page.url.endswith("#/panels")
    await expect(page.get_by_role("heading", name="Panels")).to_be_visible()
