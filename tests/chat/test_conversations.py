"""Conversations: continue, list, read, delete; and isolation between tenants."""

import uuid

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from agentstream.runs.models import Run, RunEventRecord
from agentstream.settings import Settings
from agentstream.tenancy.service import create_tenant
from tests.sse import answer_text, done_metadata, parse_frames


@pytest.fixture
def settings(settings: Settings, database_url: str) -> Settings:
    """Conversations are storage: these tests run on SQLite and on PostgreSQL."""
    return settings.model_copy(update={"database_url": database_url})


async def _ask(
    client: httpx.AsyncClient, message: str, headers: dict[str, str] | None = None, **extra: object
) -> dict[str, object]:
    response = await client.post(
        "/api/chat/stream", json={"message": message, **extra}, headers=headers or {}
    )
    assert response.status_code == 200, response.text
    frames = parse_frames(response.text)
    return {"answer": answer_text(frames), **done_metadata(frames)}


async def _key(app: FastAPI, name: str, demo_content: bool = False) -> dict[str, str]:
    async with app.state.sessions() as session, session.begin():
        creds = await create_tenant(session, name, demo_content=demo_content)
    return {"Authorization": f"Bearer {creds.api_key}"}


async def test_client_chosen_conversation_id_is_kept(client: httpx.AsyncClient) -> None:
    result = await _ask(client, "How many technicians are active?", conversation_id="conv-123")
    assert result["conversation_id"] == "conv-123"
    detail = (await client.get("/api/conversations/conv-123")).json()
    assert [m["role"] for m in detail["messages"]] == ["user", "assistant"]
    assert detail["messages"][1]["content"] == result["answer"]
    assert detail["messages"][1]["details"]["route"] == "sql"


async def test_list_returns_conversations_most_recent_first(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    headers = await _key(app, "lister", demo_content=True)
    for conversation_id in ("a-1", "a-2", "a-3"):
        await _ask(
            client,
            "How many premium customers do we have?",
            headers,
            conversation_id=conversation_id,
        )
    await _ask(client, "How many technicians are active?", headers, conversation_id="a-1")
    page = (await client.get("/api/conversations?limit=2", headers=headers)).json()
    assert page["total"] == 3 and page["limit"] == 2
    assert [c["id"] for c in page["conversations"]] == ["a-1", "a-3"]


async def test_list_limit_over_100_is_rejected(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/conversations?limit=101")
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "query.limit"


async def test_delete_removes_conversation_and_messages(client: httpx.AsyncClient) -> None:
    await _ask(client, "How many technicians are active?", conversation_id="to-delete")
    assert (await client.delete("/api/conversations/to-delete")).status_code == 204
    assert (await client.get("/api/conversations/to-delete")).status_code == 404
    assert (await client.delete("/api/conversations/to-delete")).status_code == 404


async def test_delete_removes_the_turns_stored_events_but_keeps_their_usage(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    asked = await _ask(client, "How many technicians are active?", conversation_id="gone")
    run_id = uuid.UUID(str(asked["run_id"]))
    assert (await client.get(f"/api/chat/runs/{run_id}/stream")).status_code == 200
    assert (await client.delete("/api/conversations/gone")).status_code == 204
    assert (await client.get(f"/api/chat/runs/{run_id}/stream")).status_code == 404
    async with app.state.sessions() as session:
        events = await session.scalar(
            select(func.count()).select_from(RunEventRecord).where(RunEventRecord.run_id == run_id)
        )
        run = await session.get(Run, run_id)
    assert events == 0, "the SQL and the answer's metadata go with the conversation"
    assert run is not None and run.output_tokens > 0, "the tenant's usage is kept"
    # A new conversation under the same id does not bring the old turn back.
    await _ask(client, "hello", conversation_id="gone")
    assert (await client.get(f"/api/chat/runs/{run_id}/stream")).status_code == 404


async def test_a_new_conversation_was_last_active_when_it_was_created(
    client: httpx.AsyncClient,
) -> None:
    await _ask(client, "hello", conversation_id="fresh")
    conversation = (await client.get("/api/conversations/fresh")).json()
    assert conversation["created_at"] == conversation["updated_at"]


async def test_other_tenant_cannot_read_or_delete_a_conversation(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    owner, intruder = await _key(app, "owner", True), await _key(app, "intruder", True)
    await _ask(client, "How many technicians are active?", owner, conversation_id="private")
    assert (await client.get("/api/conversations/private", headers=intruder)).status_code == 404
    assert (await client.delete("/api/conversations/private", headers=intruder)).status_code == 404
    listing = (await client.get("/api/conversations", headers=intruder)).json()
    assert listing["total"] == 0
    assert (await client.get("/api/conversations/private", headers=owner)).status_code == 200


async def test_same_conversation_id_in_another_tenant_does_not_see_its_history(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    owner, intruder = await _key(app, "owner", True), await _key(app, "intruder", True)
    await _ask(client, "How many technicians are active?", owner, conversation_id="shared-id")
    result = await _ask(client, "and how many are on leave?", intruder, conversation_id="shared-id")
    assert result["route"] != "sql", "the follow-up must not resolve against another tenant"
    mine = (await client.get("/api/conversations/shared-id", headers=intruder)).json()
    assert [m["role"] for m in mine["messages"]] == ["user", "assistant"]


async def test_tenant_without_business_data_gets_no_demo_rows(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    headers = await _key(app, "empty-tenant")
    result = await _ask(client, "How many technicians are active?", headers)
    assert result["route"] == "none"
    assert "10" not in str(result["answer"])
    policy = await _ask(client, "What are the overtime rules?", headers)
    assert policy["sources"] == [], "demo policies are not another tenant's documents"


async def test_added_document_is_cited_by_its_tenant_only(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    owner, other = await _key(app, "docs-owner"), await _key(app, "docs-other")
    created = await client.post(
        "/api/documents",
        headers=owner,
        json={
            "title": "Drone Inspection Policy",
            "content": "# Drone Inspection Policy\n\n## Flights\n\nDrone inspections of rooftops "
            "require a certified pilot and a written flight plan filed 48 hours ahead.",
        },
    )
    assert created.status_code == 201
    doc_id = created.json()["id"]
    result = await _ask(client, "What is the policy for drone inspections?", owner)
    assert result["route"] == "rag"
    assert result["sources"][0]["id"] == doc_id
    assert "48 hours" in str(result["answer"])
    assert (await client.get(f"/api/documents/{doc_id}", headers=other)).status_code == 404
    leaked = await _ask(client, "What is the policy for drone inspections?", other)
    assert leaked["sources"] == []
    assert (await client.delete(f"/api/documents/{doc_id}", headers=owner)).status_code == 204
    gone = await _ask(client, "What is the policy for drone inspections?", owner)
    assert gone["sources"] == []


async def test_oversized_document_is_rejected_naming_the_field(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/documents", json={"title": "big", "content": "x" * 300_000})
    assert response.status_code == 413
    assert response.json()["error"]["details"]["field"] == "content"
