"""One chat turn as a run: drive the orchestrator, stream its frames, store the answer."""

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from typing import Any

from langchain_core.language_models import BaseChatModel

from agentstream.agents.errors import AgentError
from agentstream.agents.toolbox import ChatAgent, ToolBox, TurnProgress
from agentstream.chat.repository import message_write
from agentstream.llm.errors import ProviderError
from agentstream.llm.tokens import well_formed
from agentstream.logs import get_logger
from agentstream.runs.context import RunContext
from agentstream.runs.kinds import RunKind
from agentstream.runs.manager import CANCELLED_REASON
from agentstream.runs.models import RunStatus

log = get_logger(__name__)
CHAT_RUN = "chat"


def _frame(token: str, kind: str) -> dict[str, Any]:
    return {"token": token, "type": kind}


def chat_abort_frames(
    run_id: uuid.UUID, conversation_id: str, status: RunStatus, reason: str
) -> list[tuple[str | None, dict[str, Any]]]:
    """How a chat turn that could not finish ends: an error frame (if it failed), then done."""
    metadata = {"run_id": str(run_id), "conversation_id": conversation_id, "status": status.value}
    done = {"done": True, "metadata": metadata}
    if status is RunStatus.CANCELLED:
        return [(None, done)]
    return [(None, _frame(reason, "error")), (None, done)]


CHAT_RUN_KIND = RunKind(CHAT_RUN, chat_abort_frames, cancel_when_unwatched=True)


class RunSink:
    """Turns what the orchestrator does into chat frames of the run."""

    def __init__(self, context: RunContext) -> None:
        self.context = context
        self.started = time.perf_counter()
        self.first_token_ms: float | None = None
        self.parts: list[str] = []

    async def thought(self, text: str) -> None:
        await self.context.emit(_frame(text, "thought"))

    async def tool_call(self, text: str, tool: str, detail: dict[str, Any]) -> None:
        # A tool call is a fact (what ran, what it returned): stored before it is shown.
        await self.context.record({**_frame(text, "tool_call"), "tool": tool, "detail": detail})

    async def tokens(self, pieces: list[str]) -> None:
        if self.first_token_ms is None:
            self.first_token_ms = (time.perf_counter() - self.started) * 1000
        self.parts += pieces
        # `_frame(piece, "content")` as `encode_payload` writes it, built in place: this is
        # the per-token path.
        await self.context.emit_json(
            [f'{{"token": {encode_basestring(piece)}, "type": "content"}}' for piece in pieces]
        )


@dataclass
class ChatTurn:
    """Everything a turn needs, gathered by the service before the run starts."""

    conversation_id: str
    question: str
    history: list[tuple[str, str]]
    # Opens the tenant's tools inside the run: reading a database's schema may take a while.
    open_toolbox: Callable[[], Awaitable[ToolBox]]
    model: BaseChatModel
    agent: ChatAgent
    provider: str
    progress: TurnProgress = field(default_factory=lambda: TurnProgress())

    async def __call__(self, context: RunContext) -> None:
        sink = RunSink(context)
        try:
            toolbox = await self.open_toolbox()
            # The progress after each step: a turn cut short still reports the route and the
            # sources it got to.
            async for progress in self.agent.run(
                question=self.question,
                history=self.history,
                toolbox=toolbox,
                sink=sink,
                model=self.model,
            ):
                self.progress = progress
        except asyncio.CancelledError:
            # The partial answer and the done frame are stored before the run ends.
            await asyncio.shield(
                self._finish(context, sink, RunStatus.CANCELLED, error=CANCELLED_REASON)
            )
            raise
        except Exception as error:
            # Agent and provider errors say what went wrong without secrets; anything else may
            # hold internals.
            if isinstance(error, AgentError | ProviderError):
                log.warning("chat_turn_failed", run_id=str(context.run_id), reason=str(error))
                message = str(error)
            else:
                log.exception("chat_turn_failed", run_id=str(context.run_id))
                message = "The assistant failed while answering."
            await context.emit(_frame(message, "error"))
            await self._finish(context, sink, RunStatus.FAILED, error=message)
            return
        await self._finish(context, sink, RunStatus.COMPLETED)

    def _metadata(self, context: RunContext, sink: RunSink, status: RunStatus) -> dict[str, Any]:
        total_ms = (time.perf_counter() - sink.started) * 1000
        return {
            "conversation_id": self.conversation_id,
            "run_id": str(context.run_id),
            "status": status.value,
            "route": self.progress.get("route"),
            "sources": self.progress.get("sources", []),
            "usage": self.progress.get("usage", {}),
            "model": self.provider,
            "timings": {
                "first_token_ms": round(sink.first_token_ms, 2) if sink.first_token_ms else None,
                "total_ms": round(total_ms, 2),
            },
        }

    async def _finish(
        self, context: RunContext, sink: RunSink, status: RunStatus, *, error: str | None = None
    ) -> None:
        """Store what was said, even if the turn was cut short, and end the run with the done
        frame (`error`: why it did not complete)."""
        metadata = self._metadata(context, sink, status)
        async with context.facts() as batch:
            batch.stage(
                message_write(
                    context.tenant_id,
                    self.conversation_id,
                    "assistant",
                    well_formed("".join(sink.parts)),
                    run_id=context.run_id,
                    status=status.value,
                    details=metadata,
                )
            )
            used = self.progress.get("usage", {})
            usage = (used.get("input_tokens", 0), used.get("output_tokens", 0))
            done = {"done": True, "metadata": metadata}
            await batch.add(done, status=status, error=error, usage=usage)
