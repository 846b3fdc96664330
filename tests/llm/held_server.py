"""An OpenAI-compatible chat endpoint on loopback that holds every request until the test
releases it, then streams a call of the first tool it was offered (or the text "OK"): a model
server that is slow exactly as long as a test wants, and counts what it was asked."""

import asyncio
import json
import re
from types import TracebackType

_LENGTH = re.compile(rb"content-length:\s*(\d+)", re.IGNORECASE)
_HEAD = b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n"


def _event(delta: dict[str, object]) -> bytes:
    chunk = {"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "held"}
    body = {**chunk, "choices": [{"index": 0, "delta": delta}]}
    return f"data: {json.dumps(body)}\n\n".encode()


def _reply(request: dict[str, object]) -> bytes:
    tools = request.get("tools")
    if isinstance(tools, list) and tools:
        name = tools[0]["function"]["name"]
        call = {"index": 0, "id": "call-1", "type": "function"}
        function = {"name": name, "arguments": '{"ready": true}'}
        delta: dict[str, object] = {"tool_calls": [{**call, "function": function}]}
    else:
        delta = {"role": "assistant", "content": "OK"}
    return _HEAD + _event(delta) + b"data: [DONE]\n\n"


class HeldModelServer:
    """`async with HeldModelServer() as server`: `server.base_url`, `server.requests` (how
    many arrived), `server.received` (set at the first), `server.release` (set it to answer)."""

    def __init__(self) -> None:
        self.requests = 0
        self.received = asyncio.Event()
        self.release = asyncio.Event()
        self.base_url = ""
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> "HeldModelServer":
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.base_url = f"http://127.0.0.1:{port}/v1"
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        assert self._server is not None
        self.release.set()
        self._server.close()
        await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            length = _LENGTH.search(head)
            body = await reader.readexactly(int(length.group(1))) if length else b"{}"
            self.requests += 1
            self.received.set()
            await self.release.wait()
            writer.write(_reply(json.loads(body)))
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the client gave up on its request
        finally:
            writer.close()
