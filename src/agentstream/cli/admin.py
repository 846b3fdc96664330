"""`agentstream doctor` and `agentstream migrate`: check the model (and that it calls tools
when the agent loop needs it), upgrade the database."""

import asyncio
from typing import Annotated

import typer

from agentstream.cli.settings import load_settings
from agentstream.db.migrate import upgrade


async def _doctor(timeout_s: float) -> bool:
    # Imported here: building a real model may need an optional extra.
    from agentstream.llm.factory import create_chat_model
    from agentstream.llm.health import check_model, check_tool_calling

    settings = load_settings(log_level="WARNING")
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
        return False
    mode = "tools" if settings.agent_uses_tools else "grounded"
    typer.echo(f"agent mode: {mode}")
    if not settings.agent_uses_tools:
        return True
    tools = await check_tool_calling(model, timeout_s)
    if tools.ok:
        typer.echo("model: calls tools")
    else:
        typer.echo(
            f"model: cannot run the agent loop: {tools.error} "
            "(use a model that calls tools, or AGENTSTREAM_AGENT_MODE=grounded)"
        )
    return tools.ok


def doctor(
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the model.")] = 30.0,
) -> None:
    """Check that the configured model provider answers (exit code 1 when it does not)."""
    if not asyncio.run(_doctor(timeout)):
        raise typer.Exit(1)


def migrate() -> None:
    """Apply database migrations (the server also does this at start) and say which."""
    migration = asyncio.run(upgrade(load_settings().resolved_database_url))
    if migration.applied:
        typer.echo(f"migrated from {migration.before or 'an empty database'} to {migration.after}")
    else:
        typer.echo(f"database already current at revision {migration.after}")
