"""The run manager: starts runs as supervised tasks, cancels them, and streams their events.

A run is not a connection: its task belongs to the manager, which outlives requests. Subscribers
read durable events from the database and live ones from the broker, so a client may join late,
leave, or reconnect with the last id it saw.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agentstream.logs import get_logger
from agentstream.runs.broker import Broker
from agentstream.runs.context import RunContext
from agentstream.runs.events import Published, RunEvent
from agentstream.runs.kinds import RunKind
from agentstream.runs.models import Run, RunStatus
from agentstream.runs.repository import RunRepository

log = get_logger(__name__)

RunWork = Callable[[RunContext], Awaitable[None]]
CANCELLED_REASON = "The run was cancelled"


class RunFailed(Exception):
    """Raised by a run's work to end it as failed with a message that is safe to show."""


class _ActiveRun:
    __slots__ = ("context", "kind", "task", "watchers")

    def __init__(self, context: RunContext, kind: RunKind, task: asyncio.Task[None]) -> None:
        self.context = context
        self.kind = kind
        self.task = task
        self.watchers = 0


class RunManager:
    """Owner of every run executing in this process."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        broker: Broker,
        kinds: list[RunKind],
        *,
        heartbeat_s: float | None = None,
    ) -> None:
        self._sessions = sessions
        self.broker = broker
        self._kinds = {kind.name: kind for kind in kinds}
        self._active: dict[uuid.UUID, _ActiveRun] = {}
        self._heartbeat_s = heartbeat_s

    async def start(self, run: Run, work: RunWork) -> None:
        """Execute `work` for a run already committed in the database."""
        kind = self._kinds[run.kind]
        context = self._context(run)
        await self.broker.open(run.id)
        task = asyncio.create_task(self._drive(context, kind, work), name=f"run-{run.id}")
        self._active[run.id] = _ActiveRun(context, kind, task)

    def _context(self, run: Run, last_seq: int = 0) -> RunContext:
        return RunContext(
            run.id,
            run.tenant_id,
            run.kind,
            run.subject_id,
            self.broker,
            self._sessions,
            seq_ceiling=run.seq_ceiling,
            last_seq=last_seq,
        )

    def is_active(self, run_id: uuid.UUID) -> bool:
        """Whether the run executes in this process right now."""
        return run_id in self._active

    async def cancel(self, run_id: uuid.UUID) -> bool:
        """Stop a run in this process and wait until its end is recorded."""
        active = self._active.get(run_id)
        if active is None:
            return False
        active.task.cancel()
        await asyncio.wait([active.task])
        return True

    async def wait(self, run_id: uuid.UUID) -> None:
        """Return once the run has ended in this process (immediately if it is not active)."""
        active = self._active.get(run_id)
        if active is not None:
            await asyncio.wait([active.task])

    async def _drive(self, context: RunContext, kind: RunKind, work: RunWork) -> None:
        status, reason = RunStatus.FAILED, "The run ended without a result"
        try:
            await work(context)
        except asyncio.CancelledError:
            status, reason = RunStatus.CANCELLED, CANCELLED_REASON
        except RunFailed as failure:
            status, reason = RunStatus.FAILED, str(failure)
        except Exception:
            log.exception("run_failed", run_id=str(context.run_id))
            status, reason = RunStatus.FAILED, "The run failed because of an internal error"
        try:
            if not context.finished:
                await asyncio.shield(self._abort(context, kind, status, reason))
        except Exception:
            log.exception("run_abort_failed", run_id=str(context.run_id))
            # Its end could not be stored (the run stays running until recovery closes it),
            # but subscribers must not wait for it forever.
            frames = kind.abort_frames(context.run_id, context.subject_id, status, reason)
            context.announce_end(frames)
        finally:
            self._active.pop(context.run_id, None)

    @staticmethod
    async def _abort(context: RunContext, kind: RunKind, status: RunStatus, reason: str) -> None:
        frames = kind.abort_frames(context.run_id, context.subject_id, status, reason)
        async with context.facts() as batch:
            if kind.on_abort is not None:
                await kind.on_abort(batch.session, context.subject_id, status, reason)
            for index, (event, data) in enumerate(frames):
                last = index == len(frames) - 1
                await batch.add(
                    data, event, status=status if last else None, error=reason if last else None
                )

    async def stream(self, run_id: uuid.UUID, after_seq: int = 0) -> AsyncIterator[RunEvent]:
        """Every event after `after_seq`, one at a time (see `stream_batches`)."""
        async for batch in self.stream_batches(run_id, after_seq):
            for item in batch:
                for event in item.events():
                    yield event

    async def stream_batches(
        self, run_id: uuid.UUID, after_seq: int = 0
    ) -> AsyncIterator[Sequence[Published]]:
        """Every event after `after_seq`: durable ones the broker no longer holds, then live,
        in batches of whatever is available at once (live ones partly in blocks). While no
        event comes, an empty batch comes every `heartbeat_s`, for the transport to keep the
        connection open."""
        active = self._active.get(run_id)
        if active is not None:
            active.watchers += 1
        try:
            first = self.broker.first_seq(run_id)
            if first is None or first > after_seq + 1:
                async with self._sessions() as session:
                    stored = list(await RunRepository(session).events_after(run_id, after_seq))
                if stored:
                    yield stored
                    after_seq = stored[-1].seq
                    if stored[-1].terminal:
                        return
            async for batch in self.broker.subscribe(run_id, after_seq, idle_s=self._heartbeat_s):
                yield batch
        finally:
            if active is not None:
                active.watchers -= 1
                if active.watchers == 0 and active.kind.cancel_when_unwatched:
                    active.task.cancel()

    async def recover_interrupted(self) -> int:
        """Close runs a previous process left running: failed, with the reason, history kept."""
        async with self._sessions() as session:
            runs = await RunRepository(session).list_unfinished()
        for run in runs:
            await self.end_orphan(
                run, RunStatus.FAILED, "The service restarted while this run was in progress"
            )
        return len(runs)

    async def end_orphan(self, run: Run, status: RunStatus, reason: str) -> bool:
        """End a run that is recorded as running but executes in no task of this process."""
        kind = self._kinds.get(run.kind)
        if kind is None or run.id in self._active:
            return False
        # Number the closing events above anything the lost process may have sent.
        await self._abort(self._context(run, last_seq=run.seq_ceiling), kind, status, reason)
        return True

    async def shutdown(self) -> None:
        """Cancel every run of this process and wait until each has recorded its end."""
        tasks = [active.task for active in self._active.values()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)
