"""Migrations run on SQLite and PostgreSQL, reverse cleanly, and match the ORM models."""

import asyncio

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

from agentstream.db.engine import create_engine
from agentstream.db.migrate import alembic_config, upgrade
from agentstream.db.models import Base


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def _schema_differences(database_url: str) -> list[object]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_differences)
    finally:
        await engine.dispose()


async def test_migrated_schema_matches_the_models(database_url: str) -> None:
    await upgrade(database_url)
    assert await _schema_differences(database_url) == []


async def test_migrations_downgrade_to_base_and_upgrade_again(database_url: str) -> None:
    await upgrade(database_url)
    await asyncio.to_thread(command.downgrade, alembic_config(database_url), "base")
    await upgrade(database_url)
    assert await _schema_differences(database_url) == []
