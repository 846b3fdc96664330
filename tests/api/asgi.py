"""Calling the app at the ASGI level, for what an HTTP client cannot send or see: a body in
chunks whose Content-Length lies or is absent, every message the app sends back."""

import asyncio

from starlette.types import ASGIApp, Message, Scope


def http_scope(method: str, path: str, headers: list[tuple[bytes, bytes]]) -> Scope:
    """An HTTP/1.1 request's scope (`headers` after `host`)."""
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"t"), *headers],
        "client": ("127.0.0.1", 1),
        "server": ("t", 80),
    }


async def call(app: ASGIApp, scope: Scope, chunks: list[bytes]) -> tuple[list[Message], int]:
    """Send a request body in `chunks` (the client then stays connected): the messages sent
    back, and how many chunks the app read."""
    pending = list(chunks)
    read = 0
    sent: list[Message] = []

    async def receive() -> Message:
        nonlocal read
        if pending:
            read += 1
            return {"type": "http.request", "body": pending.pop(0), "more_body": bool(pending)}
        await asyncio.Event().wait()  # connected, nothing more to send
        raise AssertionError("unreachable")

    async def send(message: Message) -> None:
        sent.append(message)

    await asyncio.wait_for(app(scope, receive, send), timeout=30)
    return sent, read
