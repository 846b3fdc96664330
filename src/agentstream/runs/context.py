"""The handle a run's work uses to publish events: live deltas, and facts committed first."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agentstream.db.completion import run_to_completion
from agentstream.db.engine import unit_of_work
from agentstream.db.rows import Write, execute_and_commit
from agentstream.runs.broker import Broker
from agentstream.runs.events import EventBlock, RunEvent, encode_payload, sse_frame, sse_frames
from agentstream.runs.interruptions import CANCEL_REQUESTED, Interruption
from agentstream.runs.models import SEQ_BLOCK, RunStatus
from agentstream.runs.repository import RunRepository, event_writes


class RunLost(Exception):
    """The worker no longer holds the run: another one ended it (this worker was too late
    renewing its lease), so nothing more of it may be stored or published here."""


@dataclass
class Facts:
    """Events staged inside a transaction; published only once it has committed.

    The events' rows, and the writes given to `stage`, are executed together when the batch
    ends, in one call into the database layer; `session` serves writes that must run now.
    """

    session: AsyncSession
    context: "RunContext"
    staged: list[RunEvent] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    ceiling: int | None = None

    def stage(self, write: Write) -> None:
        """Execute `write` in this transaction, in order with the events' rows."""
        self.writes.append(write)

    async def add(
        self,
        data: dict[str, Any],
        event: str | None = None,
        *,
        status: RunStatus | None = None,
        error: str | None = None,
        usage: tuple[int, int] | None = None,
    ) -> RunEvent:
        """Stage a durable event; a terminal `status` makes it the run's last event; `usage`
        (input, output tokens) is added to the run's totals."""
        terminal = status is not None and status.is_terminal
        if self.context.needs_reservation and self.ceiling is None:
            self.ceiling = await self.context.reserve(self.session)
        stored = self.context.next_event(data, event, durable=True, terminal=terminal)
        self.writes += event_writes(stored, status=status, error=error, usage=usage)
        self.staged.append(stored)
        return stored


