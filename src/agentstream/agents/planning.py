"""Planning by a capable model: it chooses the tools and writes the SQL (issue 4).

The model sees the schema and two tools; its SQL still goes through the SQL tool's guard, and a
rejected or failing statement is sent back with the error for a bounded number of repairs.
Whatever the model cannot do (no tool support, no call, no valid SQL) falls back to the
deterministic planner, so weak models lose nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from agentstream.agents.routing import Route
from agentstream.agents.sql.result import SqlResult
from agentstream.demo.fieldservice.schema import metadata
from agentstream.logs import get_logger

log = get_logger(__name__)
MAX_SQL_REPAIRS = 2


class QueryDatabase(BaseModel):
    """Run one read-only SQL SELECT over the company's business database."""

    sql: str = Field(description="A single SELECT statement over the tables described.")


class SearchDocuments(BaseModel):
    """Search the company's policy documents (overtime, safety, SLA, leave, vehicles, ...)."""

    query: str = Field(description="What to look for in the policies.")


TOOLS: list[type[BaseModel]] = [QueryDatabase, SearchDocuments]


def describe_schema() -> str:
    """The allow-listed tables and their columns, for the model's prompt."""
    return "\n".join(
        f"{table.name}({', '.join(column.name for column in table.columns)})"
        for table in metadata.sorted_tables
    )


PLANNER_PROMPT = (
    "You answer questions about a field-service company. Use QueryDatabase for questions about "
    "its data (technicians, customers, work orders, timesheets) and SearchDocuments for its "
    "policies; use both when needed, neither when they cannot answer. SQL must be one SELECT "
    "over these tables only:\n{schema}"
)


@dataclass(frozen=True)
class ModelPlan:
    """What the model chose: a route, its SQL, its document search."""

    route: Route
    sql: str | None = None
    search: str | None = None


def _calls(message: BaseMessage) -> list[dict[str, Any]]:
    calls = getattr(message, "tool_calls", None) or []
    return [dict(call) for call in calls]


def _messages(question: str, history: Sequence[tuple[str, str]]) -> list[BaseMessage]:
    turns: list[BaseMessage] = [SystemMessage(PLANNER_PROMPT.format(schema=describe_schema()))]
    for role, content in history:
        turns.append(HumanMessage(content) if role == "user" else AIMessage(content))
    turns.append(HumanMessage(question))
    return turns


async def plan_with_model(
    model: BaseChatModel, question: str, history: Sequence[tuple[str, str]]
) -> ModelPlan | None:
    """The model's choice of tools, or None when it cannot choose (then plan deterministically)."""
    try:
        reply = await model.bind_tools(TOOLS).ainvoke(_messages(question, history))
    except Exception as error:  # no tool support, provider error: the deterministic path decides
        log.info("tool_planning_unavailable", error=type(error).__name__)
        return None
    calls = _calls(reply)
    sql = next((str(c["args"].get("sql", "")) for c in calls if c["name"] == "QueryDatabase"), None)
    search = next(
        (str(c["args"].get("query", "")) for c in calls if c["name"] == "SearchDocuments"), None
    )
    if sql and search:
        return ModelPlan(Route.BOTH, sql, search)
    if sql:
        return ModelPlan(Route.SQL, sql=sql)
    if search:
        return ModelPlan(Route.RAG, search=search)
    return None  # no tool chosen: let the deterministic planner say what can be answered


async def repair_sql(model: BaseChatModel, question: str, sql: str, error: str) -> str | None:
    """Ask the model for a corrected statement after the guard or the database refused one."""
    messages = [
        *_messages(question, ()),
        HumanMessage(
            f"This SQL failed: {sql}\nError: {error}\n"
            "Call QueryDatabase again with a corrected single SELECT."
        ),
    ]
    try:
        reply = await model.bind_tools([QueryDatabase]).ainvoke(messages)
    except Exception as failure:
        log.info("sql_repair_unavailable", error=type(failure).__name__)
        return None
    return next(
        (str(c["args"].get("sql", "")) for c in _calls(reply) if c["name"] == "QueryDatabase"),
        None,
    )


def describe_rows(result: SqlResult, limit: int = 10) -> str:
    """A plain statement of a model-written query's rows, grounding the model's answer."""
    if not result.rows:
        return "The query returned no rows."
    shown = "; ".join(
        ", ".join(f"{key}={value}" for key, value in record.items())
        for record in result.records()[:limit]
    )
    more = f" (showing {limit} of {result.row_count})" if result.row_count > limit else ""
    noun = "row" if result.row_count == 1 else "rows"
    return f"The query returned {result.row_count} {noun}{more}: {shown}."
