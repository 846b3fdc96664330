"""The run manager: starts runs as supervised tasks, cancels them, and streams their events.

A run is not a connection: its task belongs to the manager, which outlives requests. Subscribers
read durable events from the database and live ones from the broker, so a client may join late,
leave, or reconnect with the last id it saw.

With several workers, each run is owned by the worker that executes it, under a lease its
manager renews; every manager ends the runs whose lease expired (their worker died). Any worker
cancels any run: the intent is stored, then the owner is signalled through the broker (and
finds the intent when it renews its leases, should the signal be lost).
"""

import asyncio
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agentstream.db.base import utcnow
from agentstream.logs import get_logger
from agentstream.runs.broker import Broker, BrokerUnavailable, Signal
from agentstream.runs.context import RunContext
from agentstream.runs.events import Published, RunEvent
from agentstream.runs.interruptions import CLIENT_LEFT, SHUTDOWN, Interruption
from agentstream.runs.kinds import RunKind
from agentstream.runs.models import Run, RunStatus
from agentstream.runs.repository import Lease, RunRepository
from agentstream.runs.shutdown import WorkerDraining

log = get_logger(__name__)

RunWork = Callable[[RunContext], Awaitable[None]]
ORPHAN_CANCELLED_REASON = "The run was cancelled while no worker was running it"
LEASE_EXPIRED_REASON = "The worker running this run stopped (its lease expired)"
RESTARTED_REASON = "The service restarted while this run was in progress"
# Expired runs one pass of the reaper ends at most (the next pass takes the rest).
REAP_BATCH = 100
# A cancel signal that arrives before its run starts here is remembered this long.
EARLY_CANCEL_S = 60.0
# How long a cancel waits for the owner of a run whose lease lapsed to end it, before ending
# it for it: an owner that is alive (only late renewing its lease) ends it itself, keeping
# everything it streamed; one that is gone left only what it last saved.
OWNER_ANSWER_S = 2.0


def worker_name() -> str:
    """A name for this process that no other worker shares, even after a restart."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class RunFailed(Exception):
    """Raised by a run's work to end it as failed with a message that is safe to show."""


class _ActiveRun:
    __slots__ = ("context", "grace", "kind", "started", "stop_at_start", "task", "watchers")

    def __init__(self, context: RunContext, kind: RunKind) -> None:
        self.context = context
        self.kind = kind
        self.task: asyncio.Task[None]
        self.watchers = 0
        # A task cancelled before its first step never runs, not even its handlers: a cancel
        # that comes that early is left for the task to act on when it starts.
        self.started = False
        self.stop_at_start = False
        self.grace: asyncio.Task[None] | None = None

    def stop(self, interruption: Interruption | None = None) -> None:
        """Cancel the run's task, whether or not it has started; it ends as `interruption`
        says (status, reason and cause), cancelled on request by default."""
        if interruption is not None:
            self.context.interruption = interruption
        if self.started:
            self.task.cancel()
        else:
            self.stop_at_start = True