class RunContext:
    """Sequence numbering and publication for one run.

    Several tasks of one run (the experts of a panel wave) may produce events at once. Each
    event is numbered when it is created and published strictly in number order: a token
    that follows a fact still being committed waits in a small reorder buffer, but its
    producer does not wait. Numbers of facts whose transaction failed are skipped.
    Publication never waits (see `Broker.publish`), so it needs no lock.
    """

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
        owner: str | None = None,
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
        # The worker that executes the run: each write first checks it still holds it (None:
        # a run ended for a worker that died, held by whoever took it over).
        self._owner = owner
        self.lost = False
        # How the run ends if its task is cancelled: as cancelled on request, unless whoever
        # stops it says otherwise (the grace period after its client left, a worker stopping).
        self.interruption: Interruption = CANCEL_REQUESTED
        self._next_to_publish = last_seq + 1
        self._ready: dict[int, RunEvent | None] = {}
        self._reserving = asyncio.Lock()

    @property
    def needs_reservation(self) -> bool:
        """Whether the next event would pass the sequence numbers reserved in the database."""
        return self._seq >= self._ceiling

    async def reserve(self, session: AsyncSession) -> int:
        """Reserve the next block of numbers in the caller's transaction; returns the ceiling.

        The caller applies it with `reserved` once committed: until then, other producers
        reserve for themselves rather than number past a ceiling that is not yet stored.
        """
        ceiling = self._seq + SEQ_BLOCK
        await RunRepository(session).raise_seq_ceiling(self.run_id, ceiling)
        return ceiling

    def reserved(self, ceiling: int) -> None:
        """A reservation has committed."""
        self._ceiling = max(self._ceiling, ceiling)

    def next_event(
        self,
        data: dict[str, Any] | None,
        event: str | None,
        *,
        durable: bool,
        terminal: bool = False,
        payload: str | None = None,
    ) -> RunEvent:
        """Number a new event (the only place sequence numbers are assigned), made from its
        data or from its `payload`, the data already written as JSON."""
        if self.finished:
            raise RuntimeError("run already finished")
        self._seq += 1
        if terminal:
            self.finished = True
        wire = None if payload is None else sse_frame(self._seq, event, payload)
        return RunEvent(self.run_id, self._seq, event, data, durable, terminal, wire)

    def _release(self, seq: int, event: RunEvent | None) -> None:
        """Hand an event (or a skipped number) to publication, which goes in number order."""
        if seq == self._next_to_publish and not self._ready:
            # The usual case: nothing is waiting for an earlier number.
            self._next_to_publish += 1
            if event is not None:
                self._broker.publish([event])
            return
        self._ready[seq] = event
        in_order = []
        while self._next_to_publish in self._ready:
            ready = self._ready.pop(self._next_to_publish)
            self._next_to_publish += 1
            if ready is not None:
                in_order.append(ready)
        if in_order:
            self._broker.publish(in_order)

    async def emit(self, data: dict[str, Any], event: str | None = None) -> None:
        """Publish a live-only event (a thought), reserving numbers if needed."""
        await self._emit_live(data, event)

    async def _emit_live(
        self, data: dict[str, Any] | None, event: str | None, payload: str | None = None
    ) -> None:
        """Number and publish one live-only event, made from its data or its JSON `payload`."""
        while self.needs_reservation:
            # One reservation at a time: concurrent producers wait for it, then re-check.
            async with self._reserving:
                if self.needs_reservation:
                    async with self._sessions() as session, session.begin():
                        ceiling = await self.reserve(session)
                    self.reserved(ceiling)
        created = self.next_event(data, event, durable=False, payload=payload)
        self._release(created.seq, created)

    async def emit_all(self, items: list[dict[str, Any]], event: str | None = None) -> None:
        """Publish live-only events (a batch of deltas) in order (see `emit_json`)."""
        await self.emit_json([encode_payload(item) for item in items], event)

    async def emit_json(self, payloads: list[str], event: str | None = None) -> None:
        """Publish live-only events whose data is already written as JSON, byte for byte as
        `encode_payload` writes it (a caller that knows its items' one shape writes them
        faster: on the per-token path, the generic encoder is half of what a token costs).

        They are handed over at once, as one `EventBlock`, when numbers are reserved for all of
        them and no earlier fact is still being stored; their data is decoded only if someone
        reads it.
        """
        seq, count = self._seq, len(payloads)
        if self.finished or seq + count > self._ceiling or seq + 1 != self._next_to_publish:
            for payload in payloads:
                await self._emit_live(None, event, payload)
            return
        if payloads:
            self._seq, self._next_to_publish = seq + count, seq + count + 1
            wire = sse_frames(seq + 1, event, payloads)
            self._broker.publish([EventBlock(self.run_id, seq + 1, seq + count, event, wire)])

    def announce_end(self, frames: list[tuple[str | None, dict[str, Any]]]) -> None:
        """Publish `(event, data)` frames live only, the last one terminal: the end of a run
        whose end could not be stored."""
        for index, (event, data) in enumerate(frames):
            created = self.next_event(data, event, durable=False, terminal=index == len(frames) - 1)
            self._release(created.seq, created)

    @asynccontextmanager
    async def facts(self) -> AsyncIterator[Facts]:
        """Stage facts with other writes in one transaction; publish them after the commit."""
        async with unit_of_work(self._sessions) as session:
            batch = Facts(session, self)
            try:
                # First, so that the caller writes nothing for a run this worker lost.
                await self._hold(session)
                # Leaving the session without a commit rolls its transaction back.
                yield batch
            except BaseException:
                self._discard(batch)
                raise
            # Once committed, the facts are published before a cancellation is delivered:
            # otherwise the run would skip events it stored, or store its end twice.
            await run_to_completion(self._commit_and_publish(batch))

    async def _commit_and_publish(self, batch: Facts) -> None:
        try:
            await execute_and_commit(batch.session, batch.writes)
        except BaseException:
            self._discard(batch)
            raise
        if batch.ceiling is not None:
            self.reserved(batch.ceiling)
        for stored in batch.staged:
            self._release(stored.seq, stored)

    async def store(self, writes: list[Write]) -> None:
        """Commit writes that publish nothing (a checkpoint of work in progress)."""
        async with unit_of_work(self._sessions) as session:
            await self._hold(session)
            await execute_and_commit(session, writes)

    async def _hold(self, session: AsyncSession) -> None:
        """Raise RunLost unless this worker still holds the run, and keep it held until the
        transaction ends: a worker that took the run over waits for it, then finds it ended or
        still running, never half written."""
        if self._owner is None:
            return
        if self.lost or not await RunRepository(session).hold(self.run_id, self._owner):
            self.lost = True
            raise RunLost(f"run {self.run_id} is no longer held by {self._owner}")

    def _discard(self, batch: Facts) -> None:
        """Nothing of `batch` was stored: its numbers are skipped and the run is not finished."""
        if any(stored.terminal for stored in batch.staged):
            self.finished = False
        for stored in batch.staged:
            self._release(stored.seq, None)

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
