"""One rule per kind of error: malformed path ids, headers and bodies, and the seed's own 400s."""

import asyncio
import json
import sys

import httpx
import pytest
from asgi_lifespan import LifespanManager

from agentstream.api.errors import GUARANTEED_JSON_DEPTH
from agentstream.app import create_app
from agentstream.settings import Settings
from tests.sse import parse_frames

PANEL = {"query": "FDA 510(k) strategy?", "agent_ids": ["fda_expert", "clinical_expert"]}


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/api/chat/runs/not-a-uuid/stream", "Run not found"),
        ("/api/chat/runs/12345/stream", "Run not found"),
        ("/api/documents/not-a-uuid", "Document not found"),
        ("/api/v1/panels/not-a-uuid", "Panel not found"),
        ("/api/v1/panels/not-a-uuid/stream", "Panel not found"),
        ("/api/conversations/no-such-conversation", "Conversation not found"),
        ("/api/v1/agents/no-such-agent", "Agent not found"),
    ],
)
async def test_malformed_path_id_is_404_like_an_unknown_one(
    client: httpx.AsyncClient, path: str, message: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 404
    assert response.json()["error"] == {"code": "not_found", "message": message, "details": None}


async def test_malformed_document_id_is_404_on_delete_too(client: httpx.AsyncClient) -> None:
    assert (await client.delete("/api/documents/x")).status_code == 404


@pytest.mark.parametrize("value", ["99999999999999999999999", "-1", "abc", "", "1e3"])
async def test_malformed_last_event_id_is_400(client: httpx.AsyncClient, value: str) -> None:
    panel = (await client.post("/api/v1/panels", json=PANEL)).json()
    response = await client.get(
        f"/api/v1/panels/{panel['panel_id']}/stream", headers={"Last-Event-ID": value}
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "bad_request"
    assert error["details"][0]["field"] == "header.Last-Event-ID"


async def test_malformed_last_event_id_is_400_on_the_chat_run_stream(
    client: httpx.AsyncClient,
) -> None:
    answer = await client.post(
        "/api/chat/stream", json={"message": "How many technicians are active?"}
    )
    path = f"/api/chat/runs/{answer.headers['X-Run-ID']}/stream"
    response = await client.get(path, headers={"Last-Event-ID": "99999999999999999999999"})
    assert response.status_code == 400
    assert (await client.get(path, headers={"Last-Event-ID": "1"})).status_code == 200


async def _post_json(client: httpx.AsyncClient, body: bytes) -> httpx.Response:
    return await client.post(
        "/api/v1/panels", content=body, headers={"Content-Type": "application/json"}
    )


def _json_invalid(response: httpx.Response) -> dict[str, object]:
    assert response.status_code == 422, response.text
    [detail] = response.json()["error"]["details"]
    assert detail["type"] == "json_invalid" and detail["field"] == "body"
    assert f"(at character {detail['position']})" in detail["message"]
    return detail  # type: ignore[no-any-return]


async def test_body_that_is_not_utf8_is_422_json_invalid_with_its_position(
    client: httpx.AsyncClient,
) -> None:
    detail = _json_invalid(await _post_json(client, b'{"query": "caf\xe9"}'))
    assert detail["position"] == len('{"query": "caf')
    assert "UTF-8" in str(detail["message"])


async def test_json_nested_too_deeply_is_422_json_invalid_with_its_position(
    client: httpx.AsyncClient,
) -> None:
    prefix = '{"query": "x", "configuration": {"a": '
    body = prefix + "[" * 100_000 + "]" * 100_000 + "}}"
    detail = _json_invalid(await _post_json(client, body.encode()))
    # The first bracket past the depth the service always parses (the object counts two).
    assert detail["position"] == len(prefix) + GUARANTEED_JSON_DEPTH - 2
    assert "nested too deeply" in str(detail["message"])


async def test_json_nested_within_the_guaranteed_depth_is_parsed(
    client: httpx.AsyncClient,
) -> None:
    depth = GUARANTEED_JSON_DEPTH - 3
    configuration = {"max_rounds": 2, "note": json.loads("[" * depth + "]" * depth)}
    response = await client.post("/api/v1/panels", json={**PANEL, "configuration": configuration})
    # Parsed: what the panel makes of the configuration is its own rule, not a JSON error.
    assert response.status_code in (201, 400), response.text


async def test_integer_longer_than_python_converts_is_422_json_invalid_with_its_position(
    client: httpx.AsyncClient,
) -> None:
    digits = sys.get_int_max_str_digits()
    prefix = '{"query": "1234", "configuration": {"max_rounds": '
    body = prefix + "9" * (digits + 1) + "}}"
    detail = _json_invalid(await _post_json(client, body.encode()))
    assert detail["position"] == len(prefix)
    assert f"integer of more than {digits} digits" in str(detail["message"])


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
async def test_blank_panel_query_is_422_like_an_empty_one(
    client: httpx.AsyncClient, query: str
) -> None:
    response = await client.post("/api/v1/panels", json={**PANEL, "query": query})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "query"


async def test_seed_004_400s_stay(client: httpx.AsyncClient) -> None:
    too_many = await client.get("/api/v1/panels?limit=101")
    assert (too_many.status_code, too_many.json()["detail"]) == (400, "Limit cannot exceed 100")
    unknown_type = await client.post("/api/v1/panels", json={**PANEL, "panel_type": "nope"})
    assert unknown_type.status_code == 400
    panel = (await client.post("/api/v1/panels", json=PANEL)).json()
    assert (await client.delete(f"/api/v1/panels/{panel['panel_id']}")).status_code == 204
    terminal = await client.delete(f"/api/v1/panels/{panel['panel_id']}")
    assert (terminal.status_code, terminal.json()["detail"]) == (
        400,
        "Cannot cancel terminal panel",
    )


async def test_stream_of_a_panel_cancelled_before_it_ran_is_409(
    client: httpx.AsyncClient,
) -> None:
    panel = (await client.post("/api/v1/panels", json=PANEL)).json()
    await client.delete(f"/api/v1/panels/{panel['panel_id']}")
    response = await client.get(f"/api/v1/panels/{panel['panel_id']}/stream")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"


@pytest.mark.parametrize("retention_s", [0.0, 60.0])
async def test_resuming_after_the_end_of_a_finished_run_ends_at_once(
    settings: Settings, retention_s: float
) -> None:
    # Whether the broker still holds the finished run or only the database does.
    application = create_app(settings.model_copy(update={"run_retention_s": retention_s}))
    async with LifespanManager(application, startup_timeout=60):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            answer = await client.post(
                "/api/chat/stream", json={"message": "How many technicians are active?"}
            )
            path = f"/api/chat/runs/{answer.headers['X-Run-ID']}/stream"
            for last_seen in ("999999", str(max(f.id or 0 for f in parse_frames(answer.text)))):
                resumed = await asyncio.wait_for(
                    client.get(path, headers={"Last-Event-ID": last_seen}), timeout=30
                )
                assert resumed.status_code == 200
                assert parse_frames(resumed.text) == []
