"""Who is calling: the tenant behind the bearer key, checked against `X-Tenant-ID`.

Rules (DESIGN.md, seed 004): a key authenticates one tenant; `X-Tenant-ID`, when sent, must be a
UUID ("Invalid X-Tenant-ID format") naming that same tenant. In development mode a request
without a key acts as the demo tenant, or as the tenant its `X-Tenant-ID` names.
"""

import uuid
from typing import Annotated

from fastapi import Depends, Header, Query, Request

from agentstream.api.deps import SessionDep
from agentstream.api.errors import AppError, BadRequest, Unauthorized
from agentstream.settings import DEMO_TENANT_ID
from agentstream.tenancy.models import Tenant
from agentstream.tenancy.repository import TenantRepository
from agentstream.tenancy.service import authenticate
from agentstream.tenancy.stream_tokens import (
    StreamOutOfScope,
    StreamScope,
    StreamTokenError,
    StreamTokenSigner,
    normalise_stream_id,
    tenant_of_grant,
)


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


class StreamTokenScope(AppError):
    """A stream token that does not cover the stream it tries to open."""

    status_code = 403
    code = "stream_token_scope"


def bearer_token(authorization: str | None) -> str | None:
    """The API key of an `Authorization: Bearer <key>` header (None without the header)."""
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
    token = bearer_token(authorization)
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


def _stream_of(request: Request) -> StreamScope:
    """The stream a request opens, from its path: a chat run or a panel."""
    params = request.path_params
    if "run_id" in params:
        return StreamScope("run", normalise_stream_id(str(params["run_id"])))
    return StreamScope("panel", normalise_stream_id(str(params["panel_id"])))


async def stream_tenant(
    request: Request,
    session: SessionDep,
    token: Annotated[
        str | None,
        Query(
            description="A stream token from `POST /api/stream-tokens`, for clients that cannot "
            "send `Authorization` (a browser's EventSource)."
        ),
    ] = None,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
    x_tenant_id: Annotated[
        str | None, Header(alias="X-Tenant-ID", description="Tenant UUID; must match the key.")
    ] = None,
) -> Tenant:
    """The tenant of a stream request: a `?token=` when present, else as `current_tenant`."""
    if token is None:
        return await current_tenant(request, session, authorization, x_tenant_id)
    signer: StreamTokenSigner = request.app.state.stream_tokens
    try:
        grant = signer.verify(token)
        if not grant.allows(_stream_of(request)):
            raise StreamOutOfScope("Stream token does not cover this stream")
        return await tenant_of_grant(session, grant, dev_mode=request.app.state.settings.dev_mode)
    except StreamOutOfScope as refused:
        raise StreamTokenScope(str(refused)) from None
    except StreamTokenError as refused:
        raise Unauthorized(str(refused)) from None


StreamTenantDep = Annotated[Tenant, Depends(stream_tenant)]
