"""The command line's entry point: its options, and its commands in the order help lists them."""

from typing import Annotated

import typer

from agentstream import __version__
from agentstream.cli.admin import doctor, migrate
from agentstream.cli.chat import chat
from agentstream.cli.serve import serve
from agentstream.cli.tenants import tenants

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


app.command()(serve)
app.command()(chat)
app.add_typer(tenants, name="tenants")
app.command()(doctor)
app.command()(migrate)
