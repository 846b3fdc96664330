"""Whether a chat model answers, and calls tools: used at start-up and by `agentstream doctor`."""

import asyncio
import time
from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import dataclass
from typing import cast

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessageChunk, HumanMessage

from agentstream.llm.errors import describe_provider_error
from agentstream.llm.tool_calling import tool_calling_problem

_CHECK_PROMPT = "Reply with the single word OK."


@dataclass(frozen=True)
class ModelStatus:
    """The outcome of a readiness check: did the model answer, how fast, and if not, why."""

    ok: bool
    latency_ms: float
    error: str | None = None


async def check_model(model: BaseChatModel, timeout_s: float) -> ModelStatus:
    """Send a tiny prompt and wait for the first streamed chunk (then stop the generation);
    reports the latency, or a secret-free reason. Never raises, except on cancellation."""
    started = time.perf_counter()

    def elapsed_ms() -> float:
        return round((time.perf_counter() - started) * 1000, 1)

    try:
        async with asyncio.timeout(timeout_s):
            stream = cast(
                AsyncGenerator[AIMessageChunk, None], model.astream([HumanMessage(_CHECK_PROMPT)])
            )
            async with aclosing(stream):
                async for _ in stream:
                    break
    except TimeoutError:
        return ModelStatus(False, elapsed_ms(), f"The model did not answer within {timeout_s:g} s")
    except Exception as error:
        return ModelStatus(False, elapsed_ms(), describe_provider_error(error))
    return ModelStatus(True, elapsed_ms())


async def check_tool_calling(model: BaseChatModel, timeout_s: float) -> ModelStatus:
    """Whether the model calls a tool when asked to (the agent loop needs it); never raises,
    except on cancellation."""
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout_s):
            problem = await tool_calling_problem(model)
    except TimeoutError:
        problem = f"The model did not answer within {timeout_s:g} s"
    except Exception as error:
        problem = describe_provider_error(error)
    latency_ms = round((time.perf_counter() - started) * 1000, 1)
    return ModelStatus(problem is None, latency_ms, problem)
