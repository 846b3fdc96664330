"""Stream tokens: signed, expiring, scoped grants (the HTTP rules are in tests/web)."""

import uuid
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from agentstream.app import create_app
from agentstream.settings import Settings
from agentstream.tenancy.stream_tokens import (
    InvalidStreamToken,
    MissingSecretKey,
    StreamScope,
    StreamTokenSigner,
)

TENANT = uuid.uuid4()
KEY = uuid.uuid4()


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_token_carries_its_grant() -> None:
    signer = StreamTokenSigner("secret", 60)
    token, grant = signer.mint(TENANT, KEY, StreamScope("run", "r1"))
    verified = signer.verify(token)
    assert verified == grant
    assert verified.allows(StreamScope("run", "r1"))
    assert not verified.allows(StreamScope("run", "r2"))
    assert not verified.allows(StreamScope("panel", "r1"))


def test_tenant_wide_token_allows_any_stream() -> None:
    signer = StreamTokenSigner("secret", 60)
    grant = signer.verify(signer.mint(TENANT, None, None)[0])
    assert grant.key_id is None and grant.allows(StreamScope("panel", "p"))


def test_token_expires_after_its_ttl() -> None:
    clock = Clock()
    signer = StreamTokenSigner("secret", 60, clock=clock)
    token, _ = signer.mint(TENANT, KEY, None)
    clock.now += 59.9
    signer.verify(token)
    clock.now += 0.2
    with pytest.raises(InvalidStreamToken, match="expired"):
        signer.verify(token)


@pytest.mark.parametrize("token", ["", "garbage", "a.b", "eyJ0IjoxfQ.x"])
def test_malformed_tokens_are_invalid(token: str) -> None:
    with pytest.raises(InvalidStreamToken):
        StreamTokenSigner("secret", 60).verify(token)


def test_another_secret_does_not_verify() -> None:
    token, _ = StreamTokenSigner("one worker", 60).mint(TENANT, KEY, None)
    with pytest.raises(InvalidStreamToken):
        StreamTokenSigner("another", 60).verify(token)
    assert StreamTokenSigner("one worker", 60).verify(token).tenant_id == TENANT


def test_secret_key_is_required_outside_dev_mode(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    with pytest.raises(MissingSecretKey, match="AGENTSTREAM_SECRET_KEY"):
        create_app(settings)
    create_app(settings.model_copy(update={"secret_key": SecretStr("s3cret")}))
    create_app(settings.model_copy(update={"dev_mode": True}))


async def test_tenant_endpoint_names_the_callers_tenant(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/tenant")
    assert response.status_code == 200
    assert response.json() == {
        "id": "11111111-1111-1111-1111-111111111111",
        "name": "Demo Field Services",
    }


async def test_stream_token_names_one_stream_at_most(client: httpx.AsyncClient) -> None:
    both = await client.post(
        "/api/stream-tokens", json={"run_id": str(uuid.uuid4()), "panel_id": "p"}
    )
    assert both.status_code == 422
    minted = await client.post("/api/stream-tokens", json={})
    assert minted.status_code == 201
    assert minted.json()["panel_id"] is None and minted.json()["expires_in"] == 60
