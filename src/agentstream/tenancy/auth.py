"""Who is calling: the tenant behind the bearer key, checked against `X-Tenant-ID`.

Rules (DESIGN.md, seed 004): a key authenticates one tenant; `X-Tenant-ID`, when sent, must be a
UUID ("Invalid X-Tenant-ID format") naming that same tenant. In development mode a request
without a key acts as the demo tenant, or as the tenant its `X-Tenant-ID` names.
"""

import uuid
from typing import Annotated

from fastapi import Depends, Header, Request

from agentstream.api.deps import SessionDep
from agentstream.api.errors import AppError, BadRequest, Unauthorized
from agentstream.settings import DEMO_TENANT_ID
from agentstream.tenancy.models import Tenant
from agentstream.tenancy.repository import TenantRepository
from agentstream.tenancy.service import authenticate


class TenantMismatch(AppError):
    """The key and the `X-Tenant-ID` header name different tenants."""

    status_code = 403
    code = "tenant_mismatch"


def _parse_tenant_header(value: str | None) -> uuid.UUID | None:
    if value is None:
        return None
    if not value.strip():
        raise BadRequest("X-Tenant-ID header required")
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        raise BadRequest("Invalid X-Tenant-ID format") from None


def _bearer_token(authorization: str | None) -> str | None:
    if authorization is None:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Authorization header must be 'Bearer <api key>'")
    return token.strip()


async def current_tenant(
    request: Request,
    session: SessionDep,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
    x_tenant_id: Annotated[
        str | None, Header(alias="X-Tenant-ID", description="Tenant UUID; must match the key.")
    ] = None,
) -> Tenant:
    """The authenticated tenant of this request."""
    claimed = _parse_tenant_header(x_tenant_id)
    token = _bearer_token(authorization)
    if token is not None:
        tenant = await authenticate(session, token)
        if tenant is None:
            raise Unauthorized()
        if claimed is not None and claimed != tenant.id:
            raise TenantMismatch("X-Tenant-ID does not match the API key's tenant")
        return tenant
    if not request.app.state.settings.dev_mode:
        raise Unauthorized()
    tenant = await TenantRepository(session).get(claimed or DEMO_TENANT_ID)
    if tenant is None:
        raise Unauthorized("Unknown tenant")
    return tenant


TenantDep = Annotated[Tenant, Depends(current_tenant)]
