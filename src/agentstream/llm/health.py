"""Whether a chat model answers, and calls tools: checked in the background once the service has
started, and by `agentstream doctor`."""

import asyncio
import time
from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import dataclass
from typing import cast

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessageChunk, HumanMessage

from agentstream.llm.errors import describe_provider_error
from agentstream.llm.tool_calling import provider_problem, tool_calling_problem
from agentstream.logs import get_logger

log = get_logger(__name__)

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


class ModelCheck:
    """The model server's check after start-up: whether the model answers (within
    `answer_timeout_s`) and, when the agents need it, whether it calls a tool (within
    `tools_timeout_s`). Start-up does not wait for it: a slow or stopped server must not hold
    the service. Until it ends, `status` is None; chat turns and panels that need tool calling
    wait for the same request (OpenAICompatChatModel asks once at a time)."""

    def __init__(
        self,
        model: BaseChatModel,
        *,
        needs_tools: bool,
        answer_timeout_s: float = 5.0,
        tools_timeout_s: float = 30.0,
    ) -> None:
        self._model = model
        self._needs_tools = needs_tools
        self._answer_timeout_s = answer_timeout_s
        self._tools_timeout_s = tools_timeout_s
        self._task: asyncio.Task[ModelStatus] | None = None
        self.status: ModelStatus | None = None

    def start(self) -> None:
        """Begin the check in the background."""
        log.info(
            "model_check_started",
            tool_calling=self._needs_tools,
            note="start-up does not wait for it; turns that need tool calling do",
        )
        self._task = asyncio.create_task(self._check(), name="model-check")

    async def wait(self) -> ModelStatus:
        """The outcome, once the check has ended."""
        assert self._task is not None, "start() first"
        return await asyncio.shield(self._task)

    async def stop(self) -> None:
        """Stop a check still running (the service is shutting down)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.wait([self._task])

    async def _check(self) -> ModelStatus:
        # A provider that offers no tool calling needs no request to tell.
        problem = provider_problem(self._model) if self._needs_tools else None
        if problem is not None:
            status = ModelStatus(False, 0.0, problem)
            _cannot_run_agent_loop(status)
        else:
            status = await check_model(self._model, timeout_s=self._answer_timeout_s)
            if not status.ok:
                log.error("model_unavailable", reason=status.error)
            elif self._needs_tools:
                status = await check_tool_calling(self._model, timeout_s=self._tools_timeout_s)
                if not status.ok:
                    _cannot_run_agent_loop(status)
        if status.ok:
            log.info("model_ready", latency_ms=status.latency_ms, tool_calling=self._needs_tools)
        self.status = status
        return status


def _cannot_run_agent_loop(status: ModelStatus) -> None:
    log.error(
        "model_cannot_run_agent_loop",
        reason=status.error,
        advice="use a model that calls tools, or AGENTSTREAM_AGENT_MODE=grounded",
    )
