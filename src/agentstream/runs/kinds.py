"""What differs between kinds of runs: how an aborted run says so, and who keeps it alive."""

import uuid
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.runs.models import RunStatus

Frames = list[tuple[str | None, dict[str, Any]]]


class AbortFrames(Protocol):
    """Events (name, data) that end a run which could not finish by itself; the last is terminal."""

    def __call__(
        self, run_id: uuid.UUID, subject_id: str, status: RunStatus, reason: str, /
    ) -> Frames: ...


class AbortHook(Protocol):
    """Brings the run's subject (a panel, a chat answer...) to the same end, in the abort's
    transaction; returns the events (name, data) of what that end added to the subject (the
    turns a dead worker left, say), published before the abort's own: a subscriber sees what
    the stored subject holds. None: it added nothing to tell."""

    async def __call__(
        self,
        session: AsyncSession,
        run_id: uuid.UUID,
        subject_id: str,
        status: RunStatus,
        reason: str,
        /,
    ) -> Frames | None: ...


@dataclass(frozen=True)
class RunKind:
    """A kind of run (chat turn, panel execution)."""

    name: str
    abort_frames: AbortFrames
    # A chat turn serves the client that asked: when nobody watches it any more, it stops.
    cancel_when_unwatched: bool = False
    on_abort: AbortHook | None = None
