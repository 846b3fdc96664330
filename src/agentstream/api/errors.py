"""One error envelope for every failure: `{"error": {"code", "message", "details"}, "detail"}`.

`detail` repeats the message so clients written against FastAPI's default shape (and the seeds'
examples) keep working. Server faults are answered with a generic message (see
`api/middleware.py`): no stack trace, SQL or driver text ever reaches a client.
"""

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException


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


class ErrorInfo(BaseModel):
    """What went wrong: a stable machine-readable code, a message, and details when useful."""

    code: str = Field(examples=["not_found"])
    message: str = Field(examples=["Panel not found"])
    details: Any = None


class ErrorResponse(BaseModel):
    """The body of every error response (`detail` repeats the message)."""

    error: ErrorInfo
    detail: str


class FieldError(BaseModel):
    """One invalid part of a request: `field` is a dotted path (`message`, `query.limit`,
    `body` for the body as a whole)."""

    field: str
    message: str
    type: str
    position: int | None = Field(
        default=None, description="json_invalid: the character offset where parsing failed."
    )


class ValidationErrorInfo(ErrorInfo):
    """`details` lists every invalid field."""

    details: list[FieldError]


class ValidationErrorResponse(BaseModel):
    """The body of a 422: every invalid field, in one envelope."""

    error: ValidationErrorInfo
    detail: str


def error_body(status: int, code: str, message: str, details: Any = None) -> dict[str, Any]:
    """The JSON envelope shared by every error response and SSE error frame."""
    return {"error": {"code": code, "message": message, "details": details}, "detail": message}


def error_response(
    status: int,
    code: str,
    message: str,
    details: Any = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """An error response in the envelope."""
    return JSONResponse(error_body(status, code, message, details), status, headers=headers)


HTTP_ERROR_CODES = {
    404: NotFound.code,
    405: "method_not_allowed",
    413: PayloadTooLarge.code,
    415: "unsupported_media_type",
}


def http_error_response(exc: StarletteHTTPException) -> JSONResponse:
    """The envelope of an HTTP exception raised by the framework or a middleware."""
    code = HTTP_ERROR_CODES.get(exc.status_code, "http_error")
    return error_response(exc.status_code, code, str(exc.detail), headers=exc.headers)


def is_json_media_type(content_type: str | None) -> bool:
    """Whether a Content-Type names JSON (`application/json` or `application/*+json`)."""
    media_type = (content_type or "").partition(";")[0].strip().lower()
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


async def _app_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return error_response(exc.status_code, exc.code, exc.message, exc.details, exc.headers)


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return http_error_response(exc)


def _field_error(err: Mapping[str, Any]) -> dict[str, Any]:
    if err["type"] == "json_invalid":
        # FastAPI puts the character offset where `loc` names a field: the body is the culprit.
        position = err["loc"][-1]
        reason = err.get("ctx", {}).get("error", "JSON decode error")
        message = f"Invalid JSON: {reason} (at character {position})"
        return {"field": "body", "message": message, "type": "json_invalid", "position": position}
    field = ".".join(str(p) for p in err["loc"] if p != "body") or "body"
    return {"field": field, "message": err["msg"], "type": err["type"]}


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    content_type = request.headers.get("content-type")
    if any(err["loc"][0] == "body" for err in errors) and not is_json_media_type(content_type):
        # The body was never parsed: its media type, not its fields, is what is wrong.
        got = f'"{content_type}"' if content_type else "none"
        message = f"Content-Type must be application/json (got {got})"
        return error_response(415, HTTP_ERROR_CODES[415], message)
    fields = [_field_error(err) for err in errors]
    summary = "; ".join(f"{f['field']}: {f['message']}" for f in fields)
    return error_response(422, "validation_error", f"Invalid request: {summary}", fields)


def install_error_handlers(app: FastAPI) -> None:
    """Register the envelope for every kind of client error (server faults are answered by
    `RequestContextMiddleware`)."""
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
