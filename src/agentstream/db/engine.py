"""Async engine and session factory, chosen by URL (SQLite embedded, PostgreSQL in production)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from agentstream.db.inline_sqlite import connector
from agentstream.db.postgres import create_postgres_engine
from agentstream.db.urls import service_database_url
from agentstream.settings import Settings


def create_engine(
    url: str,
    *,
    sqlite_lock_timeout_s: float = 30.0,
    lock_timeout_s: float = 10.0,
    idle_in_transaction_timeout_s: float = 60.0,
    pool_size: int = 5,
    max_overflow: int = 10,
) -> AsyncEngine:
    """An async engine for `url` (`postgresql://` or `sqlite://`: the async driver is chosen).

    SQLite runs in place (see `inline_sqlite`) with WAL and foreign keys; a write that finds
    the database locked gives up after `sqlite_lock_timeout_s`. PostgreSQL sessions are bounded
    by `lock_timeout_s` and `idle_in_transaction_timeout_s`, and pooled `pool_size` plus at most
    `max_overflow` connections (see `create_postgres_engine`).
    """
    url = service_database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_postgres_engine(
            url,
            lock_timeout_s=lock_timeout_s,
            idle_in_transaction_timeout_s=idle_in_transaction_timeout_s,
            pool_size=pool_size,
            max_overflow=max_overflow,
        )
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    args, kwargs = parsed.get_dialect()().create_connect_args(parsed)
    engine = create_async_engine(
        url, async_creator=connector(args, kwargs, timeout=sqlite_lock_timeout_s)
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _sqlite_pragmas(dbapi_conn: Any, _: ConnectionPoolEntry) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def create_service_engine(settings: Settings) -> AsyncEngine:
    """The engine of the service database the settings name, with their bounds."""
    return create_engine(
        settings.resolved_database_url,
        lock_timeout_s=settings.database_lock_timeout_s,
        idle_in_transaction_timeout_s=settings.database_idle_in_transaction_timeout_s,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
    )


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def unit_of_work(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session that is closed on exit if it still holds anything.

    `async with factory()` closes the session in a task of its own, so that a cancellation
    cannot abandon the close halfway (~35 µs of CPU), even when there is nothing left to
    close: a commit or rollback has already returned the connection to the pool, and the hot
    paths load no objects into the session. Then the close is skipped.
    """
    session = factory()
    try:
        yield session
    finally:
        if session.in_transaction() or session.identity_map:
            async with session:  # closes it, even if the caller is being cancelled
                pass


async def session_scope(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One session per unit of work: commit on success, roll back on error."""
    async with unit_of_work(factory) as session:
        try:
            yield session
            if session.in_transaction():  # not when the work committed itself
                await session.commit()
        except BaseException:
            await session.rollback()
            raise
