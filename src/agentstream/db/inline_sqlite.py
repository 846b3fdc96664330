"""SQLite connections for the async engine that run on the event loop's own thread.

aiosqlite hands every cursor call to a worker thread: about four hand-offs per statement at
~100 µs of CPU each, while the service database's statements (reads by key, small inserts,
WAL commits without fsync) take 5-50 µs. These connections keep SQLAlchemy's aiosqlite
dialect (so URLs stay `sqlite+aiosqlite://`) but execute each call in place. Two rules keep the
event loop from ever waiting inside SQLite:

* The write transactions of one engine take turns on an asyncio lock, from their first write
  to their commit or rollback, so within a process they never meet on SQLite's lock.
* SQLite's busy handler is off. A statement that finds the database locked by another process
  or engine is retried after an asyncio sleep, with back-off, until the connect timeout.

Long statements do not belong here: the SQL tool reads tenant data on its own connections in a
worker thread.
"""

import asyncio
import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy.util import await_

T = TypeVar("T")

# Statements that never start a write transaction; anything else is treated as a write.
_READS = ("SELECT", "PRAGMA", "EXPLAIN")
_FIRST_RETRY_S = 0.001
_MAX_RETRY_S = 0.05


def _is_write(sql: str) -> bool:
    return not sql.lstrip()[:7].upper().startswith(_READS)


def _is_busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    # A stale read snapshot (BUSY_SNAPSHOT) cannot succeed by waiting.
    return (
        code is not None
        and code & 0xFF == sqlite3.SQLITE_BUSY
        and code != (sqlite3.SQLITE_BUSY_SNAPSHOT)
    )


class WriteTurns:
    """One engine's write transactions, one at a time, waiting at most `timeout` seconds."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        if not self._lock.locked():
            await self._lock.acquire()
            return
        try:
            async with asyncio.timeout(self.timeout):
                await self._lock.acquire()
        except TimeoutError:
            raise sqlite3.OperationalError("database is locked") from None

    def release(self) -> None:
        self._lock.release()


class InlineConnection:
    """The part of aiosqlite's Connection that SQLAlchemy's adapter calls, run in place."""

    def __init__(self, connection: sqlite3.Connection, turns: WriteTurns) -> None:
        # SQLAlchemy's adapter reads `_connection` to tell an open connection from a closed one.
        self._connection: sqlite3.Connection | None = connection
        self._turns = turns
        self._writing = False

    @property
    def isolation_level(self) -> str | None:
        return self._open().isolation_level

    def _open(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValueError("Connection closed")
        return self._connection

    def cursor(self) -> "InlineCursor":
        return InlineCursor(self, self._open().cursor())

    def cursor_in_place(self) -> "InPlaceCursor":
        """A cursor for code already in SQLAlchemy's greenlet (see `InPlaceCursor`)."""
        return InPlaceCursor(self, self._open().cursor())

    def needs_turn(self, sql: str) -> bool:
        """Whether `sql` is the first write of a transaction, which waits for its write turn."""
        return not self._writing and _is_write(sql)

    async def before(self, sql: str) -> None:
        """Wait for this engine's write turn before the first write of a transaction."""
        if self.needs_turn(sql):
            await self._turns.acquire()
            self._writing = True

    def _end_turn(self) -> None:
        if self._writing:
            self._writing = False
            self._turns.release()

    async def retrying(self, call: Callable[..., T], *args: Any) -> T:
        """`call(*args)`, retried while another process or engine holds the database."""
        delay, deadline = _FIRST_RETRY_S, None
        while True:
            try:
                return call(*args)
            except sqlite3.OperationalError as error:
                if not _is_busy(error):
                    raise
                now = time.monotonic()
                deadline = deadline or now + self._turns.timeout
                if now >= deadline:
                    raise
                await asyncio.sleep(delay)
                delay = min(delay * 2, _MAX_RETRY_S)

    async def commit(self) -> None:
        await self.retrying(self._open().commit)
        self._end_turn()

    async def rollback(self) -> None:
        try:
            self._open().rollback()
        finally:
            self._end_turn()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._open().create_function(*args, **kwargs)

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        """Close at once (SQLAlchemy's terminate); an open transaction is rolled back."""
        connection, self._connection = self._connection, None
        try:
            if connection is not None:
                connection.close()
        finally:
            self._end_turn()


class InlineCursor:
    """aiosqlite's Cursor interface over a sqlite3 cursor, run in place."""

    def __init__(self, connection: InlineConnection, cursor: sqlite3.Cursor) -> None:
        self._connection = connection
        self._cursor = cursor

    async def __aenter__(self) -> "InlineCursor":
        return self

    async def __aexit__(self, *_: object) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> "InlineCursor":
        await self._connection.before(sql)
        await self._connection.retrying(self._cursor.execute, sql, parameters)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> "InlineCursor":
        await self._connection.before(sql)
        # A retried executemany must see every row again, not a half-consumed iterator.
        rows = list(parameters)
        await self._connection.retrying(self._cursor.executemany, sql, rows)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()


class InPlaceCursor:
    """A DBAPI cursor that runs each call at once, for code in SQLAlchemy's greenlet.

    SQLAlchemy's adapter hands every cursor call to the event loop and back (~2.5 µs: a
    greenlet switch each way and an asyncio lock), though these calls run in place anyway.
    This cursor goes to the event loop only to wait: for this engine's write turn at the first
    write of a transaction, or for another process's lock.
    """

    def __init__(self, connection: InlineConnection, cursor: sqlite3.Cursor) -> None:
        self._connection = connection
        self._cursor = cursor

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> "InPlaceCursor":
        if self._connection.needs_turn(sql):
            await_(self._connection.before(sql))
        try:
            self._cursor.execute(sql, parameters)
        except sqlite3.OperationalError as error:
            if not _is_busy(error):
                raise
            await_(self._connection.retrying(self._cursor.execute, sql, parameters))
        return self

    def fetchmany(self, size: int) -> list[Any]:
        return self._cursor.fetchmany(size)

    def close(self) -> None:
        self._cursor.close()


def connector(
    args: Sequence[Any], kwargs: Mapping[str, Any], timeout: float
) -> Callable[[], Awaitable[InlineConnection]]:
    """An `async_creator` for `create_async_engine`: connections sharing one `WriteTurns`.

    `args` and `kwargs` are what the dialect would pass to `sqlite3.connect`.
    """
    turns = WriteTurns(timeout)  # an asyncio.Lock binds to a loop only when first waited on

    async def connect() -> InlineConnection:
        connection = sqlite3.connect(*args, **{**kwargs, "timeout": 0, "check_same_thread": False})
        return InlineConnection(connection, turns)

    return connect
