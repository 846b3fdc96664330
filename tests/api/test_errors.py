"""The error envelope: server faults (logged once, with the request id), unreadable bodies."""

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi.responses import StreamingResponse
from starlette.types import Message

from agentstream.app import create_app
from agentstream.settings import Settings
from tests.api.asgi import call, http_scope

SECRET = "SELECT secret FROM vault"


async def _fail() -> None:
    raise RuntimeError(SECRET)


async def _fail_mid_stream() -> StreamingResponse:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"first"
        raise RuntimeError(SECRET)

    return StreamingResponse(chunks())


async def _get_faulty(settings: Settings, path: str) -> list[Message]:
    """The ASGI messages answering a GET of one of two routes that fail, before and after the
    response starts, on the app at INFO level. The app is made here, in the test, so that it
    logs to the stderr capsys captures. A fault that escaped the app, for the server to log a
    second time, would raise here."""
    application = create_app(settings.model_copy(update={"log_level": "INFO"}))
    application.add_api_route("/fail", _fail)
    application.add_api_route("/fail-mid-stream", _fail_mid_stream)
    scope = http_scope("GET", path, [(b"x-request-id", b"req-fault")])
    async with LifespanManager(application, startup_timeout=60):
        sent, _ = await call(application, scope, [b""])
    return sent


def _fault_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if "unhandled_error" in line]


async def test_server_fault_is_a_500_envelope_without_internals(settings: Settings) -> None:
    start, body = await _get_faulty(settings, "/fail")
    assert start["status"] == 500
    assert (b"x-request-id", b"req-fault") in start["headers"]
    assert json.loads(body["body"])["error"] == {
        "code": "internal_error",
        "message": "Internal server error",
        "details": None,
    }
    assert SECRET.encode() not in body["body"] and b"Traceback" not in body["body"]


@pytest.mark.parametrize("path", ["/fail", "/fail-mid-stream"])
async def test_server_fault_is_logged_once_with_the_request_id(
    settings: Settings, capsys: pytest.CaptureFixture[str], path: str
) -> None:
    await _get_faulty(settings, path)
    err = capsys.readouterr().err
    assert len(_fault_lines(err)) == 1
    assert "request_id=req-fault" in _fault_lines(err)[0]
    assert err.count("Traceback") == 1 and err.count(SECRET) == 1
    access = [line for line in err.splitlines() if "agentstream.access" in line]
    assert len(access) == 1 and "request_id=req-fault" in access[0]


async def test_fault_after_the_response_started_sends_no_second_response(
    settings: Settings,
) -> None:
    # The stream stays unfinished: the server closes the connection, and the client sees a
    # truncated response rather than one that looks complete.
    start, *body = await _get_faulty(settings, "/fail-mid-stream")
    assert start["status"] == 200
    assert [m["type"] for m in body] == ["http.response.body"]
    assert body[0]["body"] == b"first" and body[0]["more_body"] is True


@pytest.mark.parametrize(
    ("body", "position"), [(b'{"message": "hi",}', 17), (b"not json", 0), (b"{", 1)]
)
async def test_invalid_json_names_the_body_and_where_parsing_failed(
    client: httpx.AsyncClient, body: bytes, position: int
) -> None:
    response = await client.post(
        "/api/chat/stream", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"] == [
        {
            "field": "body",
            "message": response.json()["error"]["details"][0]["message"],
            "type": "json_invalid",
            "position": position,
        }
    ]
    assert response.json()["detail"].startswith("Invalid request: body: Invalid JSON: ")
    assert f"(at character {position})" in response.json()["detail"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Type": "text/plain"},
        {"Content-Type": "application/x-www-form-urlencoded"},
        {"Content-Type": "multipart/form-data; boundary=x"},
        {"Content-Type": "application/xml"},
        {},
    ],
)
@pytest.mark.parametrize("path", ["/api/chat/stream", "/api/documents", "/api/v1/panels"])
async def test_body_that_is_not_json_is_415(
    client: httpx.AsyncClient, headers: dict[str, str], path: str
) -> None:
    response = await client.post(path, content=b'{"message": "hi"}', headers=headers)
    assert response.status_code == 415
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"]["code"] == "unsupported_media_type"
    assert "application/json" in response.json()["detail"]


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "Application/JSON", "application/x+json"]
)
async def test_json_media_types_with_parameters_or_suffix_are_accepted(
    client: httpx.AsyncClient, content_type: str
) -> None:
    response = await client.post(
        "/api/chat/stream",
        content=b'{"message": "How many technicians are active?"}',
        headers={"Content-Type": content_type},
    )
    assert response.status_code == 200, response.text


async def test_json_body_of_the_wrong_shape_stays_422(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/chat/stream", json=["How many technicians are active?"])
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "body"
