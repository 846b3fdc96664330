"""POST /api/chat/stream: the seed's protocol, end to end on the embedded default."""

import asyncio
import re
import sqlite3
from pathlib import Path

import httpx
import pytest

from tests.sse import answer_text, done_metadata, parse_frames


async def _ask(client: httpx.AsyncClient, message: str, **extra: object) -> httpx.Response:
    return await client.post("/api/chat/stream", json={"message": message, **extra})


def _count(demo_database: Path, sql: str) -> int:
    with sqlite3.connect(demo_database) as db:
        value: int = db.execute(sql).fetchone()[0]
    return value


async def test_health_answers_like_the_seed(client: httpx.AsyncClient) -> None:
    body = (await client.get("/health")).json()
    assert body["status"] == "healthy"
    assert body["service"] == "agentstream" and body["version"]


async def test_readiness_checks_the_database(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/ready")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


async def test_active_technicians_question_streams_the_count(client: httpx.AsyncClient) -> None:
    response = await _ask(client, "How many technicians are active?")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-accel-buffering"] == "no"
    frames = parse_frames(response.text)
    content = [f for f in frames if f.data.get("type") == "content"]
    assert len(content) > 3, "the answer arrives token by token"
    assert "10 active technicians" in answer_text(frames)
    assert [f.id for f in frames] == list(range(1, len(frames) + 1))


async def test_done_metadata_carries_route_sources_usage_and_timings(
    client: httpx.AsyncClient, demo_database: Path
) -> None:
    frames = parse_frames((await _ask(client, "How many technicians are active?")).text)
    metadata = done_metadata(frames)
    assert metadata["route"] == "sql" and metadata["status"] == "completed"
    assert metadata["conversation_id"] and metadata["run_id"]
    (sql_source,) = [s for s in metadata["sources"] if s["type"] == "sql"]
    assert "technicians" in sql_source["sql"].lower() and sql_source["row_count"] >= 1
    assert metadata["usage"]["output_tokens"] > 0
    assert metadata["timings"]["total_ms"] > 0


async def test_tool_use_is_visible_before_the_answer(client: httpx.AsyncClient) -> None:
    frames = parse_frames((await _ask(client, "How many technicians are active?")).text)
    kinds = [f.data.get("type") for f in frames if "type" in f.data]
    assert kinds.index("thought") < kinds.index("tool_call") < kinds.index("content")
    (tool,) = [f.data for f in frames if f.data.get("type") == "tool_call"]
    assert tool["tool"] == "sql" and "SELECT" in tool["detail"]["sql"].upper()


async def test_policy_question_answers_from_the_overtime_document(
    client: httpx.AsyncClient,
) -> None:
    frames = parse_frames((await _ask(client, "What are the overtime rules?")).text)
    metadata = done_metadata(frames)
    assert metadata["route"] == "rag"
    assert metadata["sources"][0]["id"] == "overtime"
    answer = answer_text(frames)
    assert "Overtime Policy" in answer and "[Source:" in answer


async def test_unsupported_question_gets_an_honest_answer(client: httpx.AsyncClient) -> None:
    frames = parse_frames((await _ask(client, "What is the capital of France?")).text)
    assert done_metadata(frames)["route"] == "none"
    answer = answer_text(frames)
    assert "can't answer" in answer
    assert not any(ch.isdigit() for ch in answer), "no invented numbers"


async def test_follow_up_uses_the_previous_turn(
    client: httpx.AsyncClient, demo_database: Path
) -> None:
    first = parse_frames((await _ask(client, "How many technicians are active?")).text)
    conversation_id = done_metadata(first)["conversation_id"]
    frames = parse_frames(
        (await _ask(client, "and how many are on leave?", conversation_id=conversation_id)).text
    )
    on_leave = _count(demo_database, "SELECT count(*) FROM technicians WHERE status='on_leave'")
    assert done_metadata(frames)["route"] == "sql"
    assert str(on_leave) in answer_text(frames)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"message": ""}, "message"),
        ({"message": "x" * 2001}, "message"),
        ({}, "message"),
        ({"message": "hi", "conversation_id": "bad id with spaces"}, "conversation_id"),
        ({"message": 42}, "message"),
    ],
)
async def test_invalid_request_is_422_naming_the_field(
    client: httpx.AsyncClient, body: dict[str, object], field: str
) -> None:
    response = await client.post("/api/chat/stream", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json"
    assert field in [d["field"] for d in response.json()["error"]["details"]]


async def test_malformed_json_is_422_without_internals(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/chat/stream", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert "Traceback" not in response.text


async def test_message_of_exactly_2000_characters_is_accepted(client: httpx.AsyncClient) -> None:
    response = await _ask(client, "a" * 2000)
    assert response.status_code == 200
    assert done_metadata(parse_frames(response.text))["status"] == "completed"


async def test_cors_allows_the_default_frontend_origin(client: httpx.AsyncClient) -> None:
    response = await client.options(
        "/api/chat/stream",
        headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"},
    )
    assert response.headers["access-control-allow-origin"] == "http://localhost:3000"
    denied = await client.options(
        "/api/chat/stream",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in denied.headers


async def test_every_response_carries_a_request_id(client: httpx.AsyncClient) -> None:
    response = await client.get("/health", headers={"X-Request-ID": "abc123"})
    assert response.headers["x-request-id"] == "abc123"
    assert len((await client.get("/health")).headers["x-request-id"]) == 32


async def test_openapi_documents_the_stream_frames(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    stream = spec["paths"]["/api/chat/stream"]["post"]
    assert "text/event-stream" in stream["responses"]["200"]["content"]
    schemas = spec["components"]["schemas"]
    assert {"ChatToken", "ChatComplete"} <= set(schemas)
    # The done frame's metadata is typed, so that a generated client reads its fields.
    assert schemas["ChatComplete"]["properties"]["metadata"] == {
        "$ref": "#/components/schemas/ChatMetadata"
    }
    assert set(schemas["ChatMetadata"]["required"]) == {"conversation_id", "run_id", "status"}
    assert {"conversation_created", "route", "sources", "usage", "timings"} <= set(
        schemas["ChatMetadata"]["properties"]
    )


async def test_concurrent_streams_outnumbering_the_pool_all_complete(
    client: httpx.AsyncClient,
) -> None:
    # The pool holds 15 connections: a request holding one while waiting for another deadlocks.
    responses = await asyncio.gather(
        *(_ask(client, "How many technicians are active?") for _ in range(40))
    )
    statuses = [done_metadata(parse_frames(r.text))["status"] for r in responses]
    assert statuses == ["completed"] * 40


async def test_step_texts_count_one_row_and_one_passage_in_the_singular(
    client: httpx.AsyncClient,
) -> None:
    counted = parse_frames((await _ask(client, "How many technicians are active?")).text)
    (sql_step,) = [f.data["token"] for f in counted if f.data.get("tool") == "sql"]
    assert sql_step.endswith("→ 1 row"), sql_step
    found = parse_frames((await _ask(client, "What is the overtime policy?")).text)
    texts = [f.data["token"] for f in found if f.data.get("tool") == "rag"]
    assert texts and not any(re.search(r"\b1 (passages|rows)\b", text) for text in texts), texts
