"""The outcome of one SQL tool call, shared by the tool, the planners and the answer composers."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class SqlResult:
    """Rows returned by a vetted, read-only SELECT."""

    sql: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    truncated: bool = False
    elapsed_ms: float = 0.0

    @property
    def row_count(self) -> int:
        """Number of rows returned (after the row cap)."""
        return len(self.rows)

    def records(self) -> list[dict[str, Any]]:
        """Rows as dictionaries keyed by column name."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]
