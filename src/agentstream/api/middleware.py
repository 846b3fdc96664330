"""Request id, access log, HTTP metrics and server faults, as a pure ASGI middleware (streams
pass through)."""

import time
import uuid

import structlog
from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agentstream.api.errors import error_response
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
