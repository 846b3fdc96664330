"""`agentstream serve`: the HTTP API under uvicorn."""

import asyncio
import os
from typing import Annotated, Any

import typer
import uvicorn

from agentstream.api.protocols import bounded_head_options
from agentstream.app import create_app
from agentstream.cli.settings import load_settings
from agentstream.db.migrate import upgrade
from agentstream.logs import configure_logging
from agentstream.settings import Settings
from agentstream.tenancy.stream_tokens import MissingSecretKey, signer_for

WORKER_HEALTHCHECK_S = 60


def _check_secret(settings: Settings) -> None:
    """Refuse to start without what every worker needs to start: checked here, once, since a
    worker that fails its start-up is started again by the supervisor, and again."""
    try:
        signer_for(settings)
    except MissingSecretKey as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None


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
        int,
        typer.Option(
            min=1, help="Worker processes; more than one needs AGENTSTREAM_BROKER_URL (Redis)."
        ),
    ] = 1,
) -> None:
    """Serve the HTTP API (SQLite, in-process broker and offline model unless configured)."""
    overrides: dict[str, Any] = {"dev_mode": True} if dev else {}
    settings = load_settings(**overrides)
    if settings.dev_mode and host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(
            "Development mode serves unauthenticated requests: bind it to 127.0.0.1.", err=True
        )
        raise typer.Exit(2)
    if workers > 1 and settings.broker_url is None:
        typer.echo(
            "error: --workers needs the Redis broker (set AGENTSTREAM_BROKER_URL=redis://host:6379/0"
            "): with the in-process broker, a run is visible only on the worker that runs it.",
            err=True,
        )
        raise typer.Exit(2)
    _check_secret(settings)
    # With one worker or several: the head is bounded in the server too, with the app's 431.
    server_options = {
        "host": host,
        "port": port,
        "log_config": None,
        "timeout_keep_alive": 120,
        # On SIGTERM, streams close once their runs have drained; this bounds the rest.
        "timeout_graceful_shutdown": settings.shutdown_timeout_s,
        **bounded_head_options(settings.max_header_bytes),
    }
    if workers == 1:
        uvicorn.run(create_app(settings), **server_options)
        return
    # Once here, before the workers start (each then finds the database up to date).
    asyncio.run(upgrade(settings.resolved_database_url))
    # Each worker builds its own application from the environment.
    if dev:
        os.environ["AGENTSTREAM_DEV_MODE"] = "true"
    configure_logging(settings.log_level, json=settings.log_json)  # the supervisor's messages
    uvicorn.run(
        "agentstream.app:create_app",
        factory=True,
        workers=workers,
        # A worker answers the supervisor's health checks only between the steps of its
        # start-up; on a busy machine that takes longer than uvicorn's 5 s, and a worker that
        # misses one before it serves is taken for broken, which stops every worker.
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
        **server_options,
    )
