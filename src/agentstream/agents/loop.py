"""The agent loop: behind a model that calls tools, the model thinks (DESIGN principle 5).

A LangGraph graph agent ↔ tools. In each step the model reads the conversation (its
instructions with the tenant's schema, the history, the question, every tool call so far and
its result) and either calls tools or writes the answer, which streams to the client token by
token. A call the tools cannot take (arguments that are not JSON, a required one missing) is
answered with what was wrong, and the model calls again in its next step. The loop is bounded
by a number of steps and a time budget; a model that stops without a tool call or an answer,
or that runs out of either bound, ends the turn with an error.
"""

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Annotated, Any, Literal, TypedDict, TypeVar, cast

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    InvalidToolCall,
    ToolCall,
    ToolMessage,
)
from langchain_core.messages.tool import invalid_tool_call, tool_call
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import add_messages
from langgraph.graph.state import CompiledStateGraph
from langgraph.prebuilt import ToolNode
from langgraph.prebuilt.tool_node import ToolCallRequest, ToolInvocationError
from langgraph.runtime import Runtime
from langgraph.types import Command

from agentstream.agents.agent_prompt import opening_messages
from agentstream.agents.agent_tools import AGENT_TOOLS, AgentContext, LoopLimits, tools_for
from agentstream.agents.errors import (
    NoAnswerError,
    StepLimitError,
    TimeBudgetError,
    ToolCallingUnavailableError,
)
from agentstream.agents.routing import Route
from agentstream.agents.tool_arguments import (
    NOT_A_JSON_OBJECT,
    invalid_arguments_problem,
    refuse_call,
)
from agentstream.agents.toolbox import AgentSink, ToolBox, TurnProgress
from agentstream.llm.streaming import Usage
from agentstream.llm.tool_calling import tool_calling_problem

Failure = Literal["no_answer", "step_limit"]
T = TypeVar("T")


def _add_usage(total: dict[str, int], step: dict[str, int]) -> dict[str, int]:
    return {key: total.get(key, 0) + step.get(key, 0) for key in {*total, *step}}


class AgentState(TypedDict, total=False):
    """The conversation the model reads, and what the loop has spent."""

    messages: Annotated[list[BaseMessage], add_messages]
    steps: int
    usage: Annotated[dict[str, int], _add_usage]
    failure: Failure | None


async def _by_deadline(step: Awaitable[T], deadline: float, limits: LoopLimits) -> T:
    """`step`'s result, or TimeBudgetError once the loop's deadline has passed (a timeout
    from elsewhere, such as the provider's own, propagates as it is)."""
    try:
        async with asyncio.timeout_at(deadline) as scope:
            return await step
    except TimeoutError:
        if scope.expired():
            raise TimeBudgetError(
                "The model did not finish its answer within the time budget of "
                f"{limits.time_budget_s:g} s (AGENTSTREAM_AGENT_TIME_BUDGET_S)."
            ) from None
        raise


async def _reply(context: AgentContext, messages: list[BaseMessage], usage: Usage) -> AIMessage:
    """The model's next message, its text streamed to the client as it comes."""
    merged: AIMessageChunk | None = None
    async for piece in context.model.astream(messages):
        chunk = cast(AIMessageChunk, piece)  # a chat model streams message chunks
        merged = chunk if merged is None else merged + chunk
        text = chunk.text
        if text:
            await context.sink.tokens([text])
    if merged is None:
        return AIMessage("")
    usage.add(merged.usage_metadata)
    tool_calls, invalid_tool_calls = _calls_as_written(merged)
    if merged.text and (tool_calls or invalid_tool_calls):
        # Text the model wrote before calling tools stays in the answer the client saw; the
        # next step's text starts a new paragraph.
        await context.sink.tokens(["\n\n"])
    return AIMessage(
        content=merged.content,
        tool_calls=tool_calls,
        invalid_tool_calls=invalid_tool_calls,
        usage_metadata=merged.usage_metadata,
        id=merged.id,
    )


