"""Tenant use cases: create a tenant with its first key, authenticate a key."""

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.db.base import new_id
from agentstream.tenancy.keys import generate_key, hash_key
from agentstream.tenancy.models import ApiKey, Tenant
from agentstream.tenancy.repository import TenantRepository


@dataclass(frozen=True)
class TenantCredentials:
    """A new tenant and its API key in clear (shown once, never stored)."""

    tenant: Tenant
    api_key: str


async def create_tenant(
    session: AsyncSession,
    name: str,
    *,
    tenant_id: uuid.UUID | None = None,
    data_source_url: str | None = None,
    demo_content: bool = False,
    key_name: str = "default",
) -> TenantCredentials:
    """Create a tenant and its first API key."""
    repository = TenantRepository(session)
    tenant = await repository.add(
        Tenant(
            id=tenant_id or new_id(),
            name=name,
            data_source_url=data_source_url,
            demo_content=demo_content,
        )
    )
    key = generate_key()
    await repository.add_key(
        ApiKey(tenant_id=tenant.id, name=key_name, prefix=key.prefix, key_hash=key.digest)
    )
    return TenantCredentials(tenant=tenant, api_key=key.secret)


async def change_data_source(
    session: AsyncSession, tenant_id: uuid.UUID, data_source_url: str | None
) -> bool:
    """Point the tenant's SQL tool at another database (None: none); False if no such tenant.

    The URL is expected checked already (see `agents.sql.roles.vet_data_source`).
    """
    return await TenantRepository(session).set_data_source(tenant_id, data_source_url)


async def authenticate(session: AsyncSession, api_key: str) -> Tenant | None:
    """The tenant of a valid, non-revoked key."""
    return await TenantRepository(session).tenant_for_key_hash(hash_key(api_key))
