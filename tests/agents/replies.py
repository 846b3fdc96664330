"""What a scripted tool-calling model replies in the agent loop tests: calls of the loop's tools,
and the question and SQL those tests share."""

from langchain_core.messages import AIMessage, InvalidToolCall

ACTIVE_SQL = "SELECT count(*) AS active FROM technicians WHERE status = 'active'"
QUESTION = "How many techs are working?"


def sql_call(sql: str, call_id: str = "call-sql") -> AIMessage:
    """A reply that runs `sql` with the `query_database` tool."""
    return AIMessage(
        "", tool_calls=[{"name": "query_database", "args": {"sql": sql}, "id": call_id}]
    )


def search_call(query: str, call_id: str = "call-doc") -> AIMessage:
    """A reply that searches the documents for `query` with the `search_documents` tool."""
    args = {"query": query}
    return AIMessage("", tool_calls=[{"name": "search_documents", "args": args, "id": call_id}])


def unreadable_call(arguments: str, call_id: str = "call-bad") -> AIMessage:
    """A reply that calls `query_database` with `arguments` that are not JSON, as written."""
    call = InvalidToolCall(
        name="query_database", args=arguments, id=call_id, error=None, type="invalid_tool_call"
    )
    return AIMessage("", invalid_tool_calls=[call])
