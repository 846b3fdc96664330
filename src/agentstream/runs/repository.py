"""SQL of runs and their durable events."""

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import ColumnElement, Update, bindparam, case, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.db.base import new_id, utcnow
from agentstream.db.rows import Write, detached, row_insert, table_of
from agentstream.runs.events import RunEvent
from agentstream.runs.models import Run, RunEventRecord, RunStatus

_RUNS = table_of(Run)


@cache
def _update_run(columns: frozenset[str]) -> Update:
    """UPDATE of one run (`:run_id`) setting `columns` to their parameters and adding the
    `:input_tokens` and `:output_tokens` parameters to its totals.

    Prepared once per set of columns: building and hashing an UPDATE per call costs 4-7 times
    what executing it does.
    """
    return (
        update(_RUNS)
        .where(_RUNS.c.id == bindparam("run_id"))
        .values(
            {
                **{name: bindparam(name) for name in sorted(columns)},
                "input_tokens": _RUNS.c.input_tokens + bindparam("input_tokens"),
                "output_tokens": _RUNS.c.output_tokens + bindparam("output_tokens"),
            }
        )
    )


def event_writes(
    event: RunEvent,
    status: RunStatus | None = None,
    error: str | None = None,
    usage: tuple[int, int] | None = None,
) -> list[Write]:
    """The statements that store a durable event; with `status`, they also move the run to it
    (terminal events), and add `usage` (input, output tokens) to its totals in the same
    UPDATE."""
    writes = [
        row_insert(
            RunEventRecord,
            run_id=event.run_id,
            seq=event.seq,
            event=event.event,
            data=event.data,
            terminal=event.terminal,
        )
    ]
    values: dict[str, object] = {}
    if status is not None:
        values["status"] = status.value
        if status.is_terminal:
            values["finished_at"] = utcnow()
    if error is not None:
        values["error"] = error
    if values or usage is not None:
        writes.append(_run_write(event.run_id, values, *(usage or (0, 0))))
    return writes


@dataclass(frozen=True)
class Lease:
    """Who holds a run, and until when (see `Run.owner`)."""

    owner: str
    expires_at: datetime


def new_run(
    tenant_id: uuid.UUID,
    kind: str,
    subject_id: str,
    run_id: uuid.UUID | None = None,
    *,
    lease: Lease | None = None,
) -> tuple[Run, Write]:
    """A running run held under `lease` (detached: it names the row) and the INSERT that
    stores it. Without a lease, any worker may end it."""
    write = row_insert(
        Run,
        id=run_id or new_id(),
        tenant_id=tenant_id,
        kind=kind,
        subject_id=subject_id,
        owner=lease and lease.owner,
        lease_expires_at=lease and lease.expires_at,
    )
    return detached(Run, write[1]), write


def usage_write(run_id: uuid.UUID, input_tokens: int, output_tokens: int) -> Write:
    """The statement that adds model tokens to a run's totals."""
    return _run_write(run_id, {}, input_tokens, output_tokens)


def _run_write(
    run_id: uuid.UUID, values: dict[str, object], input_tokens: int, output_tokens: int
) -> Write:
    parameters = {
        **values,
        "run_id": run_id,
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
    }
    return _update_run(frozenset(values)), parameters


