"""Stream tokens over HTTP against a production-mode server: scope, expiry, forgery, revoked keys,
replay with ?last_event_id=, and tokens kept out of the logs."""

import asyncio
import json
import shlex
import subprocess
import time
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import update

from agentstream.db.base import utcnow
from agentstream.db.engine import create_engine, create_session_factory
from agentstream.settings import MIN_SECRET_KEY_CHARS, RANDOM_KEY_COMMAND, Settings
from agentstream.tenancy.keys import generate_key
from agentstream.tenancy.models import ApiKey
from agentstream.tenancy.repository import TenantRepository
from agentstream.tenancy.stream_tokens import (
    MissingSecretKey,
    StreamScope,
    StreamTokenSigner,
    signer_for,
)
from tests.web.conftest import SECRET_KEY, SecureServer


@pytest.fixture
async def client(secure_server: SecureServer) -> AsyncIterator[httpx.AsyncClient]:
    headers = {"Authorization": f"Bearer {secure_server.api_key}"}
    async with httpx.AsyncClient(base_url=secure_server.server.url, headers=headers) as http:
        yield http


async def finished_chat_run(client: httpx.AsyncClient) -> tuple[str, list[dict[str, object]]]:
    """A completed chat turn's run id and its frames (id, data)."""
    frames: list[dict[str, object]] = []
    async with client.stream(
        "POST", "/api/chat/stream", json={"message": "How many technicians are active?"}
    ) as response:
        run_id = response.headers["X-Run-ID"]
        async for frame in frames_of(response):
            frames.append(frame)
    return run_id, frames


async def frames_of(response: httpx.Response) -> AsyncIterator[dict[str, object]]:
    seq = 0
    async for line in response.aiter_lines():
        if line.startswith("id: "):
            seq = int(line[4:])
        elif line.startswith("data: "):
            yield {"id": seq, "data": json.loads(line[6:])}


async def add_key(database_url: str, tenant_id: uuid.UUID) -> tuple[uuid.UUID, str]:
    """A second API key of the tenant, written to the server's database."""
    key = generate_key()
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            added = await TenantRepository(session).add_key(
                ApiKey(tenant_id=tenant_id, name="second", prefix=key.prefix, key_hash=key.digest)
            )
            return added.id, key.secret
    finally:
        await engine.dispose()


async def revoke_key(database_url: str, key_id: uuid.UUID) -> None:
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            await session.execute(
                update(ApiKey).where(ApiKey.id == key_id).values(revoked_at=utcnow())
            )
    finally:
        await engine.dispose()


async def mint(client: httpx.AsyncClient, **scope: str) -> str:
    response = await client.post("/api/stream-tokens", json=scope)
    assert response.status_code == 201, response.text
    token: str = response.json()["token"]
    return token


async def open_stream(url: str, path: str, **params: str) -> tuple[int, str]:
    """Opens a stream as a browser's EventSource does: no headers, the token in the query."""
    async with (
        httpx.AsyncClient(base_url=url) as anonymous,
        anonymous.stream("GET", path, params=params) as response,
    ):
        return response.status_code, (await response.aread()).decode()


async def test_run_token_opens_its_run_and_replays_after_last_event_id(
    secure_server: SecureServer, client: httpx.AsyncClient
) -> None:
    run_id, frames = await finished_chat_run(client)
    token = await mint(client, run_id=run_id)
    status, body = await open_stream(
        secure_server.server.url,
        f"/api/chat/runs/{run_id}/stream",
        token=token,
        last_event_id=str(frames[1]["id"]),
    )
    assert status == 200
    replayed = [int(line[4:]) for line in body.splitlines() if line.startswith("id: ")]
    assert replayed and min(replayed) > int(str(frames[1]["id"]))
    assert '"done": true' in body


