"""A migrated service database with one tenant, and a run manager over it."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agentstream.runs.broker import InProcessBroker
from agentstream.runs.kinds import RunKind
from agentstream.runs.manager import RunManager
from agentstream.runs.models import Run, RunStatus
from agentstream.runs.repository import RunRepository
from agentstream.tenancy.models import Tenant


def abort_frames(
    run_id: uuid.UUID, subject_id: str, status: RunStatus, reason: str
) -> list[tuple[str | None, dict[str, Any]]]:
    return [("error", {"message": reason}), ("end", {"status": status.value})]


ABORTED_SUBJECTS: list[tuple[str, str]] = []


async def record_abort(
    session: Any, run_id: uuid.UUID, subject_id: str, status: RunStatus, reason: str
) -> None:
    ABORTED_SUBJECTS.append((subject_id, status.value))


async def fail_to_record(
    session: Any, run_id: uuid.UUID, subject_id: str, status: RunStatus, reason: str
) -> None:
    raise ConnectionError("the database went away")


async def keep_what_was_saved(
    session: Any, run_id: uuid.UUID, subject_id: str, status: RunStatus, reason: str
) -> list[tuple[str | None, dict[str, Any]]]:
    """What a panel's end does with the turn a dead worker left: keeps it, and tells it."""
    return [("kept", {"text": "as last saved"})]


TEST_KIND = RunKind("test", abort_frames, on_abort=record_abort)
KEEPING_KIND = RunKind("keeping", abort_frames, on_abort=keep_what_was_saved)
WATCHED_KIND = RunKind("watched", abort_frames, cancel_when_unwatched=True)
UNRECORDABLE_KIND = RunKind("unrecordable", abort_frames, on_abort=fail_to_record)


@pytest.fixture
async def tenant(sessions: async_sessionmaker[AsyncSession]) -> Tenant:
    async with sessions() as session, session.begin():
        tenant = Tenant(name="runs-test")
        session.add(tenant)
    return tenant


@pytest.fixture
async def manager(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[RunManager]:
    broker = InProcessBroker()
    manager = RunManager(sessions, broker, [TEST_KIND, WATCHED_KIND, UNRECORDABLE_KIND])
    yield manager
    await manager.shutdown()
    await broker.close()


@pytest.fixture
def new_run(sessions: async_sessionmaker[AsyncSession], tenant: Tenant):  # type: ignore[no-untyped-def]
    async def create(kind: str = "test") -> Run:
        async with sessions() as session, session.begin():
            return await RunRepository(session).create(tenant.id, kind, "subject")

    return create