def _calls_as_written(reply: AIMessageChunk) -> tuple[list[ToolCall], list[InvalidToolCall]]:
    """The reply's tool calls whose arguments are a JSON object, and the others as written.

    LangChain reads streamed arguments as partial JSON, completing what the model left open: a
    call cut off mid-statement (the model ran out of tokens) would run the statement's first
    half, and `{sql: ...` would lose its text. A call is run only as the model finished it.
    """
    if not reply.tool_call_chunks:  # calls that did not stream in pieces
        return list(reply.tool_calls), list(reply.invalid_tool_calls)
    valid: list[ToolCall] = []
    invalid: list[InvalidToolCall] = []
    for chunk in reply.tool_call_chunks:
        written = chunk["args"] or "{}"  # a call without arguments may send none
        try:
            arguments = json.loads(written)
        except ValueError:
            arguments = None
        if isinstance(arguments, dict):
            valid.append(tool_call(name=chunk["name"] or "", args=arguments, id=chunk["id"]))
        else:
            invalid.append(
                invalid_tool_call(name=chunk["name"], args=chunk["args"], id=chunk["id"])
            )
    return valid, invalid


async def agent(state: AgentState, runtime: Runtime[AgentContext]) -> AgentState:
    """One step: the model reads everything so far and calls tools or answers."""
    context = runtime.context
    usage = Usage()
    reply = await _by_deadline(
        _reply(context, state["messages"], usage), context.deadline, context.limits
    )
    step = state.get("steps", 0) + 1
    update: AgentState = {"messages": [reply], "steps": step, "usage": usage.as_dict()}
    calls = reply.tool_calls or reply.invalid_tool_calls
    if calls and step >= context.limits.max_steps:
        update["failure"] = "step_limit"
    elif not calls and not reply.text.strip():
        update["failure"] = "no_answer"
    return update


def _last_reply(state: AgentState) -> AIMessage | None:
    return next((m for m in reversed(state["messages"]) if isinstance(m, AIMessage)), None)


def after_agent(state: AgentState) -> str:
    """Calls that cannot be run are answered first, then the tools run the others; the end
    once the model answered or failed."""
    last = state["messages"][-1]
    if state.get("failure") or not isinstance(last, AIMessage):
        return END
    if last.invalid_tool_calls:
        return "refuse_unreadable_calls"
    return "tools" if last.tool_calls else END


async def refuse_unreadable_calls(state: AgentState, runtime: Runtime[AgentContext]) -> AgentState:
    """Answer each call whose arguments are not a JSON object with why it was not run (a
    model's call must have a result before its next step, or the server refuses the request)."""
    reply = _last_reply(state)
    assert reply is not None  # this node follows a reply with such calls
    tools = {tool.name: tool for tool in AGENT_TOOLS}
    refusals: list[BaseMessage] = [
        await refuse_call(runtime.context, tools.get(call["name"] or ""), call, NOT_A_JSON_OBJECT)
        for call in reply.invalid_tool_calls
    ]
    return {"messages": refusals}


def after_refusals(state: AgentState) -> str:
    """To the tools when the same reply made calls they can run too, else the next step."""
    reply = _last_reply(state)
    return "tools" if reply is not None and reply.tool_calls else "agent"


async def _run_call(
    request: ToolCallRequest,
    execute: Callable[[ToolCallRequest], Awaitable[ToolMessage | Command[Any]]],
) -> ToolMessage | Command[Any]:
    """A tool call, stopped when the loop's time budget runs out; one whose arguments do not
    fit the tool is answered with what was wrong."""
    context = cast(AgentContext, request.runtime.context)
    try:
        return await _by_deadline(execute(request), context.deadline, context.limits)
    except ToolInvocationError as error:
        problem = invalid_arguments_problem(error)
        return await refuse_call(context, request.tool, request.tool_call, problem)


