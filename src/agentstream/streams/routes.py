"""`POST /api/stream-tokens`: a token with which a browser's EventSource opens one of the caller's
streams. A run or panel that is not the caller's is answered 404, as everywhere else: a token
names only streams its tenant owns."""

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Header, Request
from pydantic import BaseModel, Field, model_validator

from agentstream.api.deps import SessionDep
from agentstream.chat.service import get_run
from agentstream.errors import NotFound
from agentstream.panels.repository import PanelRepository
from agentstream.tenancy.auth import TenantDep, bearer_token
from agentstream.tenancy.keys import hash_key
from agentstream.tenancy.models import Tenant
from agentstream.tenancy.repository import TenantRepository
from agentstream.tenancy.stream_tokens import StreamScope, StreamTokenSigner, normalise_stream_id

router = APIRouter(prefix="/api", tags=["tenant"])


class StreamTokenIn(BaseModel):
    """The stream a token will open: one chat run, one panel, or (neither) any of the tenant's."""

    run_id: uuid.UUID | None = Field(
        default=None, description="A chat run (`X-Run-ID`): `GET /api/chat/runs/{run_id}/stream`."
    )
    panel_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="A panel: `GET /api/v1/panels/{panel_id}/stream`.",
    )

    @model_validator(mode="after")
    def _one_stream(self) -> "StreamTokenIn":
        if self.run_id is not None and self.panel_id is not None:
            raise ValueError("give run_id or panel_id, not both")
        return self

    def scope(self) -> StreamScope | None:
        """The scope to sign; None for a tenant-wide token."""
        if self.run_id is not None:
            return StreamScope("run", str(self.run_id))
        if self.panel_id is not None:
            return StreamScope("panel", normalise_stream_id(self.panel_id))
        return None


class StreamTokenOut(BaseModel):
    """A signed, short-lived token: pass it as `?token=` when opening the stream."""

    token: str
    expires_at: datetime
    expires_in: float = Field(description="Seconds the token can still open a stream.")
    run_id: uuid.UUID | None = None
    panel_id: str | None = None


async def _require_own_stream(session: SessionDep, tenant: Tenant, body: StreamTokenIn) -> None:
    """404 unless the run or panel the token would name is the tenant's."""
    if body.run_id is not None:
        await get_run(session, tenant, body.run_id)
    elif body.panel_id is not None:
        try:
            panel_id = uuid.UUID(body.panel_id)
        except ValueError:
            raise NotFound("Panel not found") from None
        if await PanelRepository(session, tenant.id).get(panel_id) is None:
            raise NotFound("Panel not found")


@router.post(
    "/stream-tokens",
    status_code=201,
    response_model=StreamTokenOut,
    responses={404: {"description": "The run or panel is not the caller's (or does not exist)."}},
)
async def mint_stream_token(
    body: StreamTokenIn,
    tenant: TenantDep,
    session: SessionDep,
    request: Request,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> StreamTokenOut:
    """A token with which an EventSource opens one stream (or any of the tenant's) as
    `?token=`. It expires after `AGENTSTREAM_STREAM_TOKEN_TTL_S` and stops working when the
    key that minted it is revoked; it is checked when the stream opens. Mint a new one for
    each (re)connection."""
    await _require_own_stream(session, tenant, body)
    api_key = bearer_token(authorization)
    key_id = await TenantRepository(session).active_key_id(hash_key(api_key)) if api_key else None
    signer: StreamTokenSigner = request.app.state.stream_tokens
    token, grant = signer.mint(tenant.id, key_id, body.scope())
    return StreamTokenOut(
        token=token,
        expires_at=datetime.fromtimestamp(grant.expires_at, UTC),
        expires_in=signer.ttl_s,
        run_id=body.run_id,
        panel_id=grant.scope.id if grant.scope and grant.scope.kind == "panel" else None,
    )
