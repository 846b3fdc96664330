"""Async engine and session factory, chosen by URL (SQLite embedded, PostgreSQL in production)."""

from collections.abc import AsyncIterator
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


def create_engine(url: str, *, sqlite_lock_timeout_s: float = 30.0) -> AsyncEngine:
    """An async engine; SQLite runs in place (see `inline_sqlite`) with WAL and foreign keys.

    A SQLite write that finds the database locked gives up after `sqlite_lock_timeout_s`.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=True)
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


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


async def session_scope(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One session per unit of work: commit on success, roll back on error."""
    async with factory() as session:
        try:
            yield session
            if session.in_transaction():  # not when the work committed itself
                await session.commit()
        except BaseException:
            await session.rollback()
            raise
