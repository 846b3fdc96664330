"""Creates the demo tenant and its field-service database on first start."""

import asyncio
from contextlib import suppress

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agentstream.demo.fieldservice.generator import ensure_sqlite_database
from agentstream.settings import DEMO_TENANT_ID, Settings
from agentstream.tenancy.models import Tenant
from agentstream.tenancy.repository import TenantRepository


async def ensure_demo(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> None:
    """Build the demo database if missing and register the demo tenant if absent."""
    await asyncio.to_thread(ensure_sqlite_database, settings.demo_database_path)
    # Workers that start together may each find the tenant absent: one of them adds it.
    with suppress(IntegrityError):
        async with sessions() as session, session.begin():
            repository = TenantRepository(session)
            if await repository.get(DEMO_TENANT_ID) is None:
                await repository.add(
                    Tenant(id=DEMO_TENANT_ID, name="Demo Field Services", demo_content=True)
                )
