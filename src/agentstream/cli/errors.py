"""How the `agentstream` command words a failure: one readable line, never a traceback."""

import json
from collections.abc import Mapping
from typing import Any

import httpx
import typer
from pydantic import ValidationError


def bad_parameter(
    error: ValidationError, hints: Mapping[str, str], ctx: typer.Context | None = None
) -> typer.BadParameter:
    """A usage error (exit code 2) naming the CLI parameter of each invalid field.

    `hints` maps a model field to the parameter the user typed, e.g. `conversation_id` to
    `--conversation-id`, so the message names what to change on the command line.
    """
    errors = error.errors()
    names = [
        hints.get(str(item["loc"][0]), str(item["loc"][0])) if item["loc"] else "input"
        for item in errors
    ]
    if len(errors) == 1:
        message = _reason(errors[0]["msg"])
    else:
        message = "; ".join(
            f"{name}: {_reason(item['msg'])}" for name, item in zip(names, errors, strict=True)
        )
    return typer.BadParameter(message, ctx=ctx, param_hint=list(dict.fromkeys(names)))


def describe_settings_error(error: ValidationError, prefix: str = "AGENTSTREAM_") -> str:
    """The invalid settings, by the environment variable that sets each one."""
    parts = []
    for item in error.errors():
        if item["loc"]:
            parts.append(f"{prefix}{str(item['loc'][0]).upper()}: {_reason(item['msg'])}")
        else:  # a rule across settings, worded by its validator
            parts.append(_reason(item["msg"]))
    return "invalid configuration: " + "; ".join(parts)


def describe_transport_error(url: str, error: httpx.TransportError) -> str:
    """What went wrong talking to the server at `url`, in one line."""
    detail = str(error) or type(error).__name__
    if isinstance(error, httpx.ConnectTimeout):
        return f"timed out connecting to {url}"
    if isinstance(error, httpx.TimeoutException):
        return f"timed out waiting for {url} ({type(error).__name__})"
    if isinstance(error, httpx.ConnectError):
        return f"could not connect to {url}: {detail}"
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return f"connection to {url} lost: {detail}"
    return f"could not talk to {url}: {detail}"


def describe_error_response(status: int, body: str) -> str:
    """An error response: the message of the JSON envelope, else the start of the body.

    The envelope is `{"error": {"code", "message", "details"}}`; its message already
    summarises the details (e.g. `Invalid request: message: String should have ...`).
    """
    message: Any = None
    try:
        payload = json.loads(body)
    except ValueError:
        payload = None
    if isinstance(payload, dict):
        envelope = payload.get("error")
        if isinstance(envelope, dict):
            message = envelope.get("message")
        if not isinstance(message, str):
            message = payload.get("detail")
    if not isinstance(message, str) or not message:
        text = " ".join(body.split())
        message = text[:200] + ("…" if len(text) > 200 else "")
    return f"error {status}: {message or 'no message'}"


def _reason(message: str) -> str:
    # pydantic words a validator's ValueError as "Value error, <its text>".
    return message.removeprefix("Value error, ")
