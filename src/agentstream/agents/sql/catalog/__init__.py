"""The offline engine's data questions: read, represented, planned as SQL and answered.

`plan_question` reads a question (and the conversation's earlier questions, for follow-ups)
against the tenant's own vocabulary into an explicit `Question`, or says which words it could
not map; the planner builds the SQL with SQLAlchemy Core; `compose_answer` states the rows.
No module of this package imports the package itself.
"""

from agentstream.agents.sql.catalog.parse import NotUnderstood
from agentstream.agents.sql.catalog.planner import (
    CAPABILITIES,
    QueryPlan,
    compose_answer,
    plan_question,
    refusal_text,
)

__all__ = [
    "CAPABILITIES",
    "NotUnderstood",
    "QueryPlan",
    "compose_answer",
    "plan_question",
    "refusal_text",
]
