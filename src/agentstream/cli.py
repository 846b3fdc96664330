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

from agentstream import __version__
from agentstream.app import create_app
from agentstream.chat.schemas import ChatRequest
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
    "AGENTSTREAM_CORS_ORIGINS (JSON list).",
    no_args_is_help=True,
    add_completion=False,
)
tenants = typer.Typer(help="Create and list tenants.", no_args_is_help=True)
app.add_typer(tenants, name="tenants")


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
    settings = Settings(**overrides)
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


def _render(frame: dict[str, Any], verbose: bool) -> None:
    if "done" in frame:
        sys.stdout.write("\n")
        if verbose:
            typer.echo(json.dumps(frame["metadata"], indent=2), err=True)
        return
    kind = frame.get("type")
    if kind == "content":
        sys.stdout.write(frame["token"])
        sys.stdout.flush()
    elif kind == "error":
        typer.echo(f"\nerror: {frame['token']}", err=True)
    elif verbose:
        typer.echo(f"[{kind}] {frame['token']}", err=True)


async def _chat_in_process(question: str, conversation_id: str | None, verbose: bool) -> None:
    settings = Settings(log_level="WARNING")
    async with _running(create_app(settings)) as application:
        chat = application.state.chat
        async with application.state.sessions() as session:
            tenant = await TenantRepository(session).get(DEMO_TENANT_ID)
            if tenant is None:
                raise typer.BadParameter("the demo tenant is disabled (AGENTSTREAM_DEMO_TENANT)")
            request = ChatRequest(message=question, conversation_id=conversation_id)
            run = await chat.start_turn(session, tenant, request)
        async for event in chat.manager.stream(run.id):
            _render(event.data, verbose)


async def _chat_remote(
    url: str, api_key: str | None, question: str, conversation_id: str | None, verbose: bool
) -> None:
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    body = {"message": question, "conversation_id": conversation_id}
    timeout = httpx.Timeout(10, read=120)
    async with (
        httpx.AsyncClient(base_url=url, timeout=timeout) as client,
        client.stream("POST", "/api/chat/stream", json=body, headers=headers) as resp,
    ):
        if resp.status_code != 200:
            await resp.aread()
            typer.echo(f"error {resp.status_code}: {resp.text}", err=True)
            raise typer.Exit(1)
        async for line in resp.aiter_lines():
            if line.startswith("data: "):
                _render(json.loads(line[6:]), verbose)


@app.command()
def chat(
    question: Annotated[str, typer.Argument(help="The question to ask.")],
    conversation_id: Annotated[str | None, typer.Option(help="Continue this conversation.")] = None,
    url: Annotated[
        str | None,
        typer.Option(
            help=(
                "Ask a running server (e.g. http://127.0.0.1:8000) instead of an in-process "
                "service on the demo tenant."
            )
        ),
    ] = None,
    api_key: Annotated[
        str | None, typer.Option(envvar="AGENTSTREAM_API_KEY", help="API key for --url.")
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show thoughts, tool calls and metadata.")
    ] = False,
) -> None:
    """Ask the orchestrator a question and stream the answer in the terminal."""
    if not 1 <= len(question) <= 2000:
        raise typer.BadParameter("the question must have 1 to 2000 characters")
    if url:
        asyncio.run(_chat_remote(url, api_key, question, conversation_id, verbose))
    else:
        asyncio.run(_chat_in_process(question, conversation_id, verbose))


async def _create_tenant(name: str, demo_content: bool, data_url: str | None) -> tuple[str, str]:
    settings = Settings()
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
    tenant_id, key = asyncio.run(_create_tenant(name, demo_content, data_url))
    typer.echo(f"tenant_id: {tenant_id}\napi_key:   {key}")


async def _list_tenants() -> list[tuple[str, str]]:
    settings = Settings()
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

    settings = Settings(log_level="WARNING")
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
    asyncio.run(upgrade(Settings().resolved_database_url))
    typer.echo("database is up to date")
