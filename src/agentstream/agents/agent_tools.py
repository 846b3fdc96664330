"""The tools of the agent loop: guarded SQL over the tenant's database, and document search.

Each returns what the model reads (rows or passages as text, cut to the result budget, or the
error that stopped the call, so the model can correct itself) and, as the tool message's
artifact, the sources it used. Each call is shown to the client as a `tool_call` frame.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from langchain_core.language_models import LanguageModelInput
from langchain_core.messages import AIMessage
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agentstream.agents.sql.guard import UnsafeQueryError
from agentstream.agents.sql.result import SqlResult
from agentstream.agents.sql.tool import SqlToolError
from agentstream.agents.toolbox import AgentSink, ToolBox

QUERY_DATABASE = "query_database"
SEARCH_DOCUMENTS = "search_documents"
# The `tool` of each tool's `tool_call` frames.
TOOL_KINDS = {QUERY_DATABASE: "sql", SEARCH_DOCUMENTS: "rag"}
Sources = list[dict[str, Any]]


@dataclass(frozen=True)
class LoopLimits:
    """How far one turn's agent loop may go."""

    max_steps: int = 6
    time_budget_s: float = 120.0
    history_tokens: int = 2000
    # The most characters of one tool result the model reads.
    result_chars: int = 6000


@dataclass(frozen=True)
class AgentContext:
    """What the loop's nodes and tools share during one turn (LangGraph's runtime context)."""

    toolbox: ToolBox
    sink: AgentSink
    model: Runnable[LanguageModelInput, AIMessage]  # the chat model with the tools bound
    limits: LoopLimits
    deadline: float  # on the event loop's clock


def _cell(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, Decimal | float):
        return format(value, "f") if isinstance(value, Decimal) else repr(value)
    if isinstance(value, date | datetime):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return " ".join(str(value).split())


_CUT_NOTICE = "\n… (cut here to fit the result budget)"


def fit(text: str, budget: int) -> str:
    """`text`, or its start and a notice that it was cut, in at most `budget` characters."""
    if len(text) <= budget:
        return text
    return text[: max(0, budget - len(_CUT_NOTICE))] + _CUT_NOTICE


def _rows_header(result: SqlResult, shown: int) -> str:
    header = f"{result.row_count} rows" if result.row_count != 1 else "1 row"
    if result.truncated:
        header = f"At least {result.row_count} rows (the row limit; more rows exist)"
    if shown < result.row_count:
        header += f"; only the first {shown} are shown, the rest was cut to fit"
    return f"{header}:"


def render_rows(result: SqlResult, budget: int) -> str:
    """The rows as a `|`-separated table under a header that says how many there are and,
    when the table was cut by the row limit or to fit, how many are shown; the whole text,
    header included, holds in `budget` characters."""
    if not result.rows:
        return "0 rows."
    # The header's length depends on how many rows are shown: reserve its longest form.
    reserved = len(_rows_header(result, 0)) + len(str(result.row_count)) + 1
    lines = [" | ".join(result.columns)]
    used = reserved + len(lines[0])
    for row in result.rows:
        line = " | ".join(_cell(value) for value in row)
        # A first row too wide for the budget is shown cut rather than not at all.
        if used + len(line) + 1 > budget and len(lines) > 1:
            break
        lines.append(line)
        used += len(line) + 1
    shown = len(lines) - 1
    return fit(f"{_rows_header(result, shown)}\n" + "\n".join(lines), budget)


def _sql_source(sql: str, result: SqlResult, row_limit: int) -> dict[str, Any]:
    """The model's SQL as it wrote it, and the row limit it ran under (the statement that
    ran carries the guard's own cap, which is no part of what the model asked)."""
    return {
        "type": "sql",
        "sql": sql,
        "row_limit": row_limit,
        "row_count": result.row_count,
        "truncated": result.truncated,
        "elapsed_ms": round(result.elapsed_ms, 2),
    }


def _context(runtime: ToolRuntime[Any]) -> AgentContext:
    return cast(AgentContext, runtime.context)