def build_agent_loop() -> CompiledStateGraph[AgentState, AgentContext, AgentState, AgentState]:
    """The compiled graph agent ↔ tools; the turn's tools, sink and model come in its context."""
    graph = StateGraph(AgentState, context_schema=AgentContext)
    graph.add_node("agent", agent)
    graph.add_node("refuse_unreadable_calls", refuse_unreadable_calls)
    # Errors are not turned into results by the node: `_run_call` answers invalid arguments,
    # and any other error is a fault of the service, not something the model can correct.
    tools = ToolNode(AGENT_TOOLS, awrap_tool_call=_run_call, handle_tool_errors=False)
    graph.add_node("tools", tools)
    graph.add_edge(START, "agent")
    graph.add_conditional_edges("agent", after_agent, ["refuse_unreadable_calls", "tools", END])
    graph.add_conditional_edges("refuse_unreadable_calls", after_refusals, ["tools", "agent"])
    graph.add_edge("tools", "agent")
    return graph.compile()


def progress_of(state: AgentState) -> TurnProgress:
    """The route, sources and usage of the loop so far."""
    sources: list[dict[str, Any]] = [
        source
        for message in state.get("messages", [])
        if isinstance(message, ToolMessage) and isinstance(message.artifact, list)
        for source in message.artifact
    ]
    kinds = {source["type"] for source in sources}
    route = (
        Route.BOTH
        if kinds == {"sql", "document"}
        else Route.SQL
        if "sql" in kinds
        else Route.RAG
        if "document" in kinds
        else Route.NONE
    )
    return {"route": route.value, "sources": sources, "usage": state.get("usage", {})}


class AgentLoop:
    """Answers chat turns with the agent loop (AGENTSTREAM_AGENT_MODE=tools)."""

    def __init__(self, limits: LoopLimits) -> None:
        self._limits = limits
        self._graph = build_agent_loop()

    @property
    def limits(self) -> LoopLimits:
        """The bounds of each turn's loop."""
        return self._limits

    async def run(
        self,
        *,
        question: str,
        history: Sequence[tuple[str, str]],
        toolbox: ToolBox,
        sink: AgentSink,
        model: BaseChatModel,
    ) -> AsyncIterator[TurnProgress]:
        """Run the loop, reporting progress after each step; raises AgentError when the model
        cannot call tools, stops without answering, or runs out of steps or time."""
        limits = self._limits
        deadline = asyncio.get_running_loop().time() + limits.time_budget_s
        problem = await _by_deadline(tool_calling_problem(model), deadline, limits)
        if problem is not None:
            raise ToolCallingUnavailableError(
                f"{problem}, so it cannot run the agent loop (AGENTSTREAM_AGENT_MODE=tools). "
                "Use a model that calls tools, or set AGENTSTREAM_AGENT_MODE=grounded."
            )
        tools = tools_for(toolbox)
        context = AgentContext(
            toolbox=toolbox,
            sink=sink,
            model=model.bind_tools(tools) if tools else model,
            limits=limits,
            deadline=deadline,
        )
        messages = opening_messages(
            question,
            history,
            schema=toolbox.schema,
            titles=toolbox.knowledge.titles(),
            today=toolbox.today,
            history_tokens=limits.history_tokens,
        )
        state: AgentState = {"messages": messages, "steps": 0, "usage": {}}
        inputs = state
        async for values in self._graph.astream(inputs, context=context, stream_mode="values"):
            state = cast(AgentState, values)
            yield progress_of(state)
        failure = state.get("failure")
        if failure == "step_limit":
            raise StepLimitError(
                f"The model was still calling tools after {limits.max_steps} steps, the most "
                "a turn may take (AGENTSTREAM_AGENT_MAX_STEPS)."
            )
        if failure == "no_answer":
            raise NoAnswerError("The model returned neither a valid tool call nor an answer.")
