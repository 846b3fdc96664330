"""Request heads are bounded: over `max_header_bytes` is a 431 in the app's envelope, whether the
app sees the head (ASGI, any server) or uvicorn refuses it while it is still arriving."""

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from agentstream.api.protocols import BoundedH11Protocol, bounded_head_options
from agentstream.app import create_app
from agentstream.settings import Settings
from tests.api.fuzzing import running_service
from tests.live import serve

LIMIT = 4096


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A small head limit, so that tests send little."""
    return settings.model_copy(update={"max_header_bytes": LIMIT})


def _assert_431(status: int, body: bytes) -> None:
    assert status == 431
    error = json.loads(body)["error"]
    assert error == {
        "code": "headers_too_large",
        "message": f"Request headers exceed {LIMIT} bytes",
        "details": None,
    }


async def test_head_over_the_limit_is_431(client: httpx.AsyncClient) -> None:
    response = await client.get("/health", headers={"X-Filler": "a" * LIMIT})
    _assert_431(response.status_code, response.content)


async def test_long_query_string_counts_in_the_head(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/conversations", params={"q": "a" * LIMIT})
    _assert_431(response.status_code, response.content)


async def test_head_within_the_limit_is_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/health", headers={"X-Filler": "a" * (LIMIT // 2)})
    assert response.status_code == 200


PROTOCOLS = {"httptools": None, "h11": BoundedH11Protocol}


@pytest.fixture(params=list(PROTOCOLS))
async def server(request: pytest.FixtureRequest, settings: Settings) -> AsyncIterator[str]:
    """`agentstream serve`'s head bounds on a real uvicorn, with each HTTP implementation."""
    application: FastAPI = create_app(settings)
    protocol = PROTOCOLS[request.param]
    options = bounded_head_options(LIMIT, *([protocol] if protocol else []))
    async with serve(application, **options) as url:
        yield url.rsplit(":", 1)[1]


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.lower().split(b"\r\n")
        if line.startswith(b"content-length:")
    )
    return status, await reader.readexactly(length)


async def _raw_request(
    port: str, head: bytes, more: bytes = b"", repeat: int = 0
) -> tuple[int, bytes]:
    """Send a head, then `more` up to `repeat` times until the server answers, reading the
    response meanwhile as an HTTP client does: its status and body."""
    reader, writer = await asyncio.open_connection("127.0.0.1", int(port))
    response = asyncio.create_task(asyncio.wait_for(_read_response(reader), timeout=30))
    try:
        writer.write(head)
        await writer.drain()
        for _ in range(repeat):
            if response.done():
                break
            writer.write(more)
            await writer.drain()
    except ConnectionError:
        pass  # the server refused the head and closed: its answer is already read
    try:
        return await response
    finally:
        writer.close()


async def test_server_refuses_a_head_that_keeps_coming_with_431(server: str) -> None:
    # 64 MB would be sent if the server kept reading: it answers once the limit is passed.
    head = b"GET /api/conversations HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer "
    _assert_431(*await _raw_request(server, head, b"a" * 65536, repeat=1024))


@pytest.fixture
def single_worker(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_database: Path
) -> Iterator[str]:
    """`agentstream serve` itself, as a process with one worker (no `--workers`)."""
    monkeypatch.setenv("AGENTSTREAM_MAX_HEADER_BYTES", str(LIMIT))
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'service.sqlite'}"
    with running_service(database_url, tmp_path, demo_database, tmp_path / "server.log") as s:
        yield s.url.rsplit(":", 1)[1]


async def test_single_worker_serve_refuses_a_head_that_keeps_coming_with_431(
    single_worker: str,
) -> None:
    head = b"GET /api/conversations HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer "
    _assert_431(*await _raw_request(single_worker, head, b"a" * 65536, repeat=1024))


async def test_server_passes_a_whole_oversized_head_to_the_app_431(server: str) -> None:
    head = b"GET /health HTTP/1.1\r\nHost: t\r\nX-Filler: %s\r\nConnection: close\r\n\r\n" % (
        b"a" * (LIMIT + 100)
    )
    # h11 refuses it itself (its buffer passed the limit), httptools hands it to the app.
    _assert_431(*await _raw_request(server, head))


async def test_server_does_not_count_a_body_larger_than_the_limit_as_a_head(server: str) -> None:
    # The body is sent on its own once the server asks for it (100 Continue), so that the read
    # that ends the request holds only body bytes, more of them than a head may have.
    body = b'{"agent_id": 5}' + b" " * (2 * LIMIT)
    reader, writer = await asyncio.open_connection("127.0.0.1", int(server))
    try:
        writer.write(
            b"POST /api/v1/agents HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n" % len(body)
        )
        assert (await reader.readuntil(b"\r\n\r\n")).startswith(b"HTTP/1.1 100 ")
        writer.write(body)
        status, answer = await asyncio.wait_for(_read_response(reader), timeout=30)
    finally:
        writer.close()
    assert status == 422, answer
    assert json.loads(answer)["error"]["details"][0]["field"] == "agent_id"


async def test_server_serves_a_head_within_the_limit(server: str) -> None:
    head = b"GET /health HTTP/1.1\r\nHost: t\r\nX-Filler: %s\r\nConnection: close\r\n\r\n" % (
        b"a" * (LIMIT // 2)
    )
    status, _ = await _raw_request(server, head)
    assert status == 200


async def test_server_answers_several_authorization_headers_with_400(server: str) -> None:
    head = (
        b"GET /api/conversations HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer a\r\n"
        b"Authorization: Bearer b\r\nConnection: close\r\n\r\n"
    )
    status, body = await _raw_request(server, head)
    assert status == 400
    assert json.loads(body)["detail"] == "Send one Authorization header, not several"


async def test_server_answers_a_request_it_cannot_parse_with_the_400_envelope(server: str) -> None:
    head = b"GET /health HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n"
    status, body = await _raw_request(server, head)
    assert status == 400
    assert json.loads(body)["error"] == {
        "code": "bad_request",
        "message": "Invalid HTTP request",
        "details": None,
    }
