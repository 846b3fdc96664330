"""Checks on `agentstream` command results shared by the CLI tests."""

from typing import Any


def assert_fails_cleanly(result: Any, exit_code: int) -> None:
    """The command exited on purpose (no uncaught exception, so no traceback) with this code."""
    assert result.exit_code == exit_code, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
