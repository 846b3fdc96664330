"""Stream tokens: short-lived signed grants with which a browser's `EventSource` opens a stream.

`EventSource` cannot send `Authorization`, so a client holding an API key mints a token
(`POST /api/stream-tokens`) and passes it as `?token=`. The token names its tenant, the key that
minted it (revoking the key ends its tokens) and, optionally, the one stream it may open. It is
checked when a stream opens, never per event, and signed with `AGENTSTREAM_SECRET_KEY`, so a
token minted on one worker verifies on any other.
"""

import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.ext.asyncio import AsyncSession

from agentstream.settings import RANDOM_KEY_COMMAND, Settings
from agentstream.tenancy.models import Tenant
from agentstream.tenancy.repository import TenantRepository

StreamKind = Literal["run", "panel"]
# Keeps these signatures apart from anything else the same secret may ever sign.
_SALT = "agentstream.stream-token.v1"


class StreamTokenError(Exception):
    """Base of the reasons a stream token is refused."""


class InvalidStreamToken(StreamTokenError):
    """Forged, malformed, expired, or minted by a key that is no longer valid."""


class StreamOutOfScope(StreamTokenError):
    """A valid token for another stream."""


class MissingSecretKey(ValueError):
    """Outside development mode the signing secret must be configured."""


@dataclass(frozen=True)
class StreamScope:
    """The stream a token opens: a chat run or a panel."""

    kind: StreamKind
    id: str


@dataclass(frozen=True)
class StreamGrant:
    """What a verified token allows: the streams of one tenant, or one of them."""

    tenant_id: uuid.UUID
    key_id: uuid.UUID | None
    scope: StreamScope | None
    expires_at: float

    def allows(self, stream: StreamScope) -> bool:
        """Whether this grant may open that stream (a tenant-wide grant opens any)."""
        return self.scope is None or self.scope == stream


def normalise_stream_id(value: str) -> str:
    """Ids compare in one spelling: UUIDs lower-case and hyphenated, anything else as is."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return value


class StreamTokenSigner:
    """Mints and verifies stream tokens; the expiry is in the signed payload."""

    def __init__(
        self, secret: str, ttl_s: float, *, clock: Callable[[], float] = time.time
    ) -> None:
        self._serializer = URLSafeSerializer(secret, salt=_SALT)
        self.ttl_s = ttl_s
        self._clock = clock

    def mint(
        self, tenant_id: uuid.UUID, key_id: uuid.UUID | None, scope: StreamScope | None
    ) -> tuple[str, StreamGrant]:
        """A signed token and the grant it carries."""
        grant = StreamGrant(tenant_id, key_id, scope, self._clock() + self.ttl_s)
        payload = {
            "t": str(tenant_id),
            "k": str(key_id) if key_id else None,
            "s": [scope.kind, scope.id] if scope else None,
            "e": grant.expires_at,
        }
        return self._serializer.dumps(payload), grant

    def verify(self, token: str) -> StreamGrant:
        """The grant of a genuine, unexpired token; InvalidStreamToken otherwise."""
        try:
            payload = self._serializer.loads(token)
            scope = payload["s"]
            grant = StreamGrant(
                tenant_id=uuid.UUID(payload["t"]),
                key_id=uuid.UUID(payload["k"]) if payload["k"] else None,
                scope=StreamScope(scope[0], scope[1]) if scope else None,
                expires_at=float(payload["e"]),
            )
        except (BadSignature, KeyError, TypeError, ValueError, IndexError):
            raise InvalidStreamToken("Stream token is invalid") from None
        if grant.expires_at <= self._clock():
            raise InvalidStreamToken("Stream token has expired")
        return grant


def signer_for(settings: Settings) -> StreamTokenSigner:
    """The signer of this deployment. In development mode without a secret, a random one:
    tokens then verify only in the process that minted them, which a dev server is."""
    if settings.secret_key is not None:
        secret = settings.secret_key.get_secret_value()
    elif settings.dev_mode:
        secret = secrets.token_urlsafe(32)
    else:
        raise MissingSecretKey(
            "AGENTSTREAM_SECRET_KEY is required outside development mode: it signs the stream "
            f"tokens every worker must verify (e.g. `{RANDOM_KEY_COMMAND}`)"
        )
    return StreamTokenSigner(secret, settings.stream_token_ttl_s)


async def tenant_of_grant(session: AsyncSession, grant: StreamGrant, *, dev_mode: bool) -> Tenant:
    """The tenant a grant speaks for, if the key that minted it is still valid (a token minted
    anonymously in development mode is honoured only while the service is in it)."""
    repository = TenantRepository(session)
    if grant.key_id is not None:
        tenant = await repository.tenant_for_active_key(grant.key_id)
    else:
        tenant = await repository.get(grant.tenant_id) if dev_mode else None
    if tenant is None or tenant.id != grant.tenant_id:
        raise InvalidStreamToken("Stream token is no longer valid")
    return tenant
