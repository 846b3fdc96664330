"""Tenant use cases: create a tenant with its first key, add, list and revoke keys,
authenticate a key."""

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.db.base import new_id, utcnow
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
    _, secret = await _new_key(repository, tenant.id, key_name)
    return TenantCredentials(tenant=tenant, api_key=secret)


async def _new_key(
    repository: TenantRepository, tenant_id: uuid.UUID, name: str
) -> tuple[ApiKey, str]:
    key = generate_key()
    stored = await repository.add_key(
        ApiKey(tenant_id=tenant_id, name=name, prefix=key.prefix, key_hash=key.digest)
    )
    return stored, key.secret


async def add_key(
    session: AsyncSession, tenant_id: uuid.UUID, name: str
) -> tuple[ApiKey, str] | None:
    """A new key of the tenant and its secret (shown once, only its digest is stored); None if
    there is no such tenant."""
    repository = TenantRepository(session)
    if await repository.get(tenant_id) is None:
        return None
    return await _new_key(repository, tenant_id, name)


async def list_keys(session: AsyncSession, tenant_id: uuid.UUID) -> list[ApiKey] | None:
    """The tenant's keys, revoked ones included; None if there is no such tenant."""
    repository = TenantRepository(session)
    if await repository.get(tenant_id) is None:
        return None
    return await repository.keys_of(tenant_id)


async def revoke_key(session: AsyncSession, key_id: uuid.UUID) -> ApiKey | None:
    """Revoke a key: requests with it are refused at once, and so are the stream tokens it
    minted, when they next open a stream. None if there is no such key."""
    return await TenantRepository(session).revoke_key(key_id, utcnow())


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
