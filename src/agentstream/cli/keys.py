"""`agentstream tenants keys`: give a tenant another API key, list its keys, revoke one.

A key's secret is printed once, when it is created; only its digest is stored. Revoking a key
refuses its requests at once, and the stream tokens it minted when they next open a stream."""

import asyncio
import uuid
from typing import Annotated

import typer

from agentstream.cli.database import command_session
from agentstream.tenancy.models import ApiKey
from agentstream.tenancy.service import add_key, list_keys, revoke_key

keys = typer.Typer(help="Create, list and revoke a tenant's API keys.", no_args_is_help=True)

_TENANT_ID = typer.Argument(help="The tenant's id.")


async def _add(tenant_id: uuid.UUID, name: str) -> tuple[ApiKey, str] | None:
    async with command_session() as session:
        return await add_key(session, tenant_id, name)


@keys.command("create")
def keys_create(
    tenant_id: Annotated[uuid.UUID, _TENANT_ID],
    name: Annotated[str, typer.Option(help="What the key is for (shown in listings).")] = "cli",
) -> None:
    """Give the tenant a new API key and print it (shown once; only a hash is stored)."""
    created = asyncio.run(_add(tenant_id, name.strip()[:200] or "cli"))
    if created is None:
        typer.echo(f"error: no tenant {tenant_id}", err=True)
        raise typer.Exit(1)
    key, secret = created
    typer.echo(f"key_id:  {key.id}\napi_key: {secret}")


async def _list(tenant_id: uuid.UUID) -> list[ApiKey] | None:
    async with command_session() as session:
        return await list_keys(session, tenant_id)


@keys.command("list")
def keys_list(tenant_id: Annotated[uuid.UUID, _TENANT_ID]) -> None:
    """List the tenant's keys: id, prefix, name, and when it was revoked (never the secret)."""
    listed = asyncio.run(_list(tenant_id))
    if listed is None:
        typer.echo(f"error: no tenant {tenant_id}", err=True)
        raise typer.Exit(1)
    for key in listed:
        state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M:%S}" if key.revoked_at else "active"
        typer.echo(f"{key.id}  {key.prefix}…  {key.name}  {state}")


async def _revoke(key_id: uuid.UUID) -> ApiKey | None:
    async with command_session() as session:
        return await revoke_key(session, key_id)


@keys.command("revoke")
def keys_revoke(key_id: Annotated[uuid.UUID, typer.Argument(help="The key's id.")]) -> None:
    """Revoke a key: its requests and the stream tokens it minted are refused from now on."""
    revoked = asyncio.run(_revoke(key_id))
    if revoked is None:
        typer.echo(f"error: no key {key_id}", err=True)
        raise typer.Exit(1)
    typer.echo(f"key {key_id} revoked")
