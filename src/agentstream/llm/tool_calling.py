"""Whether a chat model can call tools, which the agent loop needs.

A provider class that does not implement `bind_tools` cannot. An OpenAI-compatible server may
accept tools and ignore them (llama-cpp-python's server does, with a model whose chat template
has no tool format: the model then writes text), so its model is asked once to call a tool.
"""

from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import Any, Protocol, cast, runtime_checkable

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessageChunk, HumanMessage, SystemMessage

_PROBE_TOOL: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "confirm_ready",
        "description": "Confirms that you can call tools.",
        "parameters": {
            "type": "object",
            "properties": {"ready": {"type": "boolean"}},
            "required": ["ready"],
        },
    },
}
_PROBE_MESSAGES = [
    SystemMessage("You call the tools you are given when you are asked to."),
    HumanMessage("Call the confirm_ready tool with ready set to true."),
]
# A model that has written this many pieces of text without a tool call is not calling one.
_MAX_TEXT_PIECES = 32


@runtime_checkable
class ToolCallingChecked(Protocol):
    """A model that finds out whether it can call tools by trying (once)."""

    async def tool_calling_problem(self) -> str | None:
        """Why the model cannot call tools, or None when it can."""
        ...


async def calls_a_tool_when_asked(model: BaseChatModel) -> bool:
    """Ask `model` to call a tool and tell whether it did (it stops as soon as it is clear).
    Provider errors propagate: then nothing is known."""
    stream = cast(
        AsyncGenerator[AIMessageChunk, None],
        model.bind_tools([_PROBE_TOOL]).astream(_PROBE_MESSAGES),
    )
    text_pieces = 0
    async with aclosing(stream):
        async for chunk in stream:
            if chunk.tool_call_chunks or chunk.tool_calls:
                return True
            text_pieces += 1 if chunk.text else 0
            if text_pieces > _MAX_TEXT_PIECES:
                return False
    return False


def provider_problem(model: BaseChatModel) -> str | None:
    """Why `model`'s provider cannot call tools whatever its model (it offers none), or None."""
    if type(model).bind_tools is BaseChatModel.bind_tools:
        provider = model._llm_type.removeprefix("agentstream-")
        return f"The {provider} model provider cannot call tools"
    return None


async def tool_calling_problem(model: BaseChatModel) -> str | None:
    """Why `model` cannot call tools, or None when it can as far as can be known."""
    if problem := provider_problem(model):
        return problem
    if isinstance(model, ToolCallingChecked):
        return await model.tool_calling_problem()
    return None
