"""`agentstream tenants`: create a tenant (its API key printed once), list them, change the
database a tenant's SQL tool reads; `tenants keys` manages their keys."""

import asyncio
import uuid
from typing import Annotated

import typer
from pydantic import BaseModel, Field, StringConstraints, ValidationError, field_validator

from agentstream.agents.sql.roles import UnsafeRoleError, vet_data_source
from agentstream.cli.database import command_session
from agentstream.cli.errors import bad_parameter
from agentstream.cli.keys import keys
from agentstream.db.urls import data_source_url
from agentstream.tenancy.repository import TenantRepository
from agentstream.tenancy.service import change_data_source, create_tenant

tenants = typer.Typer(help="Create and list tenants, manage their keys.", no_args_is_help=True)
tenants.add_typer(keys, name="keys")


class _NewTenant(BaseModel):
    """What `tenants create` accepts (the columns hold 200 and 1000 characters)."""

    name: Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$"
        ),
    ]
    data_url: str | None = Field(default=None, max_length=1000)

    @field_validator("data_url")
    @classmethod
    def _readable_backend(cls, value: str | None) -> str | None:
        # The backends the SQL tool opens: refused here, not at chat time.
        return None if value is None else data_source_url(value)


_TENANT_PARAMETERS = {"name": "NAME", "data_url": "--data-url"}


_ALLOW_UNSAFE_ROLE = typer.Option(
    "--allow-unsafe-role",
    help="Accept a PostgreSQL data source whose role could write, read server files or run "
    "programs (refused otherwise).",
)


def _vet_data_url(url: str, allow_unsafe_role: bool, ctx: typer.Context, hint: str) -> None:
    """Refuse (exit 2) a data source whose role is unsafe; print the warnings about it."""
    try:
        warnings = asyncio.run(vet_data_source(url, allow_unsafe_role=allow_unsafe_role))
    except UnsafeRoleError as error:
        raise typer.BadParameter(str(error), ctx=ctx, param_hint=hint) from None
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)


async def _create_tenant(name: str, demo_content: bool, data_url: str | None) -> tuple[str, str]:
    async with command_session() as session:
        created = await create_tenant(
            session, name, data_source_url=data_url, demo_content=demo_content
        )
        return str(created.tenant.id), created.api_key


@tenants.command("create")
def tenants_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Display name of the tenant.")],
    demo_content: Annotated[
        bool, typer.Option(help="Give it the demo company's data and policies.")
    ] = False,
    data_url: Annotated[
        str | None,
        typer.Option(help=("Its read-only business database: sqlite:///path or postgresql://...")),
    ] = None,
    allow_unsafe_role: Annotated[bool, _ALLOW_UNSAFE_ROLE] = False,
) -> None:
    """Create a tenant and print its API key (shown once; only a hash is stored)."""
    try:
        tenant = _NewTenant(name=name, data_url=data_url)
    except ValidationError as error:
        raise bad_parameter(error, _TENANT_PARAMETERS, ctx) from None
    if tenant.data_url is not None:
        _vet_data_url(tenant.data_url, allow_unsafe_role, ctx, "'--data-url'")
    tenant_id, key = asyncio.run(_create_tenant(tenant.name, demo_content, tenant.data_url))
    typer.echo(f"tenant_id: {tenant_id}\napi_key:   {key}")


async def _set_data_url(tenant_id: uuid.UUID, data_url: str | None) -> bool:
    async with command_session() as session:
        return await change_data_source(session, tenant_id, data_url)


@tenants.command("set-data-url")
def tenants_set_data_url(
    ctx: typer.Context,
    tenant_id: Annotated[uuid.UUID, typer.Argument(help="The tenant's id.")],
    data_url: Annotated[
        str | None,
        typer.Argument(
            metavar="[DATA_URL]", help="Its new business database; leave out to remove it."
        ),
    ] = None,
    allow_unsafe_role: Annotated[bool, _ALLOW_UNSAFE_ROLE] = False,
) -> None:
    """Point a tenant's SQL tool at another database (checked as `create --data-url` is)."""
    try:
        url = _NewTenant(name="unchanged", data_url=data_url).data_url
    except ValidationError as error:
        raise bad_parameter(error, {"data_url": "DATA_URL"}, ctx) from None
    if url is not None:
        _vet_data_url(url, allow_unsafe_role, ctx, "'DATA_URL'")
    if not asyncio.run(_set_data_url(tenant_id, url)):
        typer.echo(f"error: no tenant {tenant_id}", err=True)
        raise typer.Exit(1)
    typer.echo(f"tenant {tenant_id}: data source {'set' if url else 'removed'}")


async def _list_tenants() -> list[tuple[str, str]]:
    async with command_session() as session:
        return [(str(t.id), t.name) for t in await TenantRepository(session).list_all()]


@tenants.command("list")
def tenants_list() -> None:
    """List tenants."""
    for tenant_id, name in asyncio.run(_list_tenants()):
        typer.echo(f"{tenant_id}  {name}")