class RunManager:
    """Owner of every run executing in this process."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        broker: Broker,
        kinds: list[RunKind],
        *,
        heartbeat_s: float | None = None,
        lease_s: float = 30.0,
        grace_s: float = 0.0,
        worker: str | None = None,
    ) -> None:
        self._sessions = sessions
        self.broker = broker
        self._kinds = {kind.name: kind for kind in kinds}
        self._active: dict[uuid.UUID, _ActiveRun] = {}
        self._heartbeat_s = heartbeat_s
        self._lease_s = lease_s
        self._grace_s = grace_s
        self.worker = worker or worker_name()
        self._early_cancels: dict[uuid.UUID, float] = {}
        self._supervisor: asyncio.Task[None] | None = None
        self._draining: asyncio.Task[None] | None = None

    def lease(self) -> Lease:
        """A lease held by this worker from now on (renewals and take-overs)."""
        return Lease(self.worker, utcnow() + timedelta(seconds=self._lease_s))

    @property
    def draining(self) -> bool:
        """Whether a graceful stop has begun: runs here may finish, no new one starts."""
        return self._draining is not None

    def lease_for_new_run(self) -> Lease:
        """The lease a new run is created under; WorkerDraining once a graceful stop has begun,
        so that the run is refused before anything of it is stored."""
        if self.draining:
            raise WorkerDraining()
        return self.lease()

    async def start(self, run: Run, work: RunWork) -> None:
        """Execute `work` for a run already committed in the database under this worker's
        lease."""
        kind = self._kinds[run.kind]
        context = self._context(run, owner=run.owner)
        await self.broker.open(run.id)
        active = _ActiveRun(context, kind)
        active.stop_at_start = self._early_cancels.pop(run.id, None) is not None
        active.task = asyncio.create_task(self._drive(active, work), name=f"run-{run.id}")
        self._active[run.id] = active

    def _context(self, run: Run, last_seq: int = 0, owner: str | None = None) -> RunContext:
        return RunContext(
            run.id,
            run.tenant_id,
            run.kind,
            run.subject_id,
            self.broker,
            self._sessions,
            seq_ceiling=run.seq_ceiling,
            last_seq=last_seq,
            owner=owner,
        )

    def is_active(self, run_id: uuid.UUID) -> bool:
        """Whether the run executes in this process right now."""
        return run_id in self._active

    async def cancel(self, run_id: uuid.UUID) -> bool:
        """Stop a run in this process and wait until its end is recorded."""
        active = self._active.get(run_id)
        if active is None:
            return False
        active.stop()
        await asyncio.wait([active.task])
        return True

    async def request_cancel(self, run_id: uuid.UUID) -> None:
        """Cancel a run wherever it executes: store the intent, then stop it here (waiting
        until its end is recorded), signal its owner, or end it now if its owner is gone."""
        now = utcnow()
        async with self._sessions() as session, session.begin():
            run = await RunRepository(session).request_cancel(run_id, now)
        if run is None:
            return
        if await self.cancel(run_id):
            return
        lapsed = run.lease_expires_at is None or run.lease_expires_at < now
        # A lapsed lease is an owner gone or late. One that may live on another worker is
        # signalled too, and ends the run itself if it answers in time (see `OWNER_ANSWER_S`).
        late = lapsed and self.broker.spans_workers and run.owner not in (None, self.worker)
        if not lapsed or late:
            try:
                await self.broker.signal(Signal.CANCEL, run_id)
            except BrokerUnavailable as error:
                # The intent is stored: the owner finds it when it next renews its lease.
                log.warning("cancel_signal_failed", run_id=str(run_id), error=str(error))
        if lapsed and not (late and await self.await_end(run_id, OWNER_ANSWER_S)):
            await self._take_over(run, utcnow(), cancelled=True)

    async def await_end(self, run_id: uuid.UUID, timeout_s: float) -> bool:
        """Wait, at most `timeout_s`, until the run's last event is published, by whichever
        worker ends it (a cancel from another worker lands a moment after it is stored).
        Returns whether it was."""
        if run_id in self._active:
            await self.wait(run_id)
            return True
        try:
            async with asyncio.timeout(timeout_s):
                # From the start: the end may come before anything a later number would name.
                async for batch in self.broker.subscribe(run_id, 0):
                    if batch and batch[-1].terminal:
                        return True
        except (TimeoutError, BrokerUnavailable):
            pass
        return False

    def on_signal(self, signal: Signal, run_id: uuid.UUID) -> None:
        """What the broker delivers: a cancel for a run of this worker (or one about to
        start here), or news that a run lost its watchers on other workers."""
        active = self._active.get(run_id)
        if signal is Signal.CANCEL:
            if active is not None:
                active.stop()
            else:
                now = time.monotonic()
                self._early_cancels = {
                    key: at for key, at in self._early_cancels.items() if now - at < EARLY_CANCEL_S
                }
                self._early_cancels[run_id] = now
        elif signal is Signal.UNWATCHED and active is not None and active.watchers == 0:
            self._unwatched(active)

    def _unwatched(self, active: _ActiveRun, *, restart: bool = True) -> None:
        """Nobody watches a run that serves a client: cancel it unless a watcher comes back
        (on any worker) within the grace period, counted from the last one that left
        (`restart`), or from an earlier departure still pending."""
        if not active.kind.cancel_when_unwatched:
            return
        if active.grace is not None:
            if not restart:
                return
            active.grace.cancel()
        active.grace = asyncio.create_task(self._cancel_if_abandoned(active))

    async def _cancel_if_abandoned(self, active: _ActiveRun) -> None:
        try:
            await asyncio.sleep(self._grace_s)
            if active.watchers:
                return
            try:
                remote = await self.broker.count_remote_watcher(active.context.run_id, 0)
            except BrokerUnavailable:
                remote = 0  # nobody can watch it from elsewhere either
            if not remote:
                active.stop(CLIENT_LEFT)
        finally:
            if active.grace is asyncio.current_task():
                active.grace = None

    async def wait(self, run_id: uuid.UUID) -> None:
        """Return once the run has ended in this process (immediately if it is not active)."""
        active = self._active.get(run_id)
        if active is not None:
            await asyncio.wait([active.task])

    async def _drive(self, active: _ActiveRun, work: RunWork) -> None:
        context, kind = active.context, active.kind
        status, reason = RunStatus.FAILED, "The run ended without a result"
        try:
            active.started = True
            if active.stop_at_start:
                raise asyncio.CancelledError
            await work(context)
        except asyncio.CancelledError:
            status, reason, _ = context.interruption
        except RunFailed as failure:
            status, reason = RunStatus.FAILED, str(failure)
        except Exception:
            if not context.lost:  # else nothing failed: the run went to another worker
                log.exception("run_failed", run_id=str(context.run_id))
            status, reason = RunStatus.FAILED, "The run failed because of an internal error"
        try:
            if not context.finished and not context.lost:
                await asyncio.shield(self._abort(context, kind, status, reason))
        except Exception:
            if not context.lost:
                log.exception("run_abort_failed", run_id=str(context.run_id))
                # Its end could not be stored (the run stays running until recovery closes
                # it), but subscribers must not wait for it forever.
                frames = kind.abort_frames(context.run_id, context.subject_id, status, reason)
                context.announce_end(frames)
        finally:
            self._active.pop(context.run_id, None)
            if context.lost:
                # Another worker ended it: its subscribers here resume from where the end is.
                log.warning("run_lost", run_id=str(context.run_id))
                self.broker.abandon(context.run_id)

    @staticmethod
    async def _abort(context: RunContext, kind: RunKind, status: RunStatus, reason: str) -> None:
        frames = kind.abort_frames(context.run_id, context.subject_id, status, reason)
        async with context.facts() as batch:
            if kind.on_abort is not None:
                kept = await kind.on_abort(
                    batch.session, context.run_id, context.subject_id, status, reason
                )
                for event, data in kept or ():
                    await batch.add(data, event)
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
        remote = False
        if active is not None:
            active.watchers += 1
            if active.grace is not None:  # a watcher is back: no more waiting for one
                active.grace.cancel()
                active.grace = None
        else:
            remote = await self._count_remote(run_id, 1)
        try:
            try:
                first = await self.broker.first_seq(run_id)
            except BrokerUnavailable as error:
                log.warning("replay_from_database", run_id=str(run_id), error=str(error))
                first = None
            if first is None or first > after_seq + 1:
                async with self._sessions() as session:
                    repository = RunRepository(session)
                    stored = list(await repository.events_after(run_id, after_seq))
                    # A client that saw the end already (an EventSource reconnecting after it,
                    # a Last-Event-ID past the last event) gets a stream that ends at once.
                    if not stored and await repository.has_ended(run_id):
                        return
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
                if active.watchers == 0:
                    self._unwatched(active)
            elif remote:
                await self._count_remote(run_id, -1)

    async def _count_remote(self, run_id: uuid.UUID, change: int) -> bool:
        """Count a watcher of a run this worker does not own; tell the owner when the last
        one leaves. Returns whether the count changed."""
        try:
            left = await self.broker.count_remote_watcher(run_id, change)
            if change < 0 and left == 0:
                await self.broker.signal(Signal.UNWATCHED, run_id)
        except BrokerUnavailable as error:
            log.warning("watcher_not_counted", run_id=str(run_id), error=str(error))
            return False
        return True

    async def recover_interrupted(self, *, every_run: bool) -> int:
        """Close runs that no worker executes any more: failed, with the reason, history kept.

        `every_run`: this is the only worker, so any run left running was a previous
        process's. Otherwise only runs whose lease expired are ended: the others' owners live.
        """
        if not every_run:
            return await self.reap()
        async with self._sessions() as session:
            runs = await RunRepository(session).list_unfinished()
        ended = 0
        for run in runs:
            ended += await self.end_orphan(run, RunStatus.FAILED, RESTARTED_REASON)
        return ended

    def supervise(self) -> None:
        """Renew this worker's leases, end other workers' expired runs and look again at the
        runs nobody here watches, every third of a lease, until `shutdown`."""
        self._supervisor = asyncio.create_task(self._supervise(), name="run-supervisor")

    async def _supervise(self) -> None:
        while True:
            await asyncio.sleep(self._lease_s / 3)
            try:
                await self.renew()
                await self.reap()
                self.recheck_unwatched()
            except Exception as error:  # the database may be down: try again next time
                log.error("run_supervision_failed", error=repr(error))

    def recheck_unwatched(self) -> None:
        """Give each run that nobody watches here its grace period again: its watchers on
        other workers may have gone without a word (their worker died), and stop counting once
        that worker's registration expires."""
        for active in self._active.values():
            if active.watchers == 0:
                self._unwatched(active, restart=False)

    async def renew(self) -> None:
        """Extend the lease of every run executing here; cancel those with a stored cancel
        intent, and let go of those another worker has ended meanwhile."""
        active = dict(self._active)
        async with self._sessions() as session, session.begin():
            held = await RunRepository(session).renew(list(active), self.lease())
        for run_id, run in active.items():
            if run_id not in held:
                if run_id in self._active:
                    log.warning("run_lease_lost", run_id=str(run_id))
                    run.context.lost = True
                    run.stop()
            elif held[run_id] is not None:
                run.stop()

    async def reap(self) -> int:
        """End the runs whose lease has expired: failed (cancelled if that was asked)."""
        now = utcnow()
        async with self._sessions() as session:
            runs = await RunRepository(session).list_expired(now, REAP_BATCH)
        ended = 0
        for run in runs:
            if run.id not in self._active:
                ended += await self._take_over(
                    run, now, cancelled=run.cancel_requested_at is not None
                )
        return ended

    async def _take_over(self, run: Run, now: datetime, *, cancelled: bool) -> bool:
        """End a run of a dead worker, unless another worker takes it over first."""
        async with self._sessions() as session, session.begin():
            if not await RunRepository(session).take_over(run.id, now, self.lease()):
                return False
        if cancelled:
            return await self.end_orphan(run, RunStatus.CANCELLED, ORPHAN_CANCELLED_REASON)
        log.warning("run_reaped", run_id=str(run.id), owner=run.owner)
        return await self.end_orphan(run, RunStatus.FAILED, LEASE_EXPIRED_REASON)

    async def end_orphan(self, run: Run, status: RunStatus, reason: str) -> bool:
        """End a run that is recorded as running but executes in no task of this process."""
        kind = self._kinds.get(run.kind)
        if kind is None or run.id in self._active:
            return False
        # Number the closing events above anything the lost process may have sent.
        await self._abort(self._context(run, last_seq=run.seq_ceiling), kind, status, reason)
        return True

    def drain(self, timeout_s: float) -> None:
        """Begin a graceful stop (the server has stopped taking requests): the runs executing
        here have `timeout_s` to finish; the others then end as failed, with the reason. Each
        run's end reaches its subscribers while they are still connected."""
        if self._draining is None:
            log.info("draining", runs=len(self._active), timeout_s=timeout_s)
            self._draining = asyncio.create_task(self._drain(timeout_s), name="run-drain")

    async def _drain(self, timeout_s: float) -> None:
        tasks = [active.task for active in self._active.values()]
        if tasks:
            await asyncio.wait(tasks, timeout=timeout_s)
        left = list(self._active.values())
        for active in left:
            log.warning("run_stopped_by_shutdown", run_id=str(active.context.run_id))
            active.stop(SHUTDOWN)
        if left:
            await asyncio.wait([active.task for active in left])

    async def shutdown(self) -> None:
        """Finish a drain under way, then cancel every run still here and wait until each has
        recorded its end."""
        if self._draining is not None:
            await self._draining
        if self._supervisor is not None:
            self._supervisor.cancel()
            await asyncio.wait([self._supervisor])
        for active in self._active.values():
            if active.grace is not None:
                active.grace.cancel()
        tasks = [active.task for active in self._active.values()]
        for active in self._active.values():
            active.stop(SHUTDOWN)
        if tasks:
            await asyncio.wait(tasks)
