"""Paged listings: an offset the databases cannot hold is a 422 naming it, never a 500."""

import httpx
import pytest

from agentstream.api.pagination import MAX_OFFSET
from agentstream.settings import Settings

LISTINGS = ["/api/conversations", "/api/documents", "/api/v1/panels"]


@pytest.fixture
def settings(settings: Settings, database_url: str) -> Settings:
    """The bound is the databases': these tests run on SQLite and on PostgreSQL."""
    return settings.model_copy(update={"database_url": database_url})


@pytest.mark.parametrize("path", LISTINGS)
@pytest.mark.parametrize("offset", [MAX_OFFSET + 1, 99999999999999999999, 10**100])
async def test_offset_beyond_64_bits_is_422_naming_the_field(
    client: httpx.AsyncClient, path: str, offset: int
) -> None:
    response = await client.get(path, params={"offset": offset})
    assert response.status_code == 422, response.text
    assert response.json()["error"]["details"][0]["field"] == "query.offset"


@pytest.mark.parametrize("path", LISTINGS)
async def test_largest_offset_is_an_empty_page(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path, params={"offset": MAX_OFFSET, "limit": 100})
    assert response.status_code == 200, response.text
    page = response.json()
    # The PostgreSQL database is shared by the session's tests: others may have stored rows.
    total = (await client.get(path, params={"limit": 1})).json()["total"]
    assert page["offset"] == MAX_OFFSET and page["total"] == total
    assert [value for value in page.values() if isinstance(value, list)] == [[]]


async def test_panel_listing_keeps_the_seed_rules(client: httpx.AsyncClient) -> None:
    huge_limit = await client.get("/api/v1/panels", params={"limit": 10**30})
    assert (huge_limit.status_code, huge_limit.json()["detail"]) == (400, "Limit cannot exceed 100")
    negative = await client.get("/api/v1/panels", params={"offset": -(10**30)})
    assert negative.status_code == 400
    assert negative.json()["error"]["details"] == {"field": "offset"}