class RunRepository:
    """Persistence of runs, always scoped by tenant where a client can name a run."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self,
        tenant_id: uuid.UUID,
        kind: str,
        subject_id: str,
        run_id: uuid.UUID | None = None,
        *,
        lease: Lease | None = None,
    ) -> Run:
        """Insert a running run held under `lease` (see `new_run`)."""
        run, write = new_run(tenant_id, kind, subject_id, run_id, lease=lease)
        await self.session.execute(*write)
        return run

    async def get_for_tenant(self, tenant_id: uuid.UUID, run_id: uuid.UUID) -> Run | None:
        """The run if it belongs to the tenant."""
        statement = select(Run).where(Run.id == run_id, Run.tenant_id == tenant_id)
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def has_ended(self, run_id: uuid.UUID) -> bool:
        """Whether the run is recorded as finished (completed, failed or cancelled)."""
        status = await self.session.scalar(select(Run.status).where(Run.id == run_id))
        return status is not None and RunStatus(status).is_terminal

    async def usage_of_tenant(self, tenant_id: uuid.UUID) -> dict[str, tuple[int, int, int]]:
        """(runs, input tokens, output tokens) of a tenant, by kind of run."""
        statement = (
            select(Run.kind, func.count(), func.sum(Run.input_tokens), func.sum(Run.output_tokens))
            .where(Run.tenant_id == tenant_id)
            .group_by(Run.kind)
        )
        rows = (await self.session.execute(statement)).all()
        return {kind: (int(n), int(i or 0), int(o or 0)) for kind, n, i, o in rows}

    async def raise_seq_ceiling(self, run_id: uuid.UUID, ceiling: int) -> None:
        """Reserve sequence numbers up to `ceiling` for a run (never lowers it)."""
        await self.session.execute(
            update(Run)
            .where(Run.id == run_id)
            .values(seq_ceiling=case((Run.seq_ceiling < ceiling, ceiling), else_=Run.seq_ceiling))
        )

    async def events_after(self, run_id: uuid.UUID, after_seq: int) -> Sequence[RunEvent]:
        """Durable events with seq > after_seq, in order."""
        statement = (
            select(RunEventRecord)
            .where(RunEventRecord.run_id == run_id, RunEventRecord.seq > after_seq)
            .order_by(RunEventRecord.seq)
        )
        records = (await self.session.execute(statement)).scalars()
        return [
            RunEvent(
                run_id=r.run_id,
                seq=r.seq,
                event=r.event,
                data=r.data,
                durable=True,
                terminal=r.terminal,
            )
            for r in records
        ]

    async def delete_events_of(self, tenant_id: uuid.UUID, kind: str, subject_id: str) -> None:
        """Delete the stored events of a tenant's runs of one kind about one subject."""
        runs = select(Run.id).where(
            Run.tenant_id == tenant_id, Run.kind == kind, Run.subject_id == subject_id
        )
        await self.session.execute(delete(RunEventRecord).where(RunEventRecord.run_id.in_(runs)))

    async def list_unfinished(self) -> Sequence[Run]:
        """Runs left running (by a process that stopped without finishing them)."""
        statement = select(Run).where(Run.status == RunStatus.RUNNING.value)
        return (await self.session.execute(statement)).scalars().all()

    async def list_expired(self, now: datetime, limit: int) -> Sequence[Run]:
        """Running runs whose owner has not renewed its lease in time (or never held one)."""
        statement = (
            select(Run)
            .where(Run.status == RunStatus.RUNNING.value, _lease_expired(now))
            .order_by(Run.lease_expires_at)
            .limit(limit)
        )
        return (await self.session.execute(statement)).scalars().all()

    async def take_over(self, run_id: uuid.UUID, now: datetime, lease: Lease) -> bool:
        """Hold a running run whose lease has expired; False if another worker was first (or
        the run ended or its owner came back)."""
        result = await self.session.execute(
            update(Run)
            .where(Run.id == run_id, Run.status == RunStatus.RUNNING.value, _lease_expired(now))
            .values(owner=lease.owner, lease_expires_at=lease.expires_at)
        )
        return bool(getattr(result, "rowcount", 0))

    async def hold(self, run_id: uuid.UUID, owner: str) -> bool:
        """Whether `owner` still holds the running run; if so, its row is locked until the
        transaction ends (a take-over waits for it)."""
        statement = (
            select(Run.id)
            .where(Run.id == run_id, Run.owner == owner, Run.status == RunStatus.RUNNING.value)
            .with_for_update()
        )
        return await self.session.scalar(statement) is not None

    async def renew(
        self, run_ids: Collection[uuid.UUID], lease: Lease
    ) -> dict[uuid.UUID, datetime | None]:
        """Extend the lease on the given runs that `lease.owner` still holds; returns them,
        each with its cancel intent (None when nobody asked)."""
        if not run_ids:
            return {}
        result = await self.session.execute(
            update(Run)
            .where(
                Run.id.in_(run_ids),
                Run.owner == lease.owner,
                Run.status == RunStatus.RUNNING.value,
            )
            .values(lease_expires_at=lease.expires_at)
            .returning(Run.id, Run.cancel_requested_at)
        )
        return {run_id: cancel for run_id, cancel in result.all()}

    async def request_cancel(self, run_id: uuid.UUID, now: datetime) -> Run | None:
        """Store a cancel intent on a running run; returns it (None if it is not running)."""
        await self.session.execute(
            update(Run)
            .where(
                Run.id == run_id,
                Run.status == RunStatus.RUNNING.value,
                Run.cancel_requested_at.is_(None),
            )
            .values(cancel_requested_at=now)
        )
        run = await self.session.get(Run, run_id, populate_existing=True)
        if run is None or RunStatus(run.status).is_terminal:
            return None
        return run


def _lease_expired(now: datetime) -> ColumnElement[bool]:
    return or_(Run.lease_expires_at.is_(None), Run.lease_expires_at < now)
