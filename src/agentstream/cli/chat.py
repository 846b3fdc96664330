"""`agentstream chat`: one question, its answer streamed to the terminal, from an in-process
service or a running server."""

import asyncio
import json
import secrets
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import httpx
import typer
from fastapi import FastAPI
from pydantic import ValidationError

from agentstream.app import create_app
from agentstream.chat.schemas import ChatRequest
from agentstream.cli.errors import bad_parameter, describe_error_response, describe_transport_error
from agentstream.cli.settings import load_settings
from agentstream.settings import DEMO_TENANT_ID
from agentstream.tenancy.repository import TenantRepository


@asynccontextmanager
async def _running(application: FastAPI) -> AsyncIterator[FastAPI]:
    async with application.router.lifespan_context(application):
        yield application


class _Terminal:
    """Writes a turn's frames: the answer on stdout, errors and (verbose) the rest on stderr."""

    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose
        self.done = False
        self.failed = False
        self._mid_line = False

    def fail(self, message: str) -> None:
        """Report a failure on stderr, on a line of its own."""
        self.failed = True
        if self._mid_line:
            sys.stdout.write("\n")
            sys.stdout.flush()
            self._mid_line = False
        typer.echo(f"error: {message}", err=True)

    def render(self, frame: dict[str, Any]) -> None:
        """Write one frame."""
        if "done" in frame:
            self.done = True
            sys.stdout.write("\n")
            self._mid_line = False
            if self.verbose:
                typer.echo(json.dumps(frame["metadata"], indent=2), err=True)
            return
        kind = frame.get("type")
        if kind == "content":
            sys.stdout.write(frame["token"])
            sys.stdout.flush()
            self._mid_line = True
        elif kind == "error":
            self.fail(frame["token"])
        elif self.verbose:
            typer.echo(f"[{kind}] {frame['token']}", err=True)


async def _chat_in_process(request: ChatRequest, terminal: _Terminal) -> None:
    # Nothing in-process serves a browser's streams: a throwaway stream-token secret will do.
    settings = load_settings(log_level="WARNING", secret_key=secrets.token_urlsafe(32))
    async with _running(create_app(settings)) as application:
        chat = application.state.chat
        async with application.state.sessions() as session:
            tenant = await TenantRepository(session).get(DEMO_TENANT_ID)
            if tenant is None:
                typer.echo(
                    "error: the demo tenant is disabled (AGENTSTREAM_DEMO_TENANT); "
                    "ask a server with --url and --api-key instead",
                    err=True,
                )
                raise typer.Exit(1)
            run = await chat.start_turn(session, tenant, request)
        async for event in chat.manager.stream(run.id):
            terminal.render(event.data)


async def _chat_remote(
    url: str, api_key: str | None, request: ChatRequest, timeout_s: float, terminal: _Terminal
) -> None:
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    # The server sends heartbeats on idle streams, so a silence this long means it is gone.
    timeout = httpx.Timeout(timeout_s, connect=min(timeout_s, 10.0))
    async with (
        httpx.AsyncClient(base_url=url, timeout=timeout) as client,
        client.stream(
            "POST", "/api/chat/stream", json=request.model_dump(), headers=headers
        ) as resp,
    ):
        if resp.status_code != 200:
            await resp.aread()
            typer.echo(describe_error_response(resp.status_code, resp.text), err=True)
            raise typer.Exit(1)
        async for line in resp.aiter_lines():
            if line.startswith("data: "):
                terminal.render(json.loads(line[6:]))
    if not terminal.done:
        terminal.fail(f"{url} ended the stream before the answer was complete")


def _server_url(url: str | None) -> str | None:
    """Checks --url up front: httpx would report a bad one as a transport failure."""
    if url is None:
        return None
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise typer.BadParameter(str(error)) from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise typer.BadParameter(
            "expected an http:// or https:// URL such as http://127.0.0.1:8000"
        )
    return url


# The command-line parameter behind each field of the request, for error messages.
_CHAT_PARAMETERS = {"message": "QUESTION", "conversation_id": "--conversation-id"}


def chat(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The question to ask (1 to 2000 characters).")],
    conversation_id: Annotated[
        str | None,
        typer.Option(help="Continue this conversation (the id in the last answer's metadata)."),
    ] = None,
    url: Annotated[
        str | None,
        typer.Option(
            callback=_server_url,
            help=(
                "Ask a running server (e.g. http://127.0.0.1:8000) instead of an in-process "
                "service on the demo tenant."
            ),
        ),
    ] = None,
    api_key: Annotated[
        str | None, typer.Option(envvar="AGENTSTREAM_API_KEY", help="API key for --url.")
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            min=0.001,
            help="--url: seconds to wait for the server to connect or send data (it sends "
            "heartbeats while it works).",
        ),
    ] = 60.0,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show thoughts, tool calls and metadata.")
    ] = False,
) -> None:
    """Ask the orchestrator a question and stream the answer in the terminal.

    Exit code 0 when the answer is complete, 1 when the turn or the connection failed, 2 for
    invalid input or settings.
    """
    try:
        request = ChatRequest(message=question, conversation_id=conversation_id)
    except ValidationError as error:
        raise bad_parameter(error, _CHAT_PARAMETERS, ctx) from None
    terminal = _Terminal(verbose)
    if url:
        try:
            asyncio.run(_chat_remote(url, api_key, request, timeout, terminal))
        except httpx.TransportError as error:
            terminal.fail(describe_transport_error(url, error))
    else:
        asyncio.run(_chat_in_process(request, terminal))
    if terminal.failed:
        raise typer.Exit(1)