async def test_token_is_scoped_to_its_run_and_tenant(
    secure_server: SecureServer, client: httpx.AsyncClient
) -> None:
    first, _ = await finished_chat_run(client)
    second, _ = await finished_chat_run(client)
    token = await mint(client, run_id=first)
    url = secure_server.server.url
    status, body = await open_stream(url, f"/api/chat/runs/{second}/stream", token=token)
    assert status == 403 and "stream_token_scope" in body
    # A token for a panel (minting checks the panel is the tenant's; this one is signed here).
    key_id = StreamTokenSigner(SECRET_KEY, 60).verify(token).key_id
    panel, _ = StreamTokenSigner(SECRET_KEY, 60).mint(
        uuid.UUID(secure_server.tenant_id), key_id, StreamScope("panel", str(uuid.uuid4()))
    )
    assert (await open_stream(url, f"/api/chat/runs/{first}/stream", token=panel))[0] == 403
    # A tenant-wide token opens any of the tenant's streams, and only those.
    tenant_wide = await mint(client)
    assert (await open_stream(url, f"/api/chat/runs/{second}/stream", token=tenant_wide))[0] == 200
    other_tenant = StreamTokenSigner(SECRET_KEY, 60).mint(
        uuid.uuid4(), None, StreamScope("run", first)
    )[0]
    assert (await open_stream(url, f"/api/chat/runs/{first}/stream", token=other_tenant))[0] == 401


async def test_expired_forged_and_missing_tokens_are_refused(
    secure_server: SecureServer, client: httpx.AsyncClient
) -> None:
    run_id, _ = await finished_chat_run(client)
    path = f"/api/chat/runs/{run_id}/stream"
    url = secure_server.server.url
    token = await mint(client, run_id=run_id)
    key_id = StreamTokenSigner(SECRET_KEY, 30).verify(token).key_id
    an_hour_ago = StreamTokenSigner(SECRET_KEY, 30, clock=lambda: time.time() - 3600)
    expired, _ = an_hour_ago.mint(uuid.UUID(secure_server.tenant_id), key_id, None)
    status, body = await open_stream(url, path, token=expired)
    assert status == 401 and "expired" in body
    forged, _ = StreamTokenSigner("another secret", 30).mint(
        uuid.UUID(secure_server.tenant_id), key_id, None
    )
    assert (await open_stream(url, path, token=forged))[0] == 401
    assert (await open_stream(url, path, token=token[:-2] + "xx"))[0] == 401
    assert (await open_stream(url, path))[0] == 401
    # A token cannot mint tokens, nor call the rest of the API.
    refused = await httpx.AsyncClient(base_url=url).post(
        "/api/stream-tokens", params={"token": token}, json={}
    )
    assert refused.status_code == 401


async def test_revoked_key_tokens_stop_working(secure_server: SecureServer) -> None:
    url = secure_server.server.url
    database_url = f"sqlite+aiosqlite:///{secure_server.database}"
    key_id, secret = await add_key(database_url, uuid.UUID(secure_server.tenant_id))
    async with httpx.AsyncClient(
        base_url=url, headers={"Authorization": f"Bearer {secret}"}
    ) as second:
        run_id, _ = await finished_chat_run(second)
        token = await mint(second, run_id=run_id)
    path = f"/api/chat/runs/{run_id}/stream"
    assert (await open_stream(url, path, token=token))[0] == 200
    await revoke_key(database_url, key_id)
    status, body = await open_stream(url, path, token=token)
    assert status == 401 and "no longer valid" in body


async def test_tokens_never_reach_the_logs(
    secure_server: SecureServer, client: httpx.AsyncClient
) -> None:
    run_id, _ = await finished_chat_run(client)
    token = await mint(client, run_id=run_id)
    assert (
        await open_stream(secure_server.server.url, f"/api/chat/runs/{run_id}/stream", token=token)
    )[0] == 200
    # The access line is written when the stream's response ends, just after the client saw it.
    deadline = time.monotonic() + 10
    while f"/api/chat/runs/{run_id}/stream" not in (log := secure_server.server.log()):
        assert time.monotonic() < deadline, "the stream request was never logged"
        await asyncio.sleep(0.05)
    assert token not in log and token[:40] not in log
    assert secure_server.api_key not in log


def test_both_secret_key_messages_give_the_same_command_and_it_works() -> None:
    with pytest.raises(MissingSecretKey) as missing:
        signer_for(Settings.model_construct(secret_key=None, dev_mode=False))
    with pytest.raises(ValidationError) as too_short:
        Settings(secret_key="short", dev_mode=True)
    assert RANDOM_KEY_COMMAND in str(missing.value)
    assert RANDOM_KEY_COMMAND in str(too_short.value)
    made = subprocess.run(shlex.split(RANDOM_KEY_COMMAND), capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert len(made.stdout.strip()) >= MIN_SECRET_KEY_CHARS
