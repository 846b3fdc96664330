"""One chat turn as a run: drive the orchestrator, stream its frames, store the answer."""

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from typing import Any

from langchain_core.language_models import BaseChatModel
from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.agents.errors import AgentError
from agentstream.agents.toolbox import ChatAgent, ToolBox, TurnProgress
from agentstream.chat.repository import answer_update, end_answer, message_write
from agentstream.db.rows import Write
from agentstream.llm.errors import ProviderError
from agentstream.llm.tokens import count_tokens, well_formed
from agentstream.logs import get_logger
from agentstream.runs.checkpoints import CheckpointClock
from agentstream.runs.context import RunContext
from agentstream.runs.interruptions import StopCause
from agentstream.runs.kinds import RunKind
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


async def _end_answer(
    session: AsyncSession, run_id: uuid.UUID, conversation_id: str, status: RunStatus, reason: str
) -> None:
    await end_answer(session, run_id, status.value)


CHAT_RUN_KIND = RunKind(
    CHAT_RUN, chat_abort_frames, cancel_when_unwatched=True, on_abort=_end_answer
)


class RunSink:
    """Turns what the orchestrator does into chat frames of the run."""

    def __init__(self, context: RunContext, conversation_id: str) -> None:
        self.context = context
        self.conversation_id = conversation_id
        self.started = time.perf_counter()
        self.first_token_ms: float | None = None
        self.parts: list[str] = []
        # The thoughts and tool calls as they streamed, stored with the answer: a reader who
        # comes back sees the steps a watcher saw.
        self.steps: list[dict[str, Any]] = []
        # Where the answer stood when the agent last reported its usage: what follows was
        # streamed by a model call whose usage is not reported yet.
        self._reported_parts = 0
        # The answer's row once a checkpoint stored it, and how much it held.
        self.answer_id: uuid.UUID | None = None
        self._saving: asyncio.Future[None] | None = None
        # The answer is saved while it streams, so that a worker that dies keeps most of it.
        self._checkpoints = CheckpointClock()

    def usage_reported(self) -> None:
        """The agent's usage now counts every model call that streamed so far."""
        self._reported_parts = len(self.parts)

    def unreported_output_tokens(self) -> int:
        """Tokens streamed by the model call in progress (counted as the providers' estimates
        count them: its usage comes only when its stream ends)."""
        return count_tokens("".join(self.parts[self._reported_parts :]))

    async def thought(self, text: str) -> None:
        frame = _frame(text, "thought")
        self.steps.append(frame)
        await self.context.emit(frame)

    async def tool_call(self, text: str, tool: str, detail: dict[str, Any]) -> None:
        frame = {**_frame(text, "tool_call"), "tool": tool, "detail": detail}
        self.steps.append(frame)
        # A tool call is a fact (what ran, what it returned): stored before it is shown.
        await self.context.record(frame)

    async def tokens(self, pieces: list[str]) -> None:
        if self.first_token_ms is None:
            self.first_token_ms = (time.perf_counter() - self.started) * 1000
        self.parts += pieces
        # `_frame(piece, "content")` as `encode_payload` writes it, built in place: this is
        # the per-token path.
        await self.context.emit_json(
            [f'{{"token": {encode_basestring(piece)}, "type": "content"}}' for piece in pieces]
        )
        if self._checkpoints.due(len(self.parts)):
            await self._checkpoint()

    async def _checkpoint(self) -> None:
        """Save the answer so far, as an answer in progress; a cancel waits for the save
        (see `settle`), so that the answer is stored once."""
        self._checkpoints.saved(len(self.parts))
        self._saving = asyncio.ensure_future(self._save(well_formed("".join(self.parts))))
        await asyncio.shield(self._saving)

    async def _save(self, content: str) -> None:
        write, answer_id = self._answer_write(content, "in_progress", {"steps": list(self.steps)})
        try:
            await self.context.store([write])
        except Exception:  # the answer is stored at the end anyway: streaming goes on
            log.warning("chat_checkpoint_failed", run_id=str(self.context.run_id), exc_info=True)
            return
        self.answer_id = answer_id

    async def settle(self) -> None:
        """Wait for a checkpoint being saved."""
        if self._saving is not None:
            await asyncio.wait([self._saving])

    def final_write(self, status: str, details: dict[str, Any]) -> Write:
        """The statement that stores the whole answer with how its turn ended."""
        return self._answer_write(well_formed("".join(self.parts)), status, details)[0]

    def _answer_write(
        self, content: str, status: str, details: dict[str, Any]
    ) -> tuple[Write, uuid.UUID]:
        if self.answer_id is not None:
            return answer_update(self.answer_id, content, status, details), self.answer_id
        write = message_write(
            self.context.tenant_id,
            self.conversation_id,
            "assistant",
            content,
            run_id=self.context.run_id,
            status=status,
            details=details,
        )
        answer_id: uuid.UUID = write[1]["id"]
        return write, answer_id


