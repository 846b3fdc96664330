"""A session on the service database for one command, migrated first."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.cli.settings import load_settings
from agentstream.db.engine import create_service_engine, create_session_factory
from agentstream.db.migrate import upgrade


@asynccontextmanager
async def command_session() -> AsyncIterator[AsyncSession]:
    """A session in a transaction, committed when the command's work returns."""
    settings = load_settings()
    await upgrade(settings.resolved_database_url)
    engine = create_service_engine(settings)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            yield session
    finally:
        await engine.dispose()
