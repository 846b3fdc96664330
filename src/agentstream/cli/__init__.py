"""The `agentstream` command: serve the API, chat from a terminal, manage tenants."""

from agentstream.cli.main import app

__all__ = ["app"]