@dataclass
class ChatTurn:
    """Everything a turn needs, gathered by the service before the run starts."""

    conversation_id: str
    conversation_created: bool
    question: str
    history: list[tuple[str, str]]
    # Opens the tenant's tools inside the run: reading a database's schema may take a while.
    open_toolbox: Callable[[], Awaitable[ToolBox]]
    model: BaseChatModel
    agent: ChatAgent
    provider: str
    progress: TurnProgress = field(default_factory=lambda: TurnProgress())

    async def __call__(self, context: RunContext) -> None:
        sink = RunSink(context, self.conversation_id)
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
                sink.usage_reported()
        except asyncio.CancelledError:
            # The partial answer and the done frame are stored before the run ends.
            status, reason, cause = context.interruption
            await asyncio.shield(self._finish(context, sink, status, error=reason, cause=cause))
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

    def _usage(self, sink: RunSink) -> dict[str, int]:
        """The usage of the model calls so far, the one cut short included (its output)."""
        used = dict(self.progress.get("usage", {}))
        unreported = sink.unreported_output_tokens()
        if unreported:
            used["input_tokens"] = used.get("input_tokens", 0)
            used["output_tokens"] = used.get("output_tokens", 0) + unreported
            used["total_tokens"] = used["input_tokens"] + used["output_tokens"]
        return used

    def _metadata(
        self, context: RunContext, sink: RunSink, status: RunStatus, cause: StopCause | None
    ) -> dict[str, Any]:
        total_ms = (time.perf_counter() - sink.started) * 1000
        metadata: dict[str, Any] = {
            "conversation_id": self.conversation_id,
            "conversation_created": self.conversation_created,
            "run_id": str(context.run_id),
            "status": status.value,
            "route": self.progress.get("route"),
            "sources": self.progress.get("sources", []),
            "usage": self._usage(sink),
            "model": self.provider,
            "timings": {
                "first_token_ms": round(sink.first_token_ms, 2) if sink.first_token_ms else None,
                "total_ms": round(total_ms, 2),
            },
        }
        if cause is not None:
            metadata["stop_cause"] = cause.value
        return metadata

    async def _finish(
        self,
        context: RunContext,
        sink: RunSink,
        status: RunStatus,
        *,
        error: str | None = None,
        cause: StopCause | None = None,
    ) -> None:
        """Store what was said, even if the turn was cut short, and end the run with the done
        frame (`error`: why it did not complete; `cause`: what stopped it, if something did)."""
        metadata = self._metadata(context, sink, status, cause)
        await sink.settle()
        async with context.facts() as batch:
            # The steps were streamed already: stored with the answer, not sent once more; so
            # is why it failed, which a reader who comes back did not see in an error frame.
            details = {**metadata, "steps": sink.steps}
            if status is RunStatus.FAILED and error:
                details["error"] = error
            batch.stage(sink.final_write(status.value, details))
            used = metadata["usage"]
            usage = (used.get("input_tokens", 0), used.get("output_tokens", 0))
            done = {"done": True, "metadata": metadata}
            await batch.add(done, status=status, error=error, usage=usage)
