"""The settings every command reads, with invalid ones reported as a usage error."""

from typing import Any

import typer
from pydantic import ValidationError

from agentstream.cli.errors import describe_settings_error
from agentstream.settings import Settings


def load_settings(**overrides: Any) -> Settings:
    """The settings, or exit code 2 with the invalid variables named (no traceback)."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        typer.echo(f"error: {describe_settings_error(error)}", err=True)
        raise typer.Exit(2) from None
