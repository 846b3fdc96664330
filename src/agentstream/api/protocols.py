"""uvicorn's HTTP/1.1 protocols with the request head bounded in the server, answered like the
app answers it.

Left alone, httptools buffers a head of any size before the app sees it, h11 refuses one over
its limit with a plain-text 400, and both answer a request they cannot parse in plain text. These
subclasses answer a request they cannot parse with the app's 400 envelope. They refuse a head
that is still incomplete past the limit with the app's 431 envelope and close the connection
(dropping the rest of the head); a complete head over the limit reaches `HeaderLimitMiddleware`,
which answers the same 431. The limit is uvicorn's `h11_max_incomplete_event_size`, which
`agentstream serve` sets to `max_header_bytes` for both.
"""

import asyncio
import json
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from agentstream.api.errors import (
    HEADERS_TOO_LARGE,
    error_body,
    headers_too_large_message,
)
from agentstream.errors import BadRequest

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # pragma: no cover - httptools is optional in uvicorn
    HttpToolsProtocol = None  # type: ignore[assignment,misc]


# After a 431 the client may still be sending its head. Closing at once would reset the
# connection and could destroy the 431 before the client reads it, so what still arrives is
# read and dropped for this long (a "lingering close"), then the connection is closed.
LINGER_S = 2.0


# What uvicorn says of a request it cannot parse (a malformed request line or header).
INVALID_REQUEST_MESSAGE = "Invalid HTTP request"


def _error_response(status: int, reason: bytes, code: str, message: str) -> bytes:
    """A response with the app's error envelope that ends the connection."""
    body = json.dumps(error_body(status, code, message)).encode()
    return (
        b"HTTP/1.1 %d %s\r\n"
        b"content-type: application/json\r\n"
        b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (status, reason, len(body), body)
    )


class _HeadRefusal:
    """Answers an oversized head with the 431 envelope, then drops the rest of the request; a
    request uvicorn cannot parse gets the 400 envelope instead of its plain text."""

    transport: asyncio.Transport
    _refused = False

    def refuse_head(self, limit: int) -> None:
        """Write the 431, end the response side and close after the lingering delay."""
        self._refused = True
        message = headers_too_large_message(limit)
        self.transport.write(
            _error_response(431, b"Request Header Fields Too Large", HEADERS_TOO_LARGE, message)
        )
        if self.transport.can_write_eof():
            self.transport.write_eof()
        asyncio.get_running_loop().call_later(LINGER_S, self.transport.close)

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to a request it cannot parse, in the app's envelope (uvicorn's own
        `msg` names no more than the app's message does)."""
        self._refused = True
        self.transport.write(
            _error_response(400, b"Bad Request", BadRequest.code, INVALID_REQUEST_MESSAGE)
        )
        self.transport.close()


class BoundedH11Protocol(_HeadRefusal, H11Protocol):
    """h11, whose "receive buffer too long" error (a head past the limit) is a 431."""

    def data_received(self, data: bytes) -> None:
        """Parse, unless the request was refused (then its bytes are dropped)."""
        if not self._refused:
            super().data_received(data)

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to any protocol error; an oversized head gets the 431 instead."""
        limit = self.config.h11_max_incomplete_event_size
        if limit is not None and len(self.conn.trailing_data[0]) > limit:
            self.refuse_head(limit)
        else:
            super().send_400_response(msg)


if HttpToolsProtocol is not None:

    class BoundedHttpToolsProtocol(_HeadRefusal, HttpToolsProtocol):
        """httptools, counting the bytes of each head as they arrive."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._head_bytes = 0
            self._reading_head = True
            # Heads and requests that ended so far: a read in which one ends holds bytes of
            # two parts of the stream.
            self._boundaries = 0

        def data_received(self, data: bytes) -> None:
            """Parse; then, while a head is still incomplete, count it against the limit."""
            if self._refused or self.transport.is_closing():
                return
            boundaries_before = self._boundaries
            super().data_received(data)
            limit = self.config.h11_max_incomplete_event_size
            if not self._reading_head or limit is None or self.transport.is_closing():
                return
            if self._boundaries != boundaries_before:
                # A head or a request ended within these bytes, so how many of them belong to
                # the head being read is unknown (a request's body may be larger than a head
                # may be): the next head is counted from the next read (the bound is then one
                # read larger, never smaller).
                return
            self._head_bytes += len(data)
            if self._head_bytes > limit:
                self.refuse_head(limit)

        def on_headers_complete(self) -> None:
            """The head is whole: the app's middleware judges its exact size."""
            self._reading_head = False
            self._head_bytes = 0
            self._boundaries += 1
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            """The next bytes on this connection start a new head."""
            self._reading_head = True
            self._boundaries += 1
            super().on_message_complete()

    AutoBoundedProtocol: type[asyncio.Protocol] = BoundedHttpToolsProtocol
else:  # pragma: no cover
    AutoBoundedProtocol = BoundedH11Protocol


def bounded_head_options(
    limit: int, protocol: type[asyncio.Protocol] = AutoBoundedProtocol
) -> dict[str, Any]:
    """uvicorn options that bound the request head at `limit` bytes with the app's 431
    (httptools when installed, else h11, as uvicorn's own `auto`)."""
    return {"http": protocol, "h11_max_incomplete_event_size": limit}
