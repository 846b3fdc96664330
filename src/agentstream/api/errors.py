"""One error envelope for every failure: `{"error": {"code", "message", "details"}, "detail"}`.

`detail` repeats the message so clients written against FastAPI's default shape (and the seeds'
examples) keep working. Server faults are answered with a generic message (see
`api/middleware.py`): no stack trace, SQL or driver text ever reaches a client.
"""

import re
import sys
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from agentstream.errors import (
    AppError,
    BadRequest,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
)
from agentstream.runs.shutdown import DRAINING_RETRY_AFTER_S, WorkerDraining


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


HEADERS_TOO_LARGE = "headers_too_large"


def headers_too_large_message(limit: int) -> str:
    """The message of a 431, whichever layer (server or app) refuses the head."""
    return f"Request headers exceed {limit} bytes"


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


def _field_error(err: Mapping[str, Any]) -> dict[str, Any]:
    if err["type"] == "json_invalid":
        # FastAPI puts the character offset where `loc` names a field: the body is the culprit.
        position = err["loc"][-1]
        reason = err.get("ctx", {}).get("error", "JSON decode error")
        return _json_invalid(reason, position)
    field = ".".join(str(p) for p in err["loc"] if p != "body") or "body"
    return {"field": field, "message": err["msg"], "type": err["type"]}


def _json_invalid(reason: str, position: int) -> dict[str, Any]:
    message = f"Invalid JSON: {reason} (at character {position})"
    return {"field": "body", "message": message, "type": "json_invalid", "position": position}


def _summary(fields: list[dict[str, Any]]) -> str:
    return "; ".join(f"{f['field']}: {f['message']}" for f in fields)


def _validation_response(fields: list[dict[str, Any]]) -> JSONResponse:
    return error_response(422, "validation_error", f"Invalid request: {_summary(fields)}", fields)


def _not_found_message(parameter: str) -> str:
    # `document_id` -> "Document not found": the message an unknown but well-formed id gets.
    return f"{parameter.removesuffix('_id').replace('_', ' ').capitalize()} not found"


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    # One rule per kind of input: a malformed path id names nothing (404, like an unknown
    # one), a malformed header is a bad request (400), a bad query or body is a 422.
    path_errors = [err for err in errors if err["loc"][0] == "path"]
    if path_errors:
        parameter = str(path_errors[0]["loc"][-1])
        return error_response(404, NotFound.code, _not_found_message(parameter))
    header_errors = [err for err in errors if err["loc"][0] == "header"]
    if header_errors:
        fields = [_field_error(err) for err in header_errors]
        return error_response(400, BadRequest.code, f"Invalid header: {_summary(fields)}", fields)
    content_type = request.headers.get("content-type")
    if any(err["loc"][0] == "body" for err in errors) and not is_json_media_type(content_type):
        # The body was never parsed: its media type, not its fields, is what is wrong.
        got = f'"{content_type}"' if content_type else "none"
        message = f"Content-Type must be application/json (got {got})"
        return error_response(415, HTTP_ERROR_CODES[415], message)
    return _validation_response([_field_error(err) for err in errors])


# JSON nested this deep is always parsed; deeper nesting may exhaust the parser's
# recursion budget, and the error then points at the first bracket past this depth.
GUARANTEED_JSON_DEPTH = 512
_JSON_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[{\]}]')


def _first_bracket_past(text: str, depth: int) -> int:
    level = 0
    for token in _JSON_TOKENS.finditer(text):
        if token.group() in "[{":
            level += 1
            if level > depth:
                return token.start()
        elif token.group() in "]}":
            level -= 1
    return len(text)


# A JSON number: a string is matched whole, so that digits inside one are skipped.
_JSON_NUMBERS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?')


def _first_integer_longer_than(text: str, digits: int) -> int:
    for token in _JSON_NUMBERS.finditer(text):
        number = token.group()
        if number.lstrip("-").isdigit() and len(number.lstrip("-")) > digits:
            return token.start()
    return len(text)


async def _unparsable_body(request: Request, cause: BaseException | None) -> JSONResponse | None:
    """The 422 of a JSON body that FastAPI could not decode without a JSONDecodeError (it answers
    those with a bare 400): bytes that are not UTF-8, nesting deeper than the parser can go, an
    integer longer than Python converts."""
    if isinstance(cause, UnicodeDecodeError):
        # The offset counts the characters before the first byte that is not UTF-8.
        position = len(cause.object[: cause.start].decode(cause.encoding, "replace"))
        reason = f"invalid {cause.encoding.upper()} ({cause.reason})"
        return _validation_response([_json_invalid(reason, position)])
    if isinstance(cause, RecursionError):
        # The request that failed to parse keeps its body: it is the one passed to handlers.
        text = (await request.body()).decode("utf-8", "replace")
        position = _first_bracket_past(text, GUARANTEED_JSON_DEPTH)
        return _validation_response([_json_invalid("nested too deeply", position)])
    if isinstance(cause, ValueError):
        # The only other ValueError of the JSON decoder: Python's bound on integer digits.
        digits = sys.get_int_max_str_digits()
        text = (await request.body()).decode("utf-8", "replace")
        position = _first_integer_longer_than(text, digits)
        reason = f"integer of more than {digits} digits"
        return _validation_response([_json_invalid(reason, position)])
    return None


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and (response := await _unparsable_body(request, exc.__cause__)):
        return response
    return http_error_response(exc)


async def _worker_draining(request: Request, exc: Exception) -> JSONResponse:
    refused = ServiceUnavailable(str(exc), headers={"Retry-After": str(DRAINING_RETRY_AFTER_S)})
    return await _app_error(request, refused)


def install_error_handlers(app: FastAPI) -> None:
    """Register the envelope for every kind of client error (server faults are answered by
    `RequestContextMiddleware`)."""
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(WorkerDraining, _worker_draining)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
