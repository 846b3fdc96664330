"""The service's PostgreSQL engine: bounded sessions, and a pool that never lends a connection
inside a transaction."""

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry, PoolResetState
from sqlalchemy.util import await_

from agentstream.logs import get_logger

log = get_logger(__name__)


def _milliseconds(seconds: float) -> str:
    return str(max(1, round(seconds * 1000)))


def create_postgres_engine(
    url: str,
    *,
    lock_timeout_s: float,
    idle_in_transaction_timeout_s: float,
    pool_size: int = 5,
    max_overflow: int = 10,
) -> AsyncEngine:
    """An asyncpg engine whose sessions give up waiting for a lock after `lock_timeout_s`, and
    are ended by the server when they sit inside a transaction for
    `idle_in_transaction_timeout_s` (their transaction is rolled back and its locks freed).

    The service's transactions take milliseconds; these bounds stop one that went wrong from
    holding row locks that every other run then waits on. The pool keeps `pool_size`
    connections and opens up to `max_overflow` more when they are all in use.
    """
    engine = create_async_engine(
        url,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=max_overflow,
        # `_reset_returned` rolls back instead, and checks that it did.
        pool_reset_on_return=None,
        connect_args={
            "server_settings": {
                "application_name": "agentstream",
                "lock_timeout": _milliseconds(lock_timeout_s),
                "idle_in_transaction_session_timeout": _milliseconds(idle_in_transaction_timeout_s),
            }
        },
    )
    event.listen(engine.sync_engine, "reset", _reset_returned)
    return engine


def _reset_returned(
    dbapi_connection: Any, record: ConnectionPoolEntry, state: PoolResetState
) -> None:
    """Roll back a connection returned to the pool, then make sure the server agrees that no
    transaction is open; if one still is, roll it back through the driver and say so.

    SQLAlchemy rolls back only the transaction it knows of. One it lost track of (a BEGIN
    interrupted on its way) would otherwise serve every later session of this connection:
    their commits would only release savepoints, and nothing they wrote would be stored.
    """
    if not state.asyncio_safe:
        return  # garbage collected: the pool closes it, which ends any transaction
    if not state.transaction_was_reset:
        dbapi_connection.rollback()
    driver = dbapi_connection.driver_connection
    # asyncpg tracks its own transaction block (`_top_xact`) apart from the server's status.
    if driver.is_in_transaction() or getattr(driver, "_top_xact", None) is not None:
        log.warning(
            "connection_returned_in_transaction",
            backend_pid=driver.get_server_pid(),
            action="rolled back",
        )
        # asyncpg's reset rolls back, forgets the transaction block, and resets the session.
        await_(driver.reset())
