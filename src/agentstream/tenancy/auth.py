"""Who is calling: the tenant behind the bearer key, checked against `X-Tenant-ID`.

Rules (DESIGN.md, seed 004), in this order: authentication comes first, so outside development
mode a request without a valid key is 401 whatever `X-Tenant-ID` says. A key authenticates one
tenant; `X-Tenant-ID`, when sent, must be a UUID ("Invalid X-Tenant-ID format") naming that same
tenant (403 otherwise). In development mode a request without a key acts as the demo tenant and
only as it: naming another tenant without its key is 401.

`current_tenant` is the one place that decides who a request acts as.
"""

import uuid
from typing import Annotated

from fastapi import Depends, Header, Query, Request

from agentstream.api.deps import SessionDep
from agentstream.api.text import reject_unstorable_text
from agentstream.errors import AppError, BadRequest, Unauthorized
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


def _claimed_tenant(request: Request, value: str | None) -> uuid.UUID | None:
    """The tenant the `X-Tenant-ID` header names (None without one)."""
    if len(request.headers.getlist("x-tenant-id")) > 1:
        # As for Authorization: proxies and frameworks disagree on which of several wins.
        raise BadRequest("Send one X-Tenant-ID header, not several")
    return _parse_tenant_header(value)


TenantHeader = Annotated[
    str | None,
    Header(
        alias="X-Tenant-ID",
        description="Tenant UUID; must match the key's tenant (in development mode without a "
        "key: absent or the demo tenant's).",
        json_schema_extra={"format": "uuid"},
    ),
]


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


def _bearer_token(request: Request) -> str | None:
    values = request.headers.getlist("authorization")
    if len(values) > 1:
        # Proxies and frameworks disagree on which of several wins: refuse to guess.
        raise BadRequest("Send one Authorization header, not several")
    return bearer_token(values[0] if values else None)


async def current_tenant(
    request: Request,
    session: SessionDep,
    x_tenant_id: TenantHeader = None,
) -> Tenant:
    """The authenticated tenant of this request, once its input is known to be storable."""
    tenant = await _authenticate(request, session, x_tenant_id)
    # After authentication, so that a stranger learns nothing about what it sent.
    await reject_unstorable_text(request)
    return tenant


async def _authenticate(request: Request, session: SessionDep, x_tenant_id: str | None) -> Tenant:
    token = _bearer_token(request)
    if token is not None:
        tenant = await authenticate(session, token)
        if tenant is None:
            raise Unauthorized()
        claimed = _claimed_tenant(request, x_tenant_id)
        if claimed is not None and claimed != tenant.id:
            raise TenantMismatch("X-Tenant-ID does not match the API key's tenant")
        return tenant
    if not request.app.state.settings.dev_mode:
        raise Unauthorized()
    claimed = _claimed_tenant(request, x_tenant_id)
    if claimed not in (None, DEMO_TENANT_ID):
        raise Unauthorized("Only the demo tenant is served without an API key")
    tenant = await TenantRepository(session).get(DEMO_TENANT_ID)
    if tenant is None:
        raise Unauthorized("No demo tenant: send an API key")
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
    x_tenant_id: TenantHeader = None,
) -> Tenant:
    """The tenant of a stream request: a `?token=` when present, else as `current_tenant`."""
    if token is None:
        return await current_tenant(request, session, x_tenant_id)
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
