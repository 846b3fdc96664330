"""Errors of the SQL tool, shared by the guard and the data sources."""

from __future__ import annotations

__all__ = ["SqlToolError", "UnsafeQueryError", "shown_name"]


class SqlToolError(Exception):
    """Base of every error the SQL tool reports; its message is safe to show to users."""


class UnsafeQueryError(SqlToolError, ValueError):
    """The statement was rejected by the guard; `reason` says why without echoing the SQL."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def shown_name(name: str) -> str:
    """A name from the statement, quoted for an error message, unless it could garble one."""
    if name.isprintable() and len(name) <= 64:
        return repr(name)
    return "(unprintable name)"
