"""Text no database can store (NUL, unpaired surrogates) is invalid input naming where it is,
never a database error: on SQLite and on PostgreSQL alike."""

import httpx
import pytest

from agentstream.settings import Settings

PANEL = '{"query": "Q", "agent_ids": ["fda_expert", "clinical_expert"]}'


@pytest.fixture
def settings(settings: Settings, database_url: str) -> Settings:
    """The service database on each backend."""
    return settings.model_copy(update={"database_url": database_url})


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"query": "Q", "agent_ids": ["t\\u0000"]}', "agent_ids.0"),
        ('{"query": "Q\\ud800", "agent_ids": ["fda_expert"]}', "query"),
        (PANEL[:-1] + ', "configuration": {"k\\u0000": 1}}', "configuration.k\x00"),
    ],
)
async def test_unstorable_text_in_a_body_is_422_naming_the_field(
    client: httpx.AsyncClient, body: str, field: str
) -> None:
    response = await client.post(
        "/api/v1/panels", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422, response.text
    [detail] = response.json()["error"]["details"]
    assert (detail["field"], detail["type"]) == (field, "string_unstorable")


async def test_nul_in_a_path_id_is_404(client: httpx.AsyncClient) -> None:
    for path in ("/api/conversations/a%00b", "/api/v1/agents/a%00b"):
        assert (await client.get(path)).status_code == 404, path


async def test_nul_in_a_query_parameter_is_422(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/panels", params={"status": "a\x00"})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "query.status"


async def test_a_surrogate_pair_is_one_character_and_stored(client: httpx.AsyncClient) -> None:
    body = '{"title": "Math \\ud835\\udc13", "content": "bold T"}'
    response = await client.post(
        "/api/documents", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 201
    assert response.json()["title"] == "Math \U0001d413"
