"""What the model of the agent loop is told: its instructions with the tenant's schema and
documents, the conversation so far (trimmed to a token budget), and the question."""

from collections.abc import Sequence
from datetime import date

from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    HumanMessage,
    SystemMessage,
    trim_messages,
)
from langchain_core.messages.utils import count_tokens_approximately

from agentstream.agents.agent_tools import QUERY_DATABASE, SEARCH_DOCUMENTS
from agentstream.agents.sql.introspection import ColumnSchema, DatabaseSchema, TableSchema

_DIALECTS = {"sqlite": "SQLite", "postgres": "PostgreSQL"}

# A prompt, not SQL (it names SELECT and FROM).
INSTRUCTIONS = f"""\
You answer the questions of the people of an organization from its business database and its \
documents, which you read with your tools.
- Call {QUERY_DATABASE} with one read-only SELECT to get facts from the data, and \
{SEARCH_DOCUMENTS} to find what the documents say. You may call them several times.
- A tool result that starts with "Error:" says what went wrong: correct the call and try again.
- Every number, name and date you state must come from a tool result in this conversation. \
When the tools cannot answer, say so plainly; never guess.
- Cite each document you use as [Title § Section], and say which figures come from the \
database.
- Answer concisely, in the language of the question.
Today is {{today}}."""  # noqa: S608


def _column(column: ColumnSchema) -> str:
    parts = [f"{column.name} {column.type}"]
    if column.primary_key:
        parts.append("primary key")
    if column.references:
        parts.append(f"→ {column.references}")
    if not column.nullable and not column.primary_key:
        parts.append("not null")
    if column.values:
        parts.append("values: " + ", ".join(column.values))
    return " ".join(parts)


def _table(table: TableSchema) -> str:
    kind = " (view)" if table.view else ""
    return f"{table.name}{kind}: " + "; ".join(_column(column) for column in table.columns)


def describe_database(schema: DatabaseSchema | None) -> str:
    """The tenant's tables for the model: columns, types, keys and the values of columns that
    have few."""
    if schema is None:
        return "No business database is connected."
    if not schema.tables:
        return "The business database has no tables."
    dialect = _DIALECTS.get(schema.dialect, schema.dialect)
    lines = "\n".join(_table(table) for table in schema.tables)
    return f"The business database ({dialect} SQL), its tables and columns:\n{lines}"


def describe_documents(titles: Sequence[str]) -> str:
    """The documents the model can search."""
    if not titles:
        return "No documents are available."
    return "The documents you can search: " + "; ".join(titles) + "."


def system_prompt(schema: DatabaseSchema | None, titles: Sequence[str], today: date) -> str:
    """The instructions, the database and the documents, in that order."""
    return "\n\n".join(
        (
            INSTRUCTIONS.format(today=today.isoformat()),
            describe_database(schema),
            describe_documents(titles),
        )
    )


def history_messages(history: Sequence[tuple[str, str]], max_tokens: int) -> list[BaseMessage]:
    """The conversation's latest turns as messages, within `max_tokens` (approximately
    counted), starting with a question."""
    messages: list[BaseMessage] = [
        HumanMessage(content) if role == "user" else AIMessage(content) for role, content in history
    ]
    if not messages or max_tokens <= 0:
        return []
    return trim_messages(
        messages,
        max_tokens=max_tokens,
        token_counter=count_tokens_approximately,
        strategy="last",
        start_on="human",
    )


def opening_messages(
    question: str,
    history: Sequence[tuple[str, str]],
    *,
    schema: DatabaseSchema | None,
    titles: Sequence[str],
    today: date,
    history_tokens: int,
) -> list[BaseMessage]:
    """The messages of the loop's first step."""
    return [
        SystemMessage(system_prompt(schema, titles, today)),
        *history_messages(history, history_tokens),
        HumanMessage(question),
    ]
