"""The errors a client may see, raised by services and routes alike: each carries the HTTP
status and stable code that `api/errors.py` answers it with, and imports no web framework, so
the services that raise them do not depend on one."""

from typing import Any


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


class ServiceUnavailable(AppError):
    """This worker cannot take the request now; another one can (`Retry-After` says when)."""

    status_code = 503
    code = "service_unavailable"
