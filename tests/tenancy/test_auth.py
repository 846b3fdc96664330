"""Authentication and tenant isolation: keys, X-Tenant-ID rules, development mode."""

import uuid

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from agentstream.settings import DEMO_TENANT_ID, Settings
from agentstream.tenancy.keys import hash_key
from agentstream.tenancy.models import ApiKey
from agentstream.tenancy.service import TenantCredentials, create_tenant


async def _tenant(app: FastAPI, name: str, **kwargs: object) -> TenantCredentials:
    async with app.state.sessions() as session, session.begin():
        return await create_tenant(session, name, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def settings(settings: Settings, database_url: str) -> Settings:
    """Production mode (no anonymous access), on SQLite and on PostgreSQL."""
    return settings.model_copy(update={"dev_mode": False, "database_url": database_url})


async def test_api_requires_a_key_outside_development_mode(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/conversations")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"


async def test_health_needs_no_key(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health")).status_code == 200


async def test_valid_key_authenticates_its_tenant(app: FastAPI, client: httpx.AsyncClient) -> None:
    creds = await _tenant(app, "acme")
    response = await client.get(
        "/api/conversations", headers={"Authorization": f"Bearer {creds.api_key}"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "header", ["Bearer wrong", "Bearer ", "Basic abc", "Bearer as_" + "x" * 43]
)
async def test_invalid_credentials_are_rejected(client: httpx.AsyncClient, header: str) -> None:
    response = await client.get("/api/conversations", headers={"Authorization": header})
    assert response.status_code == 401


async def test_keys_are_stored_only_as_digests(app: FastAPI) -> None:
    creds = await _tenant(app, "acme")
    async with app.state.sessions() as session:
        stored = (await session.execute(select(ApiKey))).scalars().all()
    assert all(creds.api_key not in (k.key_hash, k.prefix) for k in stored)
    assert hash_key(creds.api_key) in {k.key_hash for k in stored}


async def test_revoked_key_is_rejected(app: FastAPI, client: httpx.AsyncClient) -> None:
    from agentstream.db.base import utcnow

    creds = await _tenant(app, "acme")
    async with app.state.sessions() as session, session.begin():
        key = (
            await session.execute(select(ApiKey).where(ApiKey.key_hash == hash_key(creds.api_key)))
        ).scalar_one()
        key.revoked_at = utcnow()
    response = await client.get(
        "/api/conversations", headers={"Authorization": f"Bearer {creds.api_key}"}
    )
    assert response.status_code == 401


async def test_tenant_header_must_match_the_key(app: FastAPI, client: httpx.AsyncClient) -> None:
    creds = await _tenant(app, "acme")
    auth = {"Authorization": f"Bearer {creds.api_key}"}
    same = await client.get(
        "/api/conversations", headers={**auth, "X-Tenant-ID": str(creds.tenant.id)}
    )
    other = await client.get(
        "/api/conversations", headers={**auth, "X-Tenant-ID": str(uuid.uuid4())}
    )
    assert same.status_code == 200
    assert other.status_code == 403


MALFORMED_TENANT_HEADERS = [
    ("not-a-uuid", "Invalid X-Tenant-ID format"),
    ("1111", "Invalid X-Tenant-ID format"),
    (" ", "X-Tenant-ID header required"),
]


@pytest.mark.parametrize(("value", "message"), MALFORMED_TENANT_HEADERS)
async def test_without_a_key_any_tenant_header_is_401(
    client: httpx.AsyncClient, value: str, message: str
) -> None:
    # Authentication comes first: nothing about the tenant header is said to a stranger.
    response = await client.get("/api/conversations", headers={"X-Tenant-ID": value})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize(("value", "message"), MALFORMED_TENANT_HEADERS)
async def test_with_a_key_a_malformed_tenant_header_is_400_with_the_seed_message(
    app: FastAPI, client: httpx.AsyncClient, value: str, message: str
) -> None:
    creds = await _tenant(app, "acme")
    response = await client.get(
        "/api/conversations",
        headers={"Authorization": f"Bearer {creds.api_key}", "X-Tenant-ID": value},
    )
    assert response.status_code == 400
    assert response.json()["detail"] == message


async def test_an_invalid_key_is_401_whatever_the_tenant_header(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    creds = await _tenant(app, "acme")
    response = await client.get(
        "/api/conversations",
        headers={"Authorization": "Bearer wrong", "X-Tenant-ID": str(creds.tenant.id)},
    )
    assert response.status_code == 401


async def test_several_authorization_headers_are_400(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    creds = await _tenant(app, "acme")
    valid = f"Bearer {creds.api_key}"
    for pair in ([valid, "Bearer wrong"], ["Bearer wrong", valid], [valid, valid]):
        response = await client.get(
            "/api/conversations", headers=[("Authorization", value) for value in pair]
        )
        assert response.status_code == 400, pair
        assert response.json()["detail"] == "Send one Authorization header, not several"


async def test_several_tenant_headers_are_400(app: FastAPI, client: httpx.AsyncClient) -> None:
    creds = await _tenant(app, "acme")
    mine = str(creds.tenant.id)
    for pair in ([mine, str(DEMO_TENANT_ID)], [str(DEMO_TENANT_ID), mine], [mine, mine]):
        headers = [("Authorization", f"Bearer {creds.api_key}")]
        response = await client.get(
            "/api/conversations", headers=headers + [("X-Tenant-ID", value) for value in pair]
        )
        assert response.status_code == 400, pair
        assert response.json()["detail"] == "Send one X-Tenant-ID header, not several"


class TestDevelopmentMode:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"dev_mode": True})

    async def test_several_tenant_headers_are_400_without_a_key_too(
        self, client: httpx.AsyncClient
    ) -> None:
        demo = str(DEMO_TENANT_ID)
        response = await client.get("/api/conversations", headers=[("X-Tenant-ID", demo)] * 2)
        assert response.status_code == 400

    async def test_anonymous_request_acts_as_demo_tenant(self, client: httpx.AsyncClient) -> None:
        assert (await client.get("/api/conversations")).status_code == 200

    async def test_demo_tenant_header_is_accepted(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            "/api/conversations", headers={"X-Tenant-ID": str(DEMO_TENANT_ID)}
        )
        assert response.status_code == 200

    async def test_unknown_tenant_header_is_rejected(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            "/api/conversations", headers={"X-Tenant-ID": str(uuid.uuid4())}
        )
        assert response.status_code == 401

    async def test_anonymous_request_cannot_act_as_another_tenant(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        creds = await _tenant(app, "acme")
        keyed = {"Authorization": f"Bearer {creds.api_key}"}
        stored = await client.post(
            "/api/documents", json={"title": "Secret", "content": "acme's secret"}, headers=keyed
        )
        assert stored.status_code == 201
        other = {"X-Tenant-ID": str(creds.tenant.id)}
        listing = await client.get("/api/documents", headers=other)
        reading = await client.get(f"/api/documents/{stored.json()['id']}", headers=other)
        assert (listing.status_code, reading.status_code) == (401, 401)
        assert "secret" not in listing.text + reading.text
        assert listing.json()["detail"] == "Only the demo tenant is served without an API key"

    @pytest.mark.parametrize(("value", "message"), MALFORMED_TENANT_HEADERS)
    async def test_malformed_tenant_header_is_400_with_the_seed_message(
        self, client: httpx.AsyncClient, value: str, message: str
    ) -> None:
        response = await client.get("/api/conversations", headers={"X-Tenant-ID": value})
        assert response.status_code == 400
        assert response.json()["detail"] == message

    async def test_a_wrong_key_is_still_rejected(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/conversations", headers={"Authorization": "Bearer nope"})
        assert response.status_code == 401
