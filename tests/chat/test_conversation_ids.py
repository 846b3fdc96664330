"""Client-chosen conversation ids (seed 000's "conv-123"): an unknown one starts a conversation
with that id, and the done frame says whether this turn created it."""

import httpx

from tests.sse import done_metadata, parse_frames

QUESTION = "How many technicians are active?"


async def _ask(client: httpx.AsyncClient, **body: object) -> dict[str, object]:
    response = await client.post("/api/chat/stream", json={"message": QUESTION, **body})
    assert response.status_code == 200, response.text
    return done_metadata(parse_frames(response.text))


async def test_unknown_client_chosen_id_starts_a_conversation_with_that_id(
    client: httpx.AsyncClient,
) -> None:
    first = await _ask(client, conversation_id="conv-123")
    assert (first["conversation_id"], first["conversation_created"]) == ("conv-123", True)
    stored = (await client.get("/api/conversations/conv-123")).json()
    assert stored["id"] == "conv-123" and len(stored["messages"]) == 2


async def test_known_id_continues_the_conversation(client: httpx.AsyncClient) -> None:
    await _ask(client, conversation_id="conv-123")
    second = await _ask(client, conversation_id="conv-123")
    assert (second["conversation_id"], second["conversation_created"]) == ("conv-123", False)
    stored = (await client.get("/api/conversations/conv-123")).json()
    assert len(stored["messages"]) == 4


async def test_a_generated_id_is_reported_as_created(client: httpx.AsyncClient) -> None:
    metadata = await _ask(client)
    assert metadata["conversation_created"] is True
    assert str(metadata["conversation_id"]).startswith("conv_")
