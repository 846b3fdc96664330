"""Provider errors as short, secret-free sentences for error events and health checks."""

import re
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

from langchain_core.exceptions import ModelConnectionError, ModelTimeoutError

_ENDPOINT_SUFFIXES = ("/chat/completions", "/completions", "/responses", "/models")


def _causes(error: BaseException) -> Iterator[BaseException]:
    """`error` and the exceptions it was raised from, outermost first."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


_DETAIL_MAX_CHARS = 240


# Bearer tokens and OpenAI-style keys that a server might echo back in an error message.
_SECRET_PATTERNS = (
    re.compile(r"(?i)bearer\s+\S+"),
    re.compile(r"\bsk-[A-Za-z0-9_\-*]{6,}"),
)


class ProviderError(RuntimeError):
    """A model provider failed a request; the message is short, useful and free of secrets."""

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


def public_url(url: str) -> str:
    """`url` without credentials, query or fragment, fit to show in messages and logs."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


def _server_of(error: BaseException) -> str | None:
    """The API base URL of the request that failed, if the error carries it."""
    request = getattr(error, "request", None)
    if request is None:
        response = getattr(error, "response", None)
        request = getattr(response, "request", None)
    url = getattr(request, "url", None)
    if url is None:
        return None
    public = public_url(str(url))
    for suffix in _ENDPOINT_SUFFIXES:
        if public.endswith(suffix):
            return public.removesuffix(suffix)
    return public


def _redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    for secret in secrets:
        if len(secret) >= 8:
            text = text.replace(secret, "[redacted]")
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub("[redacted]", text)
    return text


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _DETAIL_MAX_CHARS else text[: _DETAIL_MAX_CHARS - 1] + "…"


def _status_detail(error: BaseException) -> str:
    """What the server said about a failed request, from its JSON error body if it sent one,
    without a stack trace the server may have put in it (the server's to log, not ours to
    show)."""
    said = _said(error).split("Traceback (most recent call last)")[0].strip()
    return said or "an internal error (its stack trace is not shown)"


def _said(error: BaseException) -> str:
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        for key in ("message", "detail", "error"):
            value = body.get(key)
            if isinstance(value, str) and value.strip():
                return value
            if isinstance(value, dict) and isinstance(value.get("message"), str):
                return str(value["message"])
    message = getattr(error, "message", None)
    return message if isinstance(message, str) else str(error)


def _connection_detail(error: BaseException) -> str:
    """The root cause of a connection error ("connection refused", a DNS failure, …)."""
    chain = list(_causes(error))
    if any(isinstance(cause, ConnectionRefusedError) for cause in chain):
        return "connection refused"
    if any(isinstance(cause, socket.gaierror) for cause in chain):
        return "unknown host name"
    root = chain[-1]
    return re.sub(r"^\[Errno -?\d+\]\s*", "", str(root)) or type(root).__name__


def describe_error(error: BaseException, server: str | None, secrets: tuple[str, ...] = ()) -> str:
    where = f"the model server at {server}" if server else "the model server"
    status = getattr(error, "status_code", None)
    if isinstance(status, int):
        text = f"{where.capitalize()} answered {status}: {_clip(_status_detail(error))}"
        if status == 404 and server and not server.endswith("/v1"):
            text += " (does the base URL need a /v1 suffix?)"
        return _redact(text, secrets)
    if isinstance(error, ModelConnectionError) and not isinstance(error, ModelTimeoutError):
        detail = _connection_detail(error)
        return _redact(f"Could not connect to {where}: {_clip(detail)}", secrets)
    # Errors from elsewhere (the local provider, our own code) name no server.
    subject = where.capitalize() if server else "The model"
    chunk_timeout = getattr(error, "timeout_s", None)
    if isinstance(error, TimeoutError) and isinstance(chunk_timeout, int | float):
        return f"{subject} stopped streaming: no tokens for {chunk_timeout:g} s"
    if isinstance(error, ModelTimeoutError | TimeoutError):
        return f"{subject} did not answer in time (the request timed out)"
    detail = f"{type(error).__name__}: {_clip(str(error))}"
    return _redact(f"{subject} failed: {detail}", secrets)


def describe_provider_error(error: BaseException) -> str:
    """A short, secret-free sentence saying what went wrong with the model, for error events
    and health checks (e.g. "The model server at http://127.0.0.1:8012/v1 answered 500: …")."""
    if isinstance(error, ProviderError):
        return str(error)
    return describe_error(error, _server_of(error))
