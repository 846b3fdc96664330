"""SQL of tenants and API keys."""

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.tenancy.models import ApiKey, Tenant


class TenantRepository:
    """Persistence of tenants and their keys."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, tenant_id: uuid.UUID) -> Tenant | None:
        """A tenant by id."""
        return await self.session.get(Tenant, tenant_id)

    async def add(self, tenant: Tenant) -> Tenant:
        """Insert a tenant."""
        self.session.add(tenant)
        await self.session.flush()
        return tenant

    async def add_key(self, key: ApiKey) -> ApiKey:
        """Insert an API key."""
        self.session.add(key)
        await self.session.flush()
        return key

    async def tenant_for_key_hash(self, digest: str) -> Tenant | None:
        """The tenant owning a non-revoked key with this digest."""
        statement = (
            select(Tenant)
            .join(ApiKey, ApiKey.tenant_id == Tenant.id)
            .where(ApiKey.key_hash == digest, ApiKey.revoked_at.is_(None))
        )
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def list_all(self) -> list[Tenant]:
        """Every tenant, oldest first."""
        statement = select(Tenant).order_by(Tenant.created_at)
        return list((await self.session.execute(statement)).scalars())
