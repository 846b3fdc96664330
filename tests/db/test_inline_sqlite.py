"""SQLite run on the event loop: writers take turns, locks held elsewhere never block the loop."""

import asyncio
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, Text, insert, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from agentstream.db import inline_sqlite
from agentstream.db.engine import create_engine
from agentstream.db.inline_sqlite import _is_write
from agentstream.db.rows import Write, _execute_writes, execute_and_commit

LOCK_TIMEOUT_S = 0.5
Writer = Callable[[AsyncEngine, str], Awaitable[None]]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "inline.sqlite"


@pytest.fixture
async def engine(path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{path}", sqlite_lock_timeout_s=LOCK_TIMEOUT_S)
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    yield engine
    await engine.dispose()


async def _count(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text("SELECT count(*) FROM notes"))).scalar_one())


async def _write(engine: AsyncEngine, body: str, *, pause: bool = False) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO notes (body) VALUES (:b)"), {"b": body})
        if pause:
            await asyncio.sleep(0)  # let the other writers run while this one holds its turn
        await connection.execute(text("INSERT INTO notes (body) VALUES (:b)"), {"b": body})


# The hot-path rows (`agentstream.db.rows`) run on the driver's in-place cursor, by the same rules.
NOTES = Table("notes", MetaData(), Column("id", Integer, primary_key=True), Column("body", Text))


def _note(body: str) -> Write:
    return insert(NOTES), {"body": body}


async def _write_rows(engine: AsyncEngine, *bodies: str) -> None:
    async with AsyncSession(engine) as session:
        await execute_and_commit(session, [_note(body) for body in bodies])


async def _write_in_place(engine: AsyncEngine, body: str) -> None:
    await _write_rows(engine, body, body)


# The two ways a transaction writes: SQLAlchemy's adapter, and the hot-path rows.
WRITERS = pytest.mark.parametrize("write", [_write, _write_in_place], ids=["adapter", "in place"])


class Ticker:
    """Counts event-loop turns taken by a 2 ms timer: a blocked loop stops counting."""

    def __init__(self) -> None:
        self.ticks = 0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(0.002)
            self.ticks += 1

    def __enter__(self) -> "Ticker":
        self._task = asyncio.create_task(self._run())
        return self

    def __exit__(self, *_: object) -> None:
        assert self._task is not None
        self._task.cancel()


def _hold_write_lock(path: Path) -> sqlite3.Connection:
    """Another process's view: a connection holding SQLite's write lock."""
    other = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO notes (body) VALUES ('other')")
    return other


async def test_concurrent_write_transactions_of_one_engine_all_commit(engine: AsyncEngine) -> None:
    await asyncio.gather(*(_write(engine, f"task {i}", pause=True) for i in range(30)))
    assert await _count(engine) == 60


@WRITERS
async def test_a_lock_held_elsewhere_is_waited_for_without_blocking_the_loop(
    engine: AsyncEngine, path: Path, write: Writer
) -> None:
    other = _hold_write_lock(path)
    release = threading.Timer(0.2, other.execute, ["COMMIT"])
    started = time.monotonic()
    with Ticker() as ticker:
        release.start()
        await write(engine, "after the other")
    waited = time.monotonic() - started
    release.join()
    other.close()
    assert waited >= 0.15
    # Had SQLite's busy handler slept on the loop's thread, the timer could not have run.
    assert ticker.ticks >= 20
    assert await _count(engine) == 3


@WRITERS
async def test_a_lock_never_released_fails_with_database_is_locked(
    engine: AsyncEngine, path: Path, write: Writer
) -> None:
    other = _hold_write_lock(path)
    try:
        with pytest.raises(OperationalError, match="database is locked"):
            await asyncio.wait_for(write(engine, "blocked"), timeout=5)
    finally:
        other.close()
    await write(engine, "once released")
    assert await _count(engine) == 2


async def test_a_task_writing_in_two_transactions_at_once_fails_instead_of_hanging(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as first:
        await first.execute(text("INSERT INTO notes (body) VALUES ('first')"))
        with pytest.raises(OperationalError, match="database is locked"):
            await asyncio.wait_for(_write(engine, "second"), timeout=5)
        await first.commit()
    assert await _count(engine) == 1


async def test_failed_and_rolled_back_transactions_give_the_turn_back(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO notes (id, body) VALUES (1, 'one')"))
    for _ in range(3):
        with pytest.raises(IntegrityError):
            async with engine.begin() as connection:
                await connection.execute(text("INSERT INTO notes (id, body) VALUES (1, 'dup')"))
        with pytest.raises(IntegrityError):
            async with AsyncSession(engine) as session:
                await execute_and_commit(session, [(insert(NOTES), {"id": 1, "body": "dup"})])
    async with engine.connect() as connection:
        await connection.execute(text("INSERT INTO notes (body) VALUES ('rolled back')"))
        await connection.rollback()
    async with engine.connect() as connection:
        await connection.execute(text("INSERT INTO notes (body) VALUES ('closed uncommitted')"))
    # Each of those ended its turn: this writer does not wait for the lock timeout.
    await asyncio.wait_for(_write(engine, "next"), timeout=LOCK_TIMEOUT_S / 2)
    assert await _count(engine) == 3


async def test_reads_do_not_wait_for_a_writer(engine: AsyncEngine) -> None:
    async with engine.connect() as writer:
        await writer.execute(text("INSERT INTO notes (body) VALUES ('uncommitted')"))
        assert await asyncio.wait_for(_count(engine), timeout=LOCK_TIMEOUT_S / 2) == 0
        await writer.commit()
    assert await _count(engine) == 1


async def test_row_writes_of_one_engine_take_turns_and_never_meet_on_sqlites_lock(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    busy: list[sqlite3.OperationalError] = []
    is_busy = inline_sqlite._is_busy

    def counted(error: sqlite3.OperationalError) -> bool:
        busy.append(error)  # asked of every error a statement meets
        return is_busy(error)

    monkeypatch.setattr(inline_sqlite, "_is_busy", counted)
    async with AsyncSession(engine) as first:
        # An open transaction that has written: it holds this engine's turn.
        await first.run_sync(lambda sync: _execute_writes(sync.connection(), [_note("first")]))
        waiting = asyncio.create_task(_write_rows(engine, "a", "b"))
        await asyncio.sleep(0.05)
        assert not waiting.done(), "the row writes wait for the turn"
        await first.commit()
    await asyncio.wait_for(waiting, timeout=LOCK_TIMEOUT_S)
    await asyncio.gather(*(_write_rows(engine, f"task {i}", "again") for i in range(20)))
    assert busy == [], "writers of one engine wait for their turn, not on SQLite's lock"
    assert await _count(engine) == 43


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ("SELECT 1", False),
        ("  select * from notes", False),
        ("PRAGMA journal_mode=WAL", False),
        ("EXPLAIN QUERY PLAN SELECT 1", False),
        ("INSERT INTO notes VALUES (1)", True),
        ("update notes set body = 1", True),
        ("DELETE FROM notes", True),
        ("WITH x AS (SELECT 1) INSERT INTO notes SELECT * FROM x", True),
        ("SAVEPOINT sa_savepoint_1", True),
        ("CREATE TABLE t (x)", True),
    ],
)
def test_statements_that_may_write_take_a_turn(sql: str, writes: bool) -> None:
    assert _is_write(sql) is writes
