"""Core writes: the row stored is the object returned, defaults included; writes executed
together commit together."""

import uuid
from typing import Any

import pytest
from sqlalchemy import bindparam, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agentstream.db.base import Base, new_id
from agentstream.db.rows import detached, execute_and_commit, row_insert, select_row
from agentstream.runs.models import SEQ_BLOCK, Run, RunStatus
from agentstream.tenancy.models import Tenant


async def _insert(session: AsyncSession, model: type[Base], **values: Any) -> dict[str, Any]:
    statement, row = row_insert(model, **values)
    await session.execute(statement, row)
    return row


async def test_inserted_row_is_the_returned_object(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        tenant = await _insert(session, Tenant, name="rows")
        run = detached(
            Run,
            await _insert(session, Run, tenant_id=tenant["id"], kind="chat", subject_id="s"),
        )

    # Python-side defaults were applied before the insert, so the object holds them.
    assert isinstance(run.id, uuid.UUID)
    assert run.status == RunStatus.RUNNING.value
    assert run.seq_ceiling == SEQ_BLOCK
    assert (run.input_tokens, run.output_tokens, run.error) == (0, 0, None)
    assert run.created_at.tzinfo is not None
    # Detached: it names a stored row, so adding it back would never insert it twice.
    assert inspect(run).detached

    async with sessions() as session:
        stored = await session.get(Run, run.id)
        assert stored is not None
        columns = [column.key for column in Run.__table__.columns]
        assert {key: getattr(stored, key) for key in columns} == {
            key: getattr(run, key) for key in columns
        }


async def test_each_insert_gets_fresh_callable_defaults(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        first = await _insert(session, Tenant, name="a")
        second = await _insert(session, Tenant, name="b")
    assert first["id"] < second["id"], "time-ordered ids"
    assert first["created_at"] <= second["created_at"]


async def test_select_row_reads_a_detached_object_or_none(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        tenant = await _insert(session, Tenant, name="read me")
    by_id = select(Tenant.__table__).where(Tenant.__table__.c.id == bindparam("tenant_id"))
    async with sessions() as session:
        found = await select_row(session, Tenant, by_id, tenant_id=tenant["id"])
        missing = await select_row(session, Tenant, by_id, tenant_id=uuid.uuid4())
    assert found is not None and missing is None
    assert (found.id, found.name, found.created_at) == (
        tenant["id"],
        "read me",
        tenant["created_at"],
    )
    assert inspect(found).detached


def test_new_ids_are_time_ordered_uuids() -> None:
    ids = [new_id() for _ in range(1000)]
    assert all(value.version == 7 for value in ids)
    assert ids == sorted(ids), "later rows sort after earlier ones, in indexes too"
    assert len(set(ids)) == len(ids)


async def test_writes_executed_together_are_committed_in_order_or_not_at_all(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    tenant, tenant_row = row_insert(Tenant, name="together")
    run = row_insert(Run, tenant_id=tenant_row["id"], kind="chat", subject_id="s")
    async with sessions() as session:
        await execute_and_commit(session, [(tenant, tenant_row), run])  # the run needs its tenant
    async with sessions() as session:
        assert await session.get(Run, run[1]["id"]) is not None

    other = row_insert(Tenant, name="never stored")
    async with sessions() as session:
        with pytest.raises(IntegrityError):
            await execute_and_commit(session, [other, run])  # the run's id is taken
    async with sessions() as session:
        assert await session.get(Tenant, other[1]["id"]) is None, "rolled back"
