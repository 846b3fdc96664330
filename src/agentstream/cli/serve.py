"""`agentstream serve`: the HTTP API under uvicorn."""

from typing import Annotated, Any

import typer
import uvicorn

from agentstream.app import create_app
from agentstream.cli.settings import load_settings


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
    settings = load_settings(**overrides)
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
