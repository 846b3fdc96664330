"""Client-chosen conversation ids (seed 000's "conv-123"): an unknown one starts a conversation
with that id, and the done frame says whether this turn created it; on SQLite and PostgreSQL."""

import asyncio
import uuid

import httpx
import pytest

from agentstream.chat.models import Conversation
from agentstream.chat.repository import ConversationRepository
from agentstream.settings import Settings
from tests.sse import done_metadata, parse_frames

QUESTION = "How many technicians are active?"


@pytest.fixture
def chosen_id() -> str:
    """A new client-chosen id (the PostgreSQL database is shared by the session's tests)."""
    return f"conv-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def settings(settings: Settings, database_url: str) -> Settings:
    """The service on each database."""
    return settings.model_copy(update={"database_url": database_url})


async def _ask(client: httpx.AsyncClient, **body: object) -> dict[str, object]:
    response = await client.post("/api/chat/stream", json={"message": QUESTION, **body})
    assert response.status_code == 200, response.text
    return done_metadata(parse_frames(response.text))


async def test_unknown_client_chosen_id_starts_a_conversation_with_that_id(
    client: httpx.AsyncClient, chosen_id: str
) -> None:
    first = await _ask(client, conversation_id=chosen_id)
    assert (first["conversation_id"], first["conversation_created"]) == (chosen_id, True)
    stored = (await client.get(f"/api/conversations/{chosen_id}")).json()
    assert stored["id"] == chosen_id and len(stored["messages"]) == 2


async def test_known_id_continues_the_conversation(
    client: httpx.AsyncClient, chosen_id: str
) -> None:
    await _ask(client, conversation_id=chosen_id)
    second = await _ask(client, conversation_id=chosen_id)
    assert (second["conversation_id"], second["conversation_created"]) == (chosen_id, False)
    stored = (await client.get(f"/api/conversations/{chosen_id}")).json()
    assert len(stored["messages"]) == 4


async def test_a_generated_id_is_reported_as_created(client: httpx.AsyncClient) -> None:
    metadata = await _ask(client)
    assert metadata["conversation_created"] is True
    assert str(metadata["conversation_id"]).startswith("conv_")


async def test_concurrent_first_turns_with_one_new_id_share_one_conversation(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, chosen_id: str
) -> None:
    # Each turn finds no conversation before either stores one: the race itself, every time.
    both_looked = asyncio.Barrier(2)
    look_up = ConversationRepository.get

    async def look_up_together(
        self: ConversationRepository, conversation_id: str
    ) -> Conversation | None:
        found = await look_up(self, conversation_id)
        if found is None:
            async with asyncio.timeout(10):
                await both_looked.wait()
        return found

    monkeypatch.setattr(ConversationRepository, "get", look_up_together)
    turns = await asyncio.gather(*(_ask(client, conversation_id=chosen_id) for _ in range(2)))
    assert sorted(turn["conversation_created"] for turn in turns) == [False, True]
    assert {turn["conversation_id"] for turn in turns} == {chosen_id}
    stored = (await client.get(f"/api/conversations/{chosen_id}")).json()
    assert len(stored["messages"]) == 4


async def test_many_concurrent_first_turns_create_the_conversation_once(
    client: httpx.AsyncClient, chosen_id: str
) -> None:
    turns = await asyncio.gather(*(_ask(client, conversation_id=chosen_id) for _ in range(8)))
    assert sum(turn["conversation_created"] is True for turn in turns) == 1
    stored = (await client.get(f"/api/conversations/{chosen_id}")).json()
    assert len(stored["messages"]) == 16
