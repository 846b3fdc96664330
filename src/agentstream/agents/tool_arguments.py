"""Tool calls the tools cannot take: arguments that are not a JSON object, or that miss a
required argument or give one a value of the wrong type.

Such a call is not run. Its result tells the model what was wrong, naming the argument and what
the tool takes, so that it can call again in its next step; the client sees it as a `tool_call`
frame like any other call.
"""

import json
from collections.abc import Sequence

from langchain_core.messages import InvalidToolCall, ToolCall, ToolMessage
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from langgraph.prebuilt.tool_node import ToolInvocationError
from pydantic_core import ErrorDetails

from agentstream.agents.agent_tools import TOOL_KINDS, AgentContext

NOT_A_JSON_OBJECT = "the arguments are not a JSON object"


def _signature(tool: BaseTool) -> str:
    """What `tool` takes, from the schema the model was offered: each argument's name, type
    and meaning."""
    fields = convert_to_openai_tool(tool)["function"]["parameters"]
    required = set(fields.get("required", ()))
    arguments = [
        f'"{name}" ({spec.get("type", "any")}, {"required" if name in required else "optional"})'
        + (f": {spec['description'].rstrip('.')}" if spec.get("description") else "")
        for name, spec in fields.get("properties", {}).items()
    ]
    return "It takes a JSON object with " + "; ".join(arguments) + "."


def _named(errors: Sequence[ErrorDetails]) -> str:
    """Each argument at fault, named: `"sql" is missing`, `"sql": Input should be a valid
    string`."""
    problems = []
    for error in errors:
        name = ".".join(str(part) for part in error["loc"])
        problems.append(
            f'"{name}" is missing' if error["type"] == "missing" else f'"{name}": {error["msg"]}'
        )
    return "; ".join(problems)


def invalid_arguments_problem(error: ToolInvocationError) -> str:
    """Why a call whose arguments did not pass its tool's schema was not run."""
    errors = error.filtered_errors
    if errors is None:
        errors = error.source.errors(include_url=False)
    return f"the arguments cannot be used: {_named(errors)}"


async def refuse_call(
    context: AgentContext,
    tool: BaseTool | None,
    call: ToolCall | InvalidToolCall,
    problem: str,
) -> ToolMessage:
    """Show the call the model made to the client, and tell the model why it was not run
    (`problem`) and what `tool` takes instead; `tool` is None when no tool has that name."""
    name = call["name"] or ""
    arguments = call["args"]
    written = arguments if isinstance(arguments, str) else json.dumps(arguments)
    await context.sink.tool_call(
        f"The call of {name} was not run: {problem}",
        TOOL_KINDS.get(name, "tool"),
        {"arguments": written, "error": problem},
    )
    if tool is None:
        content = f"Error: {name} is not a valid tool; call one of the tools you are given."
    else:
        content = (
            f"Error: {name} was not run: {problem}. {_signature(tool)} Call {name} again with "
            "such arguments."
        )
    return ToolMessage(content, name=name, tool_call_id=call["id"] or "", status="error")
