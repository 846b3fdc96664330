"""Core writes: the row stored is the object returned, defaults included; writes executed
together commit together, their values converted by their column types as SQLAlchemy does."""

import subprocess
import sys
import uuid
from typing import Any

import pytest
from sqlalchemy import bindparam, insert, inspect, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError, MultipleResultsFound
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agentstream.db.base import Base, new_id
from agentstream.db.rows import detached, execute_and_commit, row_insert, select_row
from agentstream.runs.events import RunEvent
from agentstream.runs.models import SEQ_BLOCK, Run, RunEventRecord, RunStatus
from agentstream.runs.repository import event_writes
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
        tenant = await _insert(session, Tenant, name="read me", demo_content=True)
        run = await _insert(
            session, Run, tenant_id=tenant["id"], kind="chat", subject_id="s", error="e"
        )
    tenants, runs = Tenant.__table__, Run.__table__
    by_id = select(tenants).where(tenants.c.id == bindparam("tenant_id"))
    run_by_id = select(runs).where(runs.c.id == bindparam("run_id"))
    async with sessions() as session:
        found = await select_row(session, Tenant, by_id, tenant_id=tenant["id"])
        missing = await select_row(session, Tenant, by_id, tenant_id=uuid.uuid4())
        found_run = await select_row(session, Run, run_by_id, run_id=run["id"])
    assert found is not None and found_run is not None and missing is None
    assert inspect(found).detached and inspect(found_run).detached
    # Every column reads back as the ORM loads it, value and type (UUID, aware datetime,
    # bool, int, NULL), converted from the driver's values by the column types.
    async with sessions() as session:
        for model, read in ((Tenant, found), (Run, found_run)):
            loaded = await session.get(model, read.id)
            for column in model.__table__.columns:
                expected, actual = getattr(loaded, column.key), getattr(read, column.key)
                assert (type(actual), actual) == (type(expected), expected), column.key
    assert (found.name, found.demo_content, found_run.error) == ("read me", True, "e")


async def test_select_row_refuses_a_query_that_finds_several_rows(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        for name in ("twin", "twin"):
            await _insert(session, Tenant, name=name)
    by_name = select(Tenant.__table__).where(Tenant.__table__.c.name == bindparam("name"))
    async with sessions() as session:
        with pytest.raises(MultipleResultsFound):
            await select_row(session, Tenant, by_name, name="twin")


def test_a_detached_object_is_complete_in_a_process_that_made_no_object_before() -> None:
    # Mappings are completed on first use by a constructor; `detached` must not rely on one.
    program = (
        "import uuid\n"
        "from agentstream.db.rows import detached, row_insert\n"
        "from agentstream.runs.models import Run\n"
        "_, row = row_insert(Run, tenant_id=uuid.uuid4(), kind='chat', subject_id='s')\n"
        "print(detached(Run, row).kind)\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, "chat\n", "")


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


async def test_written_values_read_back_as_their_types(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """UUIDs, aware datetimes, JSON, booleans and NULLs go to the driver as their column types
    convert them: what is read back through the ORM is what was written."""
    tenant = row_insert(Tenant, name="types")
    run = row_insert(Run, tenant_id=tenant[1]["id"], kind="chat", subject_id="s")
    data = {"done": True, "metadata": {"sources": [{"id": 1, "title": "Überstunden"}], "x": None}}
    done = RunEvent(run[1]["id"], 7, None, data, durable=True, terminal=True)
    named = RunEvent(run[1]["id"], 6, "round_complete", {"round": 1}, durable=True)
    writes = [
        tenant,
        run,
        *event_writes(named),
        *event_writes(done, status=RunStatus.COMPLETED, usage=(12, 34)),
    ]
    async with sessions() as session:
        await execute_and_commit(session, writes)

    async with sessions() as session:
        stored = await session.get(Run, run[1]["id"])
        events = (
            await session.scalars(
                select(RunEventRecord)
                .where(RunEventRecord.run_id == run[1]["id"])
                .order_by(RunEventRecord.seq)
            )
        ).all()
    assert stored is not None
    assert (stored.status, stored.input_tokens, stored.output_tokens, stored.error) == (
        RunStatus.COMPLETED.value,
        12,
        34,
        None,
    )
    assert stored.finished_at is not None and stored.finished_at.tzinfo is not None
    assert stored.finished_at >= stored.created_at
    assert [(e.seq, e.event, e.data, e.terminal) for e in events] == [
        (6, "round_complete", {"round": 1}, False),
        (7, None, data, True),
    ]


async def test_a_write_missing_values_sqlalchemy_would_compute_is_refused(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """Python-side defaults are filled in by `row_insert`; a bare statement without them must
    not reach the database with the defaults silently missing."""
    tenant = row_insert(Tenant, name="first")
    bare = (insert(Tenant.__table__), {"name": "no id, no created_at"})
    tenants = Tenant.__table__.c
    expanding = (
        update(Tenant.__table__)
        .where(tenants.id.in_(bindparam("ids", expanding=True)))
        .values(name=bindparam("new_name")),
        {"ids": [tenant[1]["id"]], "new_name": "renamed"},
    )
    for refused in (bare, expanding):
        async with sessions() as session:
            with pytest.raises(ValueError, match="not a plain statement"):
                await execute_and_commit(session, [tenant, refused])
        async with sessions() as session:
            assert await session.get(Tenant, tenant[1]["id"]) is None, "nothing was committed"


async def test_a_write_on_a_connection_the_server_dropped_discards_it(
    sessions: async_sessionmaker[AsyncSession], database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("only a database server can drop a connection")
    tenant = row_insert(Tenant, name="after the drop")
    async with sessions() as session:
        backend = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        async with sessions() as other:
            await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        with pytest.raises(DBAPIError) as raised:
            await execute_and_commit(session, [tenant])
        assert raised.value.connection_invalidated
    async with sessions() as session:  # the pool hands out a working connection again
        await execute_and_commit(session, [tenant])
        assert await session.get(Tenant, tenant[1]["id"]) is not None
