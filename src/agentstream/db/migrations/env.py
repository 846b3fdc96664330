"""Alembic environment: runs migrations over the service's async engine."""

import asyncio

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from agentstream.db.engine import create_engine
from agentstream.db.models import Base

config = context.config
target_metadata = Base.metadata
# Workers that start together each migrate: on PostgreSQL the first one takes this lock for its
# transaction, the others wait for it, then find the database up to date.
MIGRATION_LOCK_KEY = 0x6167656E7473  # "agents"


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})"))
        # Read under the lock, so a worker that waited for another's migration reports that it
        # found the database current, not the revision it saw before waiting.
        config.attributes["revision_before"] = context.get_context().get_current_revision()
        context.run_migrations()
        config.attributes["revision_after"] = context.get_context().get_current_revision()


async def _run_online() -> None:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    async with engine.connect() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
