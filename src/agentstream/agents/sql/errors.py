"""Errors of the SQL tool, shared by the guard and the data sources."""

from __future__ import annotations

__all__ = ["SqlToolError", "UnsafeQueryError"]


class SqlToolError(Exception):
    """Base of every error the SQL tool reports; its message is safe to show to users."""


class UnsafeQueryError(SqlToolError, ValueError):
    """The statement was rejected by the guard; `reason` says why without echoing the SQL."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
