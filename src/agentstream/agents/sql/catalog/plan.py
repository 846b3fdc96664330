"""The catalog's output: one vetted, parameterized query and what it answers."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class QueryPlan:
    """A catalog query chosen for a question: SQL with ``:name`` placeholders and its values."""

    intent: str
    sql: str
    params: Mapping[str, Any]
    subject: str
    description: str
    # Presentation details the composer needs but the database does not (top N, list cap,
    # singular noun); plain data so that a plan can be logged or serialized.
    hints: Mapping[str, Any] = field(default_factory=dict, compare=False)
