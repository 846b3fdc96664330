"""Vetted, parameterized queries over the field-service schema, chosen without a model.

The offline provider (and any model too weak to write SQL) answers data questions through
this catalog: `plan_question` maps a question to one of a fixed set of intents, the SQL tool
runs the plan, and `compose_answer` turns the rows into sentences.
"""

from agentstream.agents.sql.catalog.plan import QueryPlan
from agentstream.agents.sql.catalog.planner import plan_question
from agentstream.agents.sql.catalog.queries import INTENTS
from agentstream.agents.sql.result import SqlResult

__all__ = ["CAPABILITIES", "QueryPlan", "compose_answer", "plan_question"]

CAPABILITIES = (
    "I can answer questions about the field-service data: technicians (how many, by status, "
    "region or skill, their skills, hourly rates and workload), customers (by tier and region) "
    "and work orders (counts and lists by status, priority, category, customer, region or "
    "date, average hours per category, and who completed the most). "
    "I can also total timesheet hours and overtime, overall or per technician, for periods "
    "such as last week, this month or a named month. "
    "Rules and policies are not part of this data."
)


def compose_answer(plan: QueryPlan, result: SqlResult) -> str:
    """Answer the question `plan` was made for, in complete sentences, from `result`'s rows."""
    try:
        intent = INTENTS[plan.intent]
    except KeyError:
        raise ValueError(f"unknown catalog intent {plan.intent!r}") from None
    return intent.compose(plan, result)
