"""One error envelope for every failure: `{"error": {"code", "message", "details"}, "detail"}`.

`detail` repeats the message so clients written against FastAPI's default shape (and the seeds'
examples) keep working. Server faults are logged with their traceback and answered with a
generic message: no stack trace, SQL or driver text ever reaches a client.
"""

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from agentstream.logs import get_logger

log = get_logger(__name__)


class AppError(Exception):
    """Base of the errors a client may see; subclasses carry their status and code."""

    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, *, details: Any = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details
        self.headers = headers


class BadRequest(AppError):
    """The request is well-formed but not acceptable."""


class Unauthorized(AppError):
    """Missing or invalid credentials."""

    status_code = 401
    code = "unauthorized"

    def __init__(self, message: str = "Invalid or missing API key") -> None:
        super().__init__(message, headers={"WWW-Authenticate": "Bearer"})


class NotFound(AppError):
    """The resource does not exist for this tenant (existence is never revealed)."""

    status_code = 404
    code = "not_found"


class Conflict(AppError):
    """The request conflicts with the resource's current state."""

    status_code = 409
    code = "conflict"


class PayloadTooLarge(AppError):
    """The request body exceeds a configured limit."""

    status_code = 413
    code = "payload_too_large"


def error_body(status: int, code: str, message: str, details: Any = None) -> dict[str, Any]:
    """The JSON envelope shared by every error response and SSE error frame."""
    return {"error": {"code": code, "message": message, "details": details}, "detail": message}


def _response(
    status: int,
    code: str,
    message: str,
    details: Any = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, details), status, headers=headers)


async def _app_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return _response(exc.status_code, exc.code, exc.message, exc.details, exc.headers)


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    return _response(exc.status_code, code, str(exc.detail), headers=exc.headers)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields = [
        {
            "field": ".".join(str(p) for p in err["loc"] if p != "body") or "body",
            "message": err["msg"],
            "type": err["type"],
        }
        for err in exc.errors()
    ]
    summary = "; ".join(f"{f['field']}: {f['message']}" for f in fields)
    return _response(422, "validation_error", f"Invalid request: {summary}", fields)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled_error", path=request.url.path, exc_info=exc)
    return _response(500, "internal_error", "Internal server error")


def install_error_handlers(app: FastAPI) -> None:
    """Register the envelope for every kind of failure."""
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected_error)
