"""Request bodies over AGENTSTREAM_MAX_REQUEST_BYTES are refused with a 413, never read whole."""

import json
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from pydantic import ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agentstream.app import create_app
from agentstream.settings import Settings
from tests.api.asgi import call, http_scope

LIMIT = 4_000
CHUNK = 1_000


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A small limit, so that tests cross it cheaply."""
    return settings.model_copy(update={"max_document_bytes": 1_000, "max_request_bytes": LIMIT})


def _padded_question(size: int) -> bytes:
    """A valid chat body of exactly `size` bytes (JSON admits trailing whitespace)."""
    body = json.dumps({"message": "How many technicians are active?"}).encode()
    return body + b" " * (size - len(body))


async def _call(
    app: ASGIApp, chunks: list[bytes], headers: list[tuple[bytes, bytes]]
) -> tuple[list[Message], int]:
    """POST /api/chat/stream a body in chunks: the messages sent back, the chunks read."""
    scope = http_scope(
        "POST", "/api/chat/stream", [(b"content-type", b"application/json"), *headers]
    )
    return await call(app, scope, chunks)


@pytest.fixture
async def asgi_app(app: FastAPI) -> AsyncIterator[FastAPI]:
    """The app, called directly."""
    yield app


def _assert_413(sent: list[Message]) -> None:
    assert sent[0]["status"] == 413
    body = json.loads(b"".join(m.get("body", b"") for m in sent[1:]))
    assert body["error"]["code"] == "payload_too_large"
    assert body["detail"] == f"Request body exceeds {LIMIT} bytes"


async def test_declared_oversized_body_is_refused_before_it_is_read(asgi_app: FastAPI) -> None:
    sent, read = await _call(asgi_app, [b"x" * CHUNK] * 10, [(b"content-length", b"10000")])
    _assert_413(sent)
    assert read == 0


async def test_streamed_body_without_length_is_refused_once_past_the_limit(
    asgi_app: FastAPI,
) -> None:
    sent, read = await _call(asgi_app, [b"x" * CHUNK] * 1000, [])
    _assert_413(sent)
    assert read == LIMIT // CHUNK + 1, "reading stops at the chunk that crosses the limit"


async def test_body_longer_than_its_content_length_is_refused(asgi_app: FastAPI) -> None:
    sent, read = await _call(asgi_app, [b"x" * CHUNK] * 100, [(b"content-length", b"20")])
    _assert_413(sent)
    assert read == LIMIT // CHUNK + 1


@pytest.mark.parametrize("size", [LIMIT, LIMIT + 1])
async def test_limit_is_inclusive(client: httpx.AsyncClient, size: int) -> None:
    response = await client.post(
        "/api/chat/stream",
        content=_padded_question(size),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == (200 if size == LIMIT else 413)


async def test_refusal_has_cors_and_request_id_headers(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/chat/stream",
        content=_padded_question(LIMIT + 1),
        headers={"Content-Type": "application/json", "Origin": "http://localhost:3000"},
    )
    assert response.status_code == 413
    assert response.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert response.headers["x-request-id"]


async def test_oversized_body_to_a_route_without_one_is_refused(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/api/v1/panels/none/execute", content=b"x" * (LIMIT + 1))
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


async def test_default_limit_admits_the_largest_document_however_it_is_escaped(
    settings: Settings,
) -> None:
    defaults = Settings(data_dir=settings.data_dir, _env_file=None)  # type: ignore[call-arg]
    application = create_app(
        settings.model_copy(
            update={
                "max_document_bytes": defaults.max_document_bytes,
                "max_request_bytes": defaults.max_request_bytes,
            }
        )
    )
    # Every control character becomes a 6-byte \\u escape: the costliest content there is.
    content = "\x1f" * defaults.max_document_bytes
    async with LifespanManager(application, startup_timeout=60):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.post("/api/documents", json={"title": "t", "content": content})
    assert response.status_code == 201, response.text[:200]


def test_request_limit_below_the_document_limit_is_refused() -> None:
    with pytest.raises(ValidationError, match="max_request_bytes must exceed max_document_bytes"):
        Settings(max_document_bytes=10_000, max_request_bytes=10_000, _env_file=None)  # type: ignore[call-arg]


async def test_streamed_body_to_a_stream_that_reads_none_is_no_server_fault(
    asgi_app: FastAPI, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    question = {"message": "How many technicians are active?"}
    run_id = (await client.post("/api/chat/stream", json=question)).headers["x-run-id"]

    async def get_run_stream(scope: Scope, receive: Receive, send: Send) -> None:
        path = f"/api/chat/runs/{run_id}/stream"
        await asgi_app({**scope, "method": "GET", "path": path}, receive, send)

    sent, _ = await _call(get_run_stream, [b"x" * CHUNK] * 10, [])
    assert sent[0]["status"] == 200
    faults = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert faults == []
