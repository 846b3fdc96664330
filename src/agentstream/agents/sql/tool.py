"""The SQL tool: guard first, then a read-only connection that would stop the query anyway.

The guard (`guard.vet_query`) is the first wall. The data sources here are the second: each
runs statements on a connection that cannot write (SQLite opened `mode=ro` with
`query_only`, an authorizer and no ATTACH; PostgreSQL in a `READ ONLY` transaction that is
always rolled back), under a timeout enforced by the database engine, and reads at most
`max_rows` rows, each value cut to its share of a character budget (`value_caps`).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import asyncpg
import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from agentstream.agents.sql.guard import (
    SqlPolicy,
    SqlToolError,
    UnsafeQueryError,
    is_denied_function,
    vet_query,
)
from agentstream.agents.sql.result import SqlResult
from agentstream.agents.sql.value_caps import capped_query, cut, decode_capped, value_cap

__all__ = [
    "PostgresReadOnlySource",
    "SqlDataSource",
    "SqlExecutionError",
    "SqlTimeoutError",
    "SqlTool",
    "SqlToolError",
    "SqliteReadOnlySource",
    "UnsafeQueryError",
    "timeout_error",
]

logger = logging.getLogger(__name__)

Rows = list[tuple[Any, ...]]
Fetched = tuple[tuple[str, ...], Rows]

_MAX_MESSAGE_CHARS = 300
# SQLite calls the progress handler every N virtual-machine instructions; ~1000 keeps the
# overhead negligible and interrupts a runaway query within microseconds of its deadline.
_PROGRESS_STEPS = 1_000
# Only reading is authorized; anything else (writes, PRAGMA, ATTACH, recursive CTEs...) is
# denied while the statement is compiled.
_SQLITE_AUTHORIZED_ACTIONS = frozenset(
    {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION}
)
# The server's statement_timeout does the real work; this client-side margin only covers a
# server that stopped answering.
_CLIENT_TIMEOUT_GRACE_S = 2.0
# How often a PostgreSQL backend running a query checks that its client is still connected,
# from the first version that can.
_CLIENT_CHECK_MS = 100
_CLIENT_CHECK_SINCE_MAJOR = 14


class SqlExecutionError(SqlToolError):
    """The database refused or failed the statement; the message is one safe line."""


class SqlTimeoutError(SqlExecutionError):
    """The statement ran past its time budget and was stopped."""


class SqlDataSource(Protocol):
    """A read-only database the SQL tool can query."""

    dialect: str

    async def fetch(
        self, sql: str, params: Mapping[str, Any], *, max_rows: int, timeout_s: float
    ) -> Fetched:
        """Run one statement and return its column names and at most `max_rows` rows."""
        ...

    async def close(self) -> None:
        """Release connections and threads."""
        ...


class SqliteReadOnlySource:
    """A SQLite file opened read-only, queried from a few worker threads at once.

    Each worker takes a read connection of its own (a sqlite3 connection must not be used by
    two threads at once), so a slow query holds up no other: SQLite lets readers run side by
    side, and releases the GIL while it executes.
    """

    dialect: str = "sqlite"

    def __init__(
        self, path: Path, *, max_value_bytes: int = 16 * 1024 * 1024, readers: int = 4
    ) -> None:
        self._path = Path(path)
        # Bounds every string/blob a query can build (zeroblob, group_concat, ...).
        self._max_value_bytes = max_value_bytes
        self._executor = ThreadPoolExecutor(max_workers=readers, thread_name_prefix="sql-sqlite")
        # Read connections not in use; at most one per worker is ever opened.
        self._idle: list[sqlite3.Connection] = []
        self._idle_lock = threading.Lock()
        self._closed = False

    async def fetch(
        self, sql: str, params: Mapping[str, Any], *, max_rows: int, timeout_s: float
    ) -> Fetched:
        """Run one statement on a read-only connection, interrupted at the deadline."""
        if self._closed:
            raise SqlExecutionError("the data source is closed")
        # The budget starts now, so time spent queued behind other queries counts too.
        deadline = time.monotonic() + timeout_s
        abandoned = threading.Event()
        job = partial(
            self._fetch_in_worker, sql, dict(params), max_rows, deadline, timeout_s, abandoned
        )
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, job)
        except asyncio.CancelledError:
            # The caller went away (client disconnect): stop the statement now rather than
            # letting it run to its deadline.
            abandoned.set()
            raise

    async def close(self) -> None:
        """Stop the workers (after the queries they run) and close the connections."""
        if self._closed:
            return
        self._closed = True
        await asyncio.to_thread(self._executor.shutdown, wait=True)
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()

    def _fetch_in_worker(
        self,
        sql: str,
        params: dict[str, Any],
        max_rows: int,
        deadline: float,
        timeout_s: float,
        abandoned: threading.Event,
    ) -> Fetched:
        connection = self._take_connection()

        def should_stop() -> int:
            return int(abandoned.is_set() or time.monotonic() >= deadline)

        connection.set_progress_handler(should_stop, _PROGRESS_STEPS)
        try:
            cursor = connection.execute(sql, params)
            try:
                columns = tuple(str(column[0]) for column in cursor.description or ())
                cap = value_cap(len(columns), max_rows)
                # Row by row, each value cut as it arrives: never more than one whole value
                # (bounded by SQLITE_LIMIT_LENGTH) held at once.
                rows: Rows = [
                    tuple(cut(value, cap) for value in row)
                    for row in itertools.islice(cursor, max_rows)
                ]
            finally:
                cursor.close()
        except sqlite3.OperationalError as exc:
            if should_stop():
                raise timeout_error(timeout_s) from None
            raise _execution_error(exc) from None
        except (sqlite3.Error, sqlite3.Warning, ValueError, OverflowError) as exc:
            raise _execution_error(exc) from None
        finally:
            connection.set_progress_handler(None, 0)
            with self._idle_lock:
                self._idle.append(connection)
        return columns, rows

    def _take_connection(self) -> sqlite3.Connection:
        with self._idle_lock:
            if self._idle:
                return self._idle.pop()
        return self._open()

    def _open(self) -> sqlite3.Connection:
        """A new read-only connection to the file."""
        # mode=ro: the file is opened read-only by SQLite itself, and never created.
        uri = f"{self._path.resolve().as_uri()}?mode=ro"
        try:
            connection = sqlite3.connect(
                uri, uri=True, check_same_thread=False, isolation_level=None
            )
        except sqlite3.Error as exc:
            logger.warning("SQL tool could not open the SQLite database: %s", exc)
            raise SqlExecutionError("the database is unavailable") from None
        try:
            connection.execute("PRAGMA query_only = ON")
            connection.execute("PRAGMA trusted_schema = OFF")
            # With the read-only flags alone, ATTACH 'file:x?mode=rwc' and VACUUM INTO still
            # create (empty) files on disk; no attached database means neither can run.
            connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
            connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, self._max_value_bytes)
            connection.set_authorizer(_authorize_read_only)
        except sqlite3.Error as exc:
            # Typically "file is not a database": report it like a missing file.
            connection.close()
            logger.warning("SQL tool could not open the SQLite database: %s", exc)
            raise SqlExecutionError("the database is unavailable") from None
        return connection


def _authorize_read_only(
    action: int, arg1: str | None, arg2: str | None, database: str | None, trigger: str | None
) -> int:
    if action not in _SQLITE_AUTHORIZED_ACTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_READ and (arg1 or "").lower().startswith("sqlite_"):
        # Queries may not read the schema tables; SQLite's own schema loading is not checked.
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_FUNCTION and is_denied_function(arg2 or ""):
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


class PostgresReadOnlySource:
    """A PostgreSQL database queried in READ ONLY transactions with a statement timeout."""

    dialect: str = "postgres"

    def __init__(
        self,
        dsn: str,
        *,
        server_settings: Mapping[str, str] | None = None,
        max_connections: int = 4,
    ) -> None:
        self._dsn = dsn
        password = urlsplit(dsn).password if "://" in dsn else None
        self._secrets = tuple(secret for secret in (dsn, password) if secret)
        self._server_settings = {
            **dict(server_settings or {}),
            # Belt and braces: even a transaction opened without READ ONLY cannot write.
            "default_transaction_read_only": "on",
            "application_name": "agentstream-sql-tool",
        }
        self._max_connections = max_connections
        self._pool: Any = None  # asyncpg.Pool, created on first use
        self._pool_lock = asyncio.Lock()

    async def fetch(
        self, sql: str, params: Mapping[str, Any], *, max_rows: int, timeout_s: float
    ) -> Fetched:
        """Run one query in a READ ONLY transaction under `SET LOCAL statement_timeout`."""
        tree, names = _to_positional_parameters(sql)
        statement = tree.sql(dialect="postgres", comments=False)
        missing = [name for name in names if name not in params]
        if missing:
            raise SqlExecutionError(f"missing value for parameter :{missing[0]}")
        arguments = [params[name] for name in names]
        timeout_ms = max(1, round(timeout_s * 1000))
        pool = await self._get_pool()
        try:
            async with (
                asyncio.timeout(timeout_s + _CLIENT_TIMEOUT_GRACE_S),
                pool.acquire() as connection,
                _read_only_transaction(connection),
            ):
                await connection.execute(_transaction_settings(connection, timeout_ms))
                prepared = await connection.prepare(statement)
                attributes = prepared.get_attributes()
                if not attributes:
                    raise SqlExecutionError("only statements that return rows are allowed")
                columns = tuple(str(attribute.name) for attribute in attributes)
                types = [str(attribute.type.name) for attribute in attributes]
                # The database cuts every value before sending it: the driver decodes what it
                # receives in full, on the event loop.
                cap = value_cap(len(columns), max_rows)
                capped = await connection.prepare(capped_query(tree, types, cap))
                cursor = await capped.cursor(*arguments)
                records = await cursor.fetch(max_rows)
        except (TimeoutError, asyncpg.QueryCanceledError):
            raise timeout_error(timeout_s) from None
        except asyncpg.PostgresConnectionError as exc:
            logger.warning("SQL tool lost the PostgreSQL connection: %s", self._redact(exc))
            raise SqlExecutionError("the database is unavailable") from None
        except (asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            raise _execution_error(exc, self._secrets) from None
        except OSError as exc:
            logger.warning("SQL tool lost the PostgreSQL connection: %s", self._redact(exc))
            raise SqlExecutionError("the database is unavailable") from None
        return columns, [decode_capped(record, types, cap) for record in records]

    async def close(self) -> None:
        """Close the connection pool."""
        async with self._pool_lock:
            if self._pool is not None:
                await self._pool.close()
                self._pool = None

    async def _get_pool(self) -> Any:
        async with self._pool_lock:
            if self._pool is None:
                try:
                    self._pool = await asyncpg.create_pool(
                        dsn=self._dsn,
                        min_size=1,
                        max_size=self._max_connections,
                        server_settings=self._server_settings,
                    )
                except (
                    OSError,
                    TimeoutError,
                    asyncpg.PostgresError,
                    asyncpg.InterfaceError,
                ) as exc:
                    logger.warning("SQL tool could not reach PostgreSQL: %s", self._redact(exc))
                    raise SqlExecutionError("the database is unavailable") from None
            return self._pool

    def _redact(self, exc: BaseException) -> str:
        return _first_line(exc, self._secrets)


def _transaction_settings(connection: Any, timeout_ms: int) -> str:
    """The SET LOCAL statements of one query's transaction, sent as one round trip.

    A caller that goes away closes the connection (see `_read_only_transaction`), but a
    backend only notices a closed socket when it next writes to it: a query that aggregates
    would run on to its statement timeout. With `client_connection_check_interval`
    (PostgreSQL 14 and later) the backend looks at the socket while the query runs, and
    stops it once the client is gone.
    """
    # SET cannot take a bind parameter; both values are ints of ours.
    settings = [f"SET LOCAL statement_timeout = {timeout_ms}"]
    if connection.get_server_version().major >= _CLIENT_CHECK_SINCE_MAJOR:
        settings.append(f"SET LOCAL client_connection_check_interval = {_CLIENT_CHECK_MS}")
    return "; ".join(settings)


@asynccontextmanager
async def _read_only_transaction(connection: Any) -> AsyncIterator[None]:
    """BEGIN READ ONLY ... ROLLBACK: a read never needs a commit, so nothing can persist.

    A statement cut off on the client's side (its deadline, or the caller gone) may still run
    on a server that stopped answering: the connection is closed at once, which ends the
    transaction too, rather than waiting for a ROLLBACK the server may never get to.
    """
    transaction = connection.transaction(readonly=True)
    try:
        await transaction.start()
        try:
            yield
        except asyncio.CancelledError:
            raise
        except BaseException:
            await transaction.rollback()
            raise
        await transaction.rollback()
    except asyncio.CancelledError:
        connection.terminate()  # the pool replaces it
        raise


def _to_positional_parameters(sql: str) -> tuple[exp.Expr, list[str]]:
    """Rewrite `:name` placeholders as asyncpg's `$1, $2...`; return the tree and the names in
    order."""
    try:
        statements = [s for s in sqlglot.parse(sql, read="postgres") if s is not None]
    except (SqlglotError, RecursionError):
        raise SqlExecutionError("query could not be parsed") from None
    if len(statements) != 1:
        raise SqlExecutionError("exactly one statement is allowed")
    names: list[str] = []

    def to_positional(node: exp.Expr) -> exp.Expr:
        if not isinstance(node, exp.Placeholder):
            return node
        if not node.name:
            raise SqlExecutionError("only named parameters such as :name are supported")
        if node.name not in names:
            names.append(node.name)
        return exp.Parameter(this=exp.Literal.number(names.index(node.name) + 1))

    return statements[0].transform(to_positional), names


class SqlTool:
    """Vets model-written SQL with the guard, then runs it on a read-only data source."""

    def __init__(self, source: SqlDataSource, policy: SqlPolicy, timeout_s: float = 5.0) -> None:
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self._source = source
        # The source knows which SQL it speaks; the policy's dialect follows it.
        self._policy = replace(policy, dialect=source.dialect)
        self._timeout_s = timeout_s

    @property
    def source(self) -> SqlDataSource:
        """The data source queries run on (its owner closes it)."""
        return self._source

    @property
    def policy(self) -> SqlPolicy:
        """The policy queries are vetted against (dialect set from the data source)."""
        return self._policy

    async def run(self, sql: str, params: Mapping[str, Any] | None = None) -> SqlResult:
        """Vet and run one SELECT; raise UnsafeQueryError, SqlExecutionError or SqlTimeoutError."""
        vetted = vet_query(sql, self._policy)
        row_limit = self._policy.row_limit
        started = time.perf_counter()
        try:
            columns, rows = await self._source.fetch(
                vetted, params or {}, max_rows=row_limit + 1, timeout_s=self._timeout_s
            )
        except SqlToolError:
            raise
        except Exception as exc:
            # A third-party data source may raise anything; its text is not known to be safe.
            logger.warning("SQL tool data source failed", exc_info=exc)
            raise SqlExecutionError("the query failed") from None
        elapsed_ms = (time.perf_counter() - started) * 1000
        return SqlResult(
            sql=vetted,
            columns=tuple(columns),
            rows=tuple(tuple(row) for row in rows[:row_limit]),
            truncated=len(rows) > row_limit,
            elapsed_ms=elapsed_ms,
        )


def timeout_error(timeout_s: float) -> SqlTimeoutError:
    """The error of a query stopped after its budget of `timeout_s` seconds."""
    return SqlTimeoutError(f"the query ran longer than {timeout_s:g} s and was stopped")


def _execution_error(exc: BaseException, secrets: tuple[str, ...] = ()) -> SqlExecutionError:
    logger.info("SQL tool query failed: %s", _first_line(exc, secrets))
    return SqlExecutionError(_first_line(exc, secrets))


def _first_line(exc: BaseException, secrets: tuple[str, ...] = ()) -> str:
    """The first line of a driver message, without secrets, short enough to show a user."""
    text = str(exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    for secret in secrets:
        line = line.replace(secret, "***")
    return line[:_MAX_MESSAGE_CHARS]
