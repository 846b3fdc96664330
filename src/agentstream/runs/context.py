"""The handle a run's work uses to publish events: live deltas, and facts committed first."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agentstream.runs.broker import Broker
from agentstream.runs.events import RunEvent
from agentstream.runs.models import SEQ_BLOCK, RunStatus
from agentstream.runs.repository import RunRepository


@dataclass
class Facts:
    """Events staged inside a transaction; published only once it has committed."""

    session: AsyncSession
    context: "RunContext"
    staged: list[RunEvent] = field(default_factory=list)

    async def add(
        self,
        data: dict[str, Any],
        event: str | None = None,
        *,
        status: RunStatus | None = None,
        error: str | None = None,
    ) -> RunEvent:
        """Stage a durable event; a terminal `status` makes it the run's last event."""
        terminal = status is not None and status.is_terminal
        if self.context.needs_reservation:
            await self.context.reserve(self.session)
        stored = self.context.next_event(data, event, durable=True, terminal=terminal)
        await RunRepository(self.session).append_event(stored, status=status, error=error)
        self.staged.append(stored)
        return stored


class RunContext:
    """Sequence numbering and publication for one run; used by a single task."""

    def __init__(
        self,
        run_id: uuid.UUID,
        tenant_id: uuid.UUID,
        kind: str,
        subject_id: str,
        broker: Broker,
        sessions: async_sessionmaker[AsyncSession],
        *,
        seq_ceiling: int,
        last_seq: int = 0,
    ) -> None:
        self.run_id = run_id
        self.tenant_id = tenant_id
        self.kind = kind
        self.subject_id = subject_id
        self._broker = broker
        self._sessions = sessions
        self._seq = last_seq
        self._ceiling = seq_ceiling
        self.finished = False
        # Concurrent tasks of one run (experts of a wave) must publish in sequence order.
        self._order = asyncio.Lock()

    @property
    def needs_reservation(self) -> bool:
        """Whether the next event would pass the sequence numbers reserved in the database."""
        return self._seq >= self._ceiling

    async def reserve(self, session: AsyncSession) -> None:
        """Reserve the next block of sequence numbers (in the caller's transaction)."""
        self._ceiling = self._seq + SEQ_BLOCK
        await RunRepository(session).raise_seq_ceiling(self.run_id, self._ceiling)

    def next_event(
        self, data: dict[str, Any], event: str | None, *, durable: bool, terminal: bool = False
    ) -> RunEvent:
        """Number a new event (the only place sequence numbers are assigned)."""
        if self.finished:
            raise RuntimeError("run already finished")
        self._seq += 1
        if terminal:
            self.finished = True
        return RunEvent(self.run_id, self._seq, event, data, durable=durable, terminal=terminal)

    async def emit(self, data: dict[str, Any], event: str | None = None) -> None:
        """Publish a live-only event (a token delta, a thought)."""
        async with self._order:
            if self.needs_reservation:
                async with self._sessions() as session, session.begin():
                    await self.reserve(session)
            await self._broker.publish(self.next_event(data, event, durable=False))

    @asynccontextmanager
    async def facts(self) -> AsyncIterator[Facts]:
        """Stage facts with other writes in one transaction; publish them after the commit.

        Holds the run's ordering lock: do not call `emit` inside the block.
        """
        async with self._order:
            checkpoint = (self._seq, self._ceiling, self.finished)
            try:
                async with self._sessions() as session, session.begin():
                    batch = Facts(session, self)
                    yield batch
            except BaseException:
                # Nothing was stored: the numbers are free again and the run is not finished.
                self._seq, self._ceiling, self.finished = checkpoint
                raise
            for stored in batch.staged:
                await self._broker.publish(stored)

    async def record(
        self,
        data: dict[str, Any],
        event: str | None = None,
        *,
        status: RunStatus | None = None,
        error: str | None = None,
    ) -> RunEvent:
        """Commit then publish a single fact."""
        async with self.facts() as batch:
            return await batch.add(data, event, status=status, error=error)
