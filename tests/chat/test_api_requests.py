"""POST /api/chat/stream's request rules beyond the seed's examples, and the run id header."""

import httpx
import pytest

from tests.sse import done_metadata, parse_frames


@pytest.mark.parametrize("message", [" ", "   ", "\n\t \r\n", "\u3000\u00a0 "])
async def test_blank_message_is_422_naming_message_before_any_stream(
    client: httpx.AsyncClient, message: str
) -> None:
    response = await client.post("/api/chat/stream", json={"message": message})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"]["details"][0]["field"] == "message"
    assert response.json()["error"]["details"][0]["type"] == "string_blank"
    conversations = (await client.get("/api/conversations")).json()
    assert conversations["total"] == 0, "nothing was stored for a rejected question"


async def test_message_with_surrounding_whitespace_is_kept_as_sent(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/api/chat/stream", json={"message": "  How many technicians are active?\n"}
    )
    assert response.status_code == 200
    conversation_id = done_metadata(parse_frames(response.text))["conversation_id"]
    detail = (await client.get(f"/api/conversations/{conversation_id}")).json()
    assert detail["messages"][0]["content"] == "  How many technicians are active?\n"


@pytest.mark.parametrize("conversation_id", ["", None])
async def test_empty_or_null_conversation_id_starts_a_new_conversation(
    client: httpx.AsyncClient, conversation_id: str | None
) -> None:
    ids = set()
    for _ in range(2):
        response = await client.post(
            "/api/chat/stream",
            json={
                "message": "How many technicians are active?",
                "conversation_id": conversation_id,
            },
        )
        assert response.status_code == 200, response.text
        ids.add(done_metadata(parse_frames(response.text))["conversation_id"])
    assert len(ids) == 2 and all(i.startswith("conv_") for i in ids)


@pytest.mark.parametrize("conversation_id", [" ", "  a", "a b"])
async def test_blank_or_spaced_conversation_id_is_still_422(
    client: httpx.AsyncClient, conversation_id: str
) -> None:
    response = await client.post(
        "/api/chat/stream", json={"message": "hi", "conversation_id": conversation_id}
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "conversation_id"


async def test_run_id_header_names_the_run_of_the_done_frame_and_resumes_it(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/api/chat/stream", json={"message": "How many technicians are active?"}
    )
    frames = parse_frames(response.text)
    run_id = response.headers["x-run-id"]
    assert done_metadata(frames)["run_id"] == run_id
    seen = frames[1].id
    resumed = await client.get(
        f"/api/chat/runs/{run_id}/stream", headers={"Last-Event-ID": str(seen)}
    )
    assert [f.data for f in parse_frames(resumed.text)] == [f.data for f in frames[2:]]


async def test_cors_exposes_the_run_and_request_id_headers(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/chat/stream",
        json={"message": "How many technicians are active?"},
        headers={"Origin": "http://localhost:3000"},
    )
    exposed = {
        h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")
    }
    assert {"x-run-id", "x-request-id"} <= exposed
