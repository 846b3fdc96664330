"""An intent: one family of questions, the SQL that answers it and the composer of its answer."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from agentstream.agents.sql.catalog.plan import QueryPlan
from agentstream.agents.sql.catalog.questions import Slots
from agentstream.agents.sql.catalog.sources import Source
from agentstream.agents.sql.result import SqlResult

# Caps on list answers; the composer says "showing the first N of M" when a cap bites.
LIST_LIMIT = 20
# Rankings and breakdowns are bounded by the number of technicians, customers or groups.
GROUP_LIMIT = 100


@dataclass(frozen=True)
class Query:
    """SQL text, its parameters and the words that describe what it selects."""

    sql: str
    params: Mapping[str, Any]
    description: str
    hints: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Intent:
    """A question family: where its rows come from, how to query them, how to answer."""

    name: str
    subject: str
    source: Source
    build: Callable[[Slots], Query]
    compose: Callable[[QueryPlan, SqlResult], str]

    def plan(self, slots: Slots) -> QueryPlan | None:
        """The plan for `slots`, or None when a filter of the question cannot be applied here."""
        if not self.source.supports(slots):
            return None
        query = self.build(slots)
        return QueryPlan(
            intent=self.name,
            sql=query.sql,
            params=dict(query.params),
            subject=self.subject,
            description=query.description,
            hints=dict(query.hints),
        )


def statement(*clauses: str) -> str:
    """One SQL statement, a clause per line; empty clauses (no WHERE) are left out."""
    return "\n".join(clause for clause in clauses if clause)
