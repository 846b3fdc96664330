"""The UI works from the keyboard alone: ask, open the steps, move between sections."""

from playwright.async_api import Page, expect

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


async def _tab_to(page: Page, selector: str, presses: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus (bounded)."""
    for _ in range(presses):
        await page.keyboard.press("Tab")
        if await page.evaluate("(s) => document.activeElement?.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


async def _outline_of_focused(page: Page) -> str:
    return str(await page.evaluate("getComputedStyle(document.activeElement).outlineStyle"))


async def test_a_panel_is_convened_with_the_keyboard_only_and_focus_is_visible(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.goto(dev_server.url + "/#/panels")
    await _tab_to(page, "a[href='#/panels/new']")
    assert await _outline_of_focused(page) != "none", "the focused link shows it"
    await page.keyboard.press("Enter")
    # The question box has the focus when the form opens.
    await expect(page.locator("#panel-query")).to_be_focused()
    await page.keyboard.type("Which clinical evidence do we need before launch?")
    await expect(page.locator(".suggestion")).to_contain_text("Suggested")
    # The strategy: a radio group, changed with the arrow keys.
    await _tab_to(page, "input[name=panel_type]")
    await page.keyboard.press("ArrowDown")
    await expect(page.get_by_label("Open debate")).to_be_checked()
    assert await _outline_of_focused(page) != "none", "the focused radio shows it"
    await _tab_to(page, "#panel-options")
    await page.keyboard.type("Registry data\nA new trial")
    # An expert more, with Space.
    await _tab_to(page, "input[value=quality_expert]")
    await page.keyboard.press("Space")
    await expect(page.get_by_role("checkbox", name="Quality Systems Expert")).to_be_checked()
    await _tab_to(page, "button[type=submit]")
    await page.keyboard.press("Enter")
    await expect(page.locator(".panel-options")).to_have_text(
        "Choosing between: Registry data · A new trial"
    )
    await expect(page.locator(".panel-header .meta").first).to_contain_text("Open debate")
