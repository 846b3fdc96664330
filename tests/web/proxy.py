"""A TCP proxy the test controls: it forwards a browser's connections to the server and can
cut them all at once, as a network drop would."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class DroppingProxy:
    """Forwards 127.0.0.1:<port> to the target; `drop()` closes every open connection."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self._writers: set[asyncio.StreamWriter] = set()
        self.drops = 0

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.close()

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection(*self.target)
        except OSError:
            client_w.close()
            return
        self._writers |= {client_w, server_w}
        try:
            await asyncio.gather(self._pipe(client_r, server_w), self._pipe(server_r, client_w))
        finally:
            self._writers -= {client_w, server_w}

    def drop(self) -> None:
        """Cut every connection open now (new ones are still accepted)."""
        self.drops += 1
        for writer in list(self._writers):
            writer.transport.abort()

    @asynccontextmanager
    async def serving(self) -> AsyncIterator[str]:
        """Listen on a free loopback port; yields the proxy's base URL."""
        server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            self.drop()
            server.close()
            await server.wait_closed()