class QueryDatabaseArgs(BaseModel):
    """What the model passes to `query_database`."""

    sql: str = Field(description="One SELECT statement over the tables described.")


class SearchDocumentsArgs(BaseModel):
    """What the model passes to `search_documents`."""

    query: str = Field(description="The words to look for.")


# The argument schemas are explicit: inferred from the signatures they would include the
# injected runtime, which LangChain then validates and serializes (the whole conversation in
# its state) on every call.
@tool(
    QUERY_DATABASE,
    description="Run one read-only SQL SELECT over the business database described in your "
    "instructions and read its rows (a row limit applies).",
    args_schema=QueryDatabaseArgs,
    response_format="content_and_artifact",
)
async def query_database(sql: str, runtime: ToolRuntime[Any]) -> tuple[str, Sources]:
    """The rows of `sql` for the model, or why it was not run; the SQL source as artifact."""
    context = _context(runtime)
    database = context.toolbox.sql
    if database is None:
        return "Error: no business database is connected; nothing was run.", []
    try:
        result = await database.run(sql)
    except SqlToolError as error:
        kind = "was refused by the SQL guard" if isinstance(error, UnsafeQueryError) else "failed"
        await context.sink.tool_call(
            f"The SQL {kind}: {error}", "sql", {"sql": sql, "error": str(error)}
        )
        return (
            f"Error: the query {kind}: {error}. Correct the SQL and call {QUERY_DATABASE} "
            "again, or answer with what you know.",
            [],
        )
    source = _sql_source(sql, result, database.policy.row_limit)
    rows = "1 row" if result.row_count == 1 else f"{result.row_count} rows"
    await context.sink.tool_call(f"{sql} → {rows}", "sql", source)
    return render_rows(result, context.limits.result_chars), [source]


@tool(
    SEARCH_DOCUMENTS,
    description="Search the organization's documents (policies, procedures, rules) and read "
    "the best passages, each with its document id, title and section.",
    args_schema=SearchDocumentsArgs,
    response_format="content_and_artifact",
)
async def search_documents(query: str, runtime: ToolRuntime[Any]) -> tuple[str, Sources]:
    """The passages that best match `query`, cut to the budget; their documents as artifact."""
    context = _context(runtime)
    hits = context.toolbox.knowledge.search(query, k=context.toolbox.top_k)
    budget = context.limits.result_chars
    passages: list[str] = []
    used = 0
    for hit in hits:
        chunk = hit.chunk
        passage = f"[{chunk.chunk_id}] {chunk.title} § {chunk.section or chunk.title}\n{chunk.text}"
        if passages and used + len(passage) > budget:
            break
        passages.append(passage)
        used += len(passage)
    shown = hits[: len(passages)]
    sources: Sources = [
        {
            "type": "document",
            "id": hit.chunk.doc_id,
            "title": hit.chunk.title,
            "section": hit.chunk.section,
            "chunk_id": hit.chunk.chunk_id,
            "score": round(hit.score, 3),
        }
        for hit in shown
    ]
    titles = ", ".join(dict.fromkeys(hit.chunk.title for hit in shown)) or "no document"
    await context.sink.tool_call(
        f"Searched the documents for {query!r} → {len(shown)} "
        f"{'passage' if len(shown) == 1 else 'passages'} from: {titles}",
        "rag",
        {"query": query, "documents": sources, "passage_count": len(shown)},
    )
    if not hits:
        return "No passage matches. Try other words, or answer that the documents do not say.", []
    header = f"{len(hits)} passages"
    if len(shown) < len(hits):
        header += f"; only the first {len(shown)} are shown, the rest was cut to fit"
    return fit(f"{header}:\n\n" + "\n\n".join(passages), budget), sources


AGENT_TOOLS: tuple[BaseTool, ...] = (query_database, search_documents)


def tools_for(toolbox: ToolBox) -> list[BaseTool]:
    """The tools worth offering for the tenant: the SQL tool only with a database, the search
    only with documents."""
    offered: list[BaseTool] = []
    if toolbox.sql is not None:
        offered.append(query_database)
    if toolbox.knowledge.titles():
        offered.append(search_documents)
    return offered
