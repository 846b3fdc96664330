"""HTTP middleware: the request context (id, access log, metrics, server faults), CORS, and the
request head and body limits; pure ASGI, so streams pass through untouched."""

import time
import uuid

import structlog
from prometheus_client import Counter, Histogram
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agentstream.api.errors import (
    HEADERS_TOO_LARGE,
    error_response,
    headers_too_large_message,
    http_error_response,
)
from agentstream.logs import get_logger

log = get_logger("agentstream.access")
fault_log = get_logger(__name__)

HTTP_REQUESTS = Counter(
    "agentstream_http_requests_total", "HTTP requests answered.", ["method", "route", "status"]
)
HTTP_DURATION = Histogram(
    "agentstream_http_request_duration_seconds",
    "Time to the response's first byte.",
    ["method", "route"],
)
REQUEST_ID_HEADER = b"x-request-id"


def _route_of(scope: Scope) -> str:
    route = scope.get("route")
    return str(getattr(route, "path", "unmatched"))


class RequestContextMiddleware:
    """Gives every request an id (from `X-Request-ID` or new) bound to every log line, and
    answers a server fault with the 500 envelope, logging its traceback once, with that id.

    The fault is not re-raised: the server would log the same traceback again, without the id.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(REQUEST_ID_HEADER, b"").decode("latin-1")
        request_id = incoming[:64] if incoming.isprintable() and incoming else uuid.uuid4().hex
        started = time.perf_counter()
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (REQUEST_ID_HEADER, request_id.encode()),
                ]
                HTTP_DURATION.labels(scope["method"], _route_of(scope)).observe(
                    time.perf_counter() - started
                )
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await self.app(scope, receive, send_with_id)
            except Exception as fault:
                fault_log.error("unhandled_error", path=scope["path"], exc_info=fault)
                if not status:  # once a response has started, the server closes the connection
                    response = error_response(500, "internal_error", "Internal server error")
                    await response(scope, receive, send_with_id)
            finally:
                route = _route_of(scope)
                HTTP_REQUESTS.labels(scope["method"], route, str(status or 500)).inc()
                log.info(
                    "request",
                    method=scope["method"],
                    path=scope["path"],
                    status=status or 500,
                    duration_ms=round((time.perf_counter() - started) * 1000, 2),
                )


class RequestBodyTooLarge(StarletteHTTPException):
    """Raised while reading a body past the limit. FastAPI passes HTTP exceptions through its
    body parsing untouched, so this reaches the error handlers as a 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"Request body exceeds {limit} bytes")


class BodyLimitMiddleware:
    """Refuses request bodies over `limit` bytes with a 413: at once when `Content-Length`
    declares it, otherwise as soon as the bytes read pass it (chunked or lying bodies), so an
    oversized body is never buffered whole. Only `receive` is wrapped: responses pay nothing.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                await http_error_response(RequestBodyTooLarge(limit))(scope, receive, send)
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise RequestBodyTooLarge(limit)
            return message

        try:
            await self.app(scope, limited_receive, send)
        except Exception:
            if received <= limit:
                raise
            # The 413 only escapes the app once its response has started: the body went to a
            # route that reads none, through the response's disconnect listener. The client's
            # fault, not the server's; the server closes the connection.
            log.info("request_body_too_large", limit=limit, path=scope["path"])


def head_size(scope: Scope) -> int:
    """The bytes of the request head as HTTP/1.1 sends it: the request line, then each header
    as `name: value` and CRLF, then the blank line."""
    query = scope.get("query_string", b"")
    target = len(scope.get("raw_path") or scope["path"].encode()) + (len(query) + 1 if query else 0)
    request_line = len(scope["method"]) + 1 + target + len(" HTTP/1.1\r\n")
    return request_line + sum(len(n) + len(v) + 4 for n, v in scope["headers"]) + 2


class HeaderLimitMiddleware:
    """Refuses a request whose head exceeds `limit` bytes with a 431, before anything reads its
    headers. `agentstream serve` also bounds the head in the server itself
    (`api/protocols.py`), which would otherwise buffer a head of any size first."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and head_size(scope) > self.limit:
            response = error_response(431, HEADERS_TOO_LARGE, headers_too_large_message(self.limit))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class JsonCORSMiddleware(CORSMiddleware):
    """Starlette's CORS, with a refused preflight answered in the JSON envelope, not text."""

    def preflight_response(self, request_headers: Headers) -> Response:
        """The preflight answer; a refusal keeps its status and CORS headers."""
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        headers = {
            name: value
            for name, value in response.headers.items()
            if name not in ("content-length", "content-type")
        }
        message = bytes(response.body).decode()  # "Disallowed CORS origin, method"
        return error_response(response.status_code, "cors_rejected", message, headers=headers)
