"""SQL of tenants and API keys."""

import uuid
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.db.rows import select_row, table_of
from agentstream.tenancy.models import ApiKey, Tenant

_TENANTS = table_of(Tenant)
_KEYS = table_of(ApiKey)
# Read on every request (Core, see agentstream.db.rows).
_BY_ID = select(_TENANTS).where(_TENANTS.c.id == bindparam("tenant_id"))
_BY_KEY_HASH = (
    select(_TENANTS)
    .join(_KEYS, _KEYS.c.tenant_id == _TENANTS.c.id)
    .where(_KEYS.c.key_hash == bindparam("digest"), _KEYS.c.revoked_at.is_(None))
)
_BY_ACTIVE_KEY_ID = (
    select(_TENANTS)
    .join(_KEYS, _KEYS.c.tenant_id == _TENANTS.c.id)
    .where(_KEYS.c.id == bindparam("key_id"), _KEYS.c.revoked_at.is_(None))
)


class TenantRepository:
    """Persistence of tenants and their keys."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, tenant_id: uuid.UUID) -> Tenant | None:
        """A tenant by id."""
        return await select_row(self.session, Tenant, _BY_ID, tenant_id=tenant_id)

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

    async def set_data_source(self, tenant_id: uuid.UUID, url: str | None) -> bool:
        """Change a tenant's data source URL; False if there is no such tenant."""
        statement = (
            update(Tenant)
            .where(Tenant.id == tenant_id)
            .values(data_source_url=url)
            .returning(Tenant.id)
        )
        return (await self.session.execute(statement)).scalar_one_or_none() is not None

    async def tenant_for_key_hash(self, digest: str) -> Tenant | None:
        """The tenant owning a non-revoked key with this digest."""
        return await select_row(self.session, Tenant, _BY_KEY_HASH, digest=digest)

    async def tenant_for_active_key(self, key_id: uuid.UUID) -> Tenant | None:
        """The tenant owning the key with this id, unless the key is revoked."""
        return await select_row(self.session, Tenant, _BY_ACTIVE_KEY_ID, key_id=key_id)

    async def active_key_id(self, digest: str) -> uuid.UUID | None:
        """The id of the non-revoked key with this digest."""
        statement = select(ApiKey.id).where(ApiKey.key_hash == digest, ApiKey.revoked_at.is_(None))
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def list_all(self) -> list[Tenant]:
        """Every tenant, oldest first."""
        statement = select(Tenant).order_by(Tenant.created_at)
        return list((await self.session.execute(statement)).scalars())

    async def keys_of(self, tenant_id: uuid.UUID) -> list[ApiKey]:
        """The tenant's keys, revoked ones included, oldest first."""
        statement = select(ApiKey).where(ApiKey.tenant_id == tenant_id).order_by(ApiKey.created_at)
        return list((await self.session.execute(statement)).scalars())

    async def revoke_key(self, key_id: uuid.UUID, now: datetime) -> ApiKey | None:
        """Mark the key revoked (once: an already revoked key keeps its time); None if unknown."""
        await self.session.execute(
            update(ApiKey)
            .where(ApiKey.id == key_id, ApiKey.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return await self.session.get(ApiKey, key_id, populate_existing=True)
