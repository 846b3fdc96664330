"""`agentstream chat --url`: failures of the server or the connection are one line, not a trace."""

import json
import socket
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from typer.testing import CliRunner

from agentstream.api.errors import error_body
from agentstream.app import create_app
from agentstream.cli import app
from agentstream.cli.errors import describe_error_response
from agentstream.settings import Settings
from tests.cli.checks import assert_fails_cleanly

runner = CliRunner()

Asgi = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


def _listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    return sock


@contextmanager
def serving(asgi: Any) -> Iterator[str]:
    """Serve an ASGI app on a loopback port in a thread; yields its base URL.

    The socket listens before the server starts, so a client may connect at once: the kernel
    queues the connection until the server accepts it.
    """
    sock = _listening_socket()
    server = uvicorn.Server(uvicorn.Config(asgi, log_level="warning", log_config=None))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]})
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join()
        sock.close()


def sse_app(*frames: dict[str, Any]) -> Asgi:
    """A server that answers every request with these SSE frames, then ends the response."""

    async def asgi(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        headers = [(b"content-type", b"text/event-stream")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        for frame in frames:
            body = f"data: {json.dumps(frame)}\n\n".encode()
            await send({"type": "http.response.body", "body": body, "more_body": True})
        await send({"type": "http.response.body", "body": b""})

    return asgi


def test_nothing_listening_prints_one_line_and_exits_1() -> None:
    sock = _listening_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()  # the port is free again: connecting is refused
    result = runner.invoke(app, ["chat", "--url", url, "hi"])
    assert_fails_cleanly(result, 1)
    assert result.stderr.startswith(f"error: could not connect to {url}: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_server_that_never_answers_times_out_in_one_line() -> None:
    sock = _listening_socket()  # accepts connections (in the kernel) and never answers
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        result = runner.invoke(app, ["chat", "--url", url, "--timeout", "0.2", "hi"])
    finally:
        sock.close()
    assert_fails_cleanly(result, 1)
    assert result.stderr.strip() == f"error: timed out waiting for {url} (ReadTimeout)"


def test_server_error_prints_the_envelope_message() -> None:
    # Not in dev mode (a key is needed); serving outside it takes a stream-token secret.
    with serving(create_app(Settings(log_level="WARNING", secret_key="s" * 32))) as url:
        result = runner.invoke(app, ["chat", "--url", url, "hi"])
    assert_fails_cleanly(result, 1)
    assert result.stderr.strip() == "error 401: Invalid or missing API key"


def test_validation_envelope_reads_as_its_message() -> None:
    body = error_body(
        422,
        "validation_error",
        "Invalid request: message: String should have at least 1 character",
        [{"field": "message", "message": "String should have at least 1 character"}],
    )
    assert describe_error_response(422, json.dumps(body)) == (
        "error 422: Invalid request: message: String should have at least 1 character"
    )


def test_a_body_that_is_not_the_envelope_is_shown_on_one_line() -> None:
    page = "<html>\n  <body>Bad gateway</body>\n</html>\n"
    expected = "error 502: <html> <body>Bad gateway</body> </html>"
    assert describe_error_response(502, page) == expected


def test_a_stream_cut_before_its_done_frame_fails() -> None:
    with serving(sse_app({"token": "There are", "type": "content"})) as url:
        result = runner.invoke(app, ["chat", "--url", url, "hi"])
    assert_fails_cleanly(result, 1)
    assert result.stdout == "There are\n"
    assert result.stderr.strip() == f"error: {url} ended the stream before the answer was complete"


def test_an_error_frame_makes_the_exit_code_1() -> None:
    frames = (
        {"token": "The assistant failed while answering.", "type": "error"},
        {"done": True, "metadata": {}},
    )
    with serving(sse_app(*frames)) as url:
        result = runner.invoke(app, ["chat", "--url", url, "hi"])
    assert_fails_cleanly(result, 1)
    assert result.stderr.strip() == "error: The assistant failed while answering."


def test_a_complete_stream_exits_0() -> None:
    frames = ({"token": "10 active", "type": "content"}, {"done": True, "metadata": {}})
    with serving(sse_app(*frames)) as url:
        result = runner.invoke(app, ["chat", "--url", url, "hi"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "10 active\n"
