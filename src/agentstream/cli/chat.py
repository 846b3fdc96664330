"""The `agentstream` command: serve the API, chat from a terminal, manage tenants."""

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import httpx
import typer
import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel, Field, StringConstraints, ValidationError, field_validator
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from agentstream import __version__
from agentstream.app import create_app
from agentstream.chat.schemas import ChatRequest
from agentstream.cli_errors import (
    bad_parameter,
    describe_error_response,
    describe_settings_error,
    describe_transport_error,
)
from agentstream.db.engine import create_engine, create_session_factory
from agentstream.db.migrate import upgrade
from agentstream.settings import DEMO_TENANT_ID, Settings
from agentstream.tenancy.repository import TenantRepository
from agentstream.tenancy.service import create_tenant

app = typer.Typer(
    help="agentstream: AI agents behind a REST + Server-Sent-Events API.\n\n"
    "Configuration comes from AGENTSTREAM_* environment variables (or a .env file): "
    "AGENTSTREAM_DATA_DIR (where the SQLite databases live, default ./data), "
    "AGENTSTREAM_DATABASE_URL (e.g. postgresql+asyncpg://user@host/db), "
    "AGENTSTREAM_LLM_PROVIDER (offline | scripted | local | openai; see README), "
    "AGENTSTREAM_DEV_MODE, "
    "AGENTSTREAM_CORS_ORIGINS (JSON list), "
    "AGENTSTREAM_API_KEY (the key `chat --url` sends). "
    "Every setting is listed under Configuration in the README.",
    no_args_is_help=True,
    add_completion=False,
)
tenants = typer.Typer(help="Create and list tenants.", no_args_is_help=True)
app.add_typer(tenants, name="tenants")


def _settings(**overrides: Any) -> Settings:
    """The settings, or exit code 2 with the invalid variables named (no traceback)."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        typer.echo(f"error: {describe_settings_error(error)}", err=True)
        raise typer.Exit(2) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """agentstream command line."""


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    dev: Annotated[
        bool,
        typer.Option(
            "--dev",
            help=(
                "Development mode: requests without an API key act as the demo tenant. "
                "Only allowed on a loopback host."
            ),
        ),
    ] = False,
    workers: Annotated[
        int, typer.Option(help="Worker processes (keep 1 with the in-process broker).")
    ] = 1,
) -> None:
    """Serve the HTTP API (SQLite, in-process broker and offline model unless configured)."""
    overrides: dict[str, Any] = {"dev_mode": True} if dev else {}
    settings = _settings(**overrides)
    if settings.dev_mode and host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(
            "Development mode serves unauthenticated requests: bind it to 127.0.0.1.", err=True
        )
        raise typer.Exit(2)
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        workers=workers,
        log_config=None,
        timeout_keep_alive=120,
    )


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
    settings = _settings(log_level="WARNING")
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


@app.command()
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


class _NewTenant(BaseModel):
    """What `tenants create` accepts (the columns hold 200 and 1000 characters)."""

    name: Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$"
        ),
    ]
    data_url: str | None = Field(default=None, max_length=1000)

    @field_validator("data_url")
    @classmethod
    def _readable_backend(cls, value: str | None) -> str | None:
        # The backends the SQL tool opens (agents/sql/sources.py): refused here, not at chat time.
        if value is None:
            return value
        try:
            parsed = make_url(value)
        except ArgumentError:
            parsed = None
        if parsed is not None:
            backend = parsed.get_backend_name()
            if backend == "postgresql" or (
                backend == "sqlite" and parsed.database not in (None, "", ":memory:")
            ):
                return value
        raise ValueError("expected sqlite:///path/to/file.db or postgresql://user@host/db")


_TENANT_PARAMETERS = {"name": "NAME", "data_url": "--data-url"}


async def _create_tenant(name: str, demo_content: bool, data_url: str | None) -> tuple[str, str]:
    settings = _settings()
    await upgrade(settings.resolved_database_url)
    engine = create_engine(settings.resolved_database_url)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            created = await create_tenant(
                session, name, data_source_url=data_url, demo_content=demo_content
            )
        return str(created.tenant.id), created.api_key
    finally:
        await engine.dispose()


@tenants.command("create")
def tenants_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Display name of the tenant.")],
    demo_content: Annotated[
        bool, typer.Option(help="Give it the demo company's data and policies.")
    ] = False,
    data_url: Annotated[
        str | None,
        typer.Option(help=("Its read-only business database: sqlite:///path or postgresql://...")),
    ] = None,
) -> None:
    """Create a tenant and print its API key (shown once; only a hash is stored)."""
    try:
        tenant = _NewTenant(name=name, data_url=data_url)
    except ValidationError as error:
        raise bad_parameter(error, _TENANT_PARAMETERS, ctx) from None
    tenant_id, key = asyncio.run(_create_tenant(tenant.name, demo_content, tenant.data_url))
    typer.echo(f"tenant_id: {tenant_id}\napi_key:   {key}")


async def _list_tenants() -> list[tuple[str, str]]:
    settings = _settings()
    await upgrade(settings.resolved_database_url)
    engine = create_engine(settings.resolved_database_url)
    try:
        async with create_session_factory(engine)() as session:
            return [(str(t.id), t.name) for t in await TenantRepository(session).list_all()]
    finally:
        await engine.dispose()


@tenants.command("list")
def tenants_list() -> None:
    """List tenants."""
    for tenant_id, name in asyncio.run(_list_tenants()):
        typer.echo(f"{tenant_id}  {name}")


async def _doctor(timeout_s: float) -> bool:
    # Imported here: building a real model may need an optional extra.
    from agentstream.llm.factory import create_chat_model
    from agentstream.llm.health import check_model

    settings = _settings(log_level="WARNING")
    typer.echo(f"provider: {settings.llm_provider}")
    try:
        model = create_chat_model(settings)
    except Exception as error:  # report any configuration problem, never a traceback
        typer.echo(f"model: not usable: {error}")
        return False
    status = await check_model(model, timeout_s)
    if status.ok:
        typer.echo(f"model: answers (first token after {status.latency_ms:.0f} ms)")
    else:
        typer.echo(f"model: does not answer: {status.error}")
    return status.ok


@app.command()
def doctor(
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the model.")] = 30.0,
) -> None:
    """Check that the configured model provider answers (exit code 1 when it does not)."""
    if not asyncio.run(_doctor(timeout)):
        raise typer.Exit(1)


@app.command("migrate")
def migrate() -> None:
    """Apply database migrations (the server also does this at start)."""
    asyncio.run(upgrade(_settings().resolved_database_url))
    typer.echo("database is up to date")
