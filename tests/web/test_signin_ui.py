"""Sign-in outside development mode: a wrong key is refused, the right one shows the tenant and
is kept for the tab's session only; streams open with stream tokens."""

from playwright.async_api import expect

from tests.web.conftest import BrowserPage, SecureServer


async def test_wrong_key_is_refused_and_the_right_one_signs_in(
    secure_server: SecureServer, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.goto(secure_server.server.url)
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    await expect(page.locator(".tabs")).to_be_hidden()
    # Nothing asks the service for a key before one is entered (no 401 in the console).
    assert [url for url in browser_page.requests if "/api/" in url] == []
    assert browser_page.console_errors == []
    await page.fill("#api-key", "as_wrong_key")
    await page.press("#api-key", "Enter")
    await expect(page.locator(".form-error")).to_contain_text("not accepted")
    # The refused field is marked for assistive technology, and described by the error.
    await expect(page.locator("#api-key")).to_have_attribute("aria-invalid", "true")
    described = await page.get_attribute("#api-key", "aria-describedby") or ""
    assert "api-key-error" in described.split(), described
    await page.fill("#api-key", secure_server.api_key)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.locator("#tenant-name")).to_have_text(secure_server.tenant_name)
    stored = await page.evaluate("sessionStorage.getItem('agentstream.apiKey')")
    assert stored == secure_server.api_key
    assert await page.evaluate("localStorage.length") == 0
    # Signing out forgets the key.
    await page.get_by_role("button", name="Sign out").click()
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert await page.evaluate("sessionStorage.getItem('agentstream.apiKey')") is None


async def test_signed_in_panel_streams_through_a_stream_token(
    secure_server: SecureServer, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.goto(secure_server.server.url + "/#/panels/new")
    await page.fill("#api-key", secure_server.api_key)
    await page.press("#api-key", "Enter")
    await expect(page.locator("#panel-query")).to_be_visible()
    await page.fill("#panel-query", "Is a Pre-Submission worth it?")
    await page.get_by_role("checkbox", name="FDA Regulatory Expert").check()
    await page.get_by_role("button", name="Start the panel").click()
    await expect(page.locator(".result")).to_contain_text("Recommendation", timeout=60_000)
    streams = [url for url in browser_page.requests if url.split("?")[0].endswith("/stream")]
    assert streams and all("token=" in url for url in streams)
    assert secure_server.api_key not in " ".join(browser_page.requests)
    assert browser_page.foreign_requests() == []
