"""`agentstream tenants keys create|list|revoke`: key management against the service's own
database, on SQLite and PostgreSQL. A revoked key stops its requests and its stream tokens."""

import asyncio

import httpx
import pytest
from fastapi import FastAPI
from typer.testing import CliRunner, Result

from agentstream.cli.main import app as cli
from agentstream.settings import Settings
from tests.started_runs import finished_chat_run_id

runner = CliRunner()


@pytest.fixture(autouse=True)
def commands_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The commands on the test's database (SQLite, then PostgreSQL)."""
    monkeypatch.setenv("AGENTSTREAM_DATABASE_URL", database_url)
    return database_url


@pytest.fixture
def settings(settings: Settings, database_url: str) -> Settings:
    """The service outside development mode, on the commands' database."""
    return settings.model_copy(update={"dev_mode": False, "database_url": database_url})


async def _run(*args: str) -> Result:
    # In a thread: each command runs its own event loop.
    result = await asyncio.to_thread(runner.invoke, cli, list(args))
    assert result.exit_code == 0, result.output
    return result


def _field(result: Result, name: str) -> str:
    return next(line for line in result.output.splitlines() if line.startswith(name)).split()[-1]


async def test_revoked_key_stops_its_requests_and_stream_tokens(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    tenant_id = _field(await _run("tenants", "create", "Acme", "--demo-content"), "tenant_id:")
    created = await _run("tenants", "keys", "create", tenant_id, "--name", "ci")
    key_id, key = _field(created, "key_id:"), _field(created, "api_key:")
    run_id = await finished_chat_run_id(client, {"Authorization": f"Bearer {key}"})
    minted = await client.post(
        "/api/stream-tokens", json={"run_id": run_id}, headers={"Authorization": f"Bearer {key}"}
    )
    token = minted.json()["token"]
    stream = f"/api/chat/runs/{run_id}/stream"
    assert (await client.get(stream, params={"token": token})).status_code == 200

    assert (await _run("tenants", "keys", "revoke", key_id)).output.strip().endswith("revoked")
    assert (await client.get(stream, params={"token": token})).status_code == 401
    as_revoked = await client.get("/api/tenant", headers={"Authorization": f"Bearer {key}"})
    assert as_revoked.status_code == 401


async def test_keys_list_shows_prefixes_and_revocations_never_secrets() -> None:
    created = await _run("tenants", "create", "Acme")
    tenant_id, first = _field(created, "tenant_id:"), _field(created, "api_key:")
    second = await _run("tenants", "keys", "create", tenant_id, "--name", "ci")
    await _run("tenants", "keys", "revoke", _field(second, "key_id:"))
    listed = (await _run("tenants", "keys", "list", tenant_id)).output.splitlines()
    assert len(listed) == 2
    assert listed[0].endswith("  default  active") and "  ci  revoked " in listed[1]
    assert listed[0].split()[1] == first[:10] + "…"
    assert first not in "\n".join(listed) and _field(second, "api_key:") not in "\n".join(listed)


@pytest.mark.parametrize(
    "command",
    [
        ("keys", "create", "00000000-0000-0000-0000-000000000000"),
        ("keys", "list", "00000000-0000-0000-0000-000000000000"),
        ("keys", "revoke", "00000000-0000-0000-0000-000000000000"),
    ],
)
def test_keys_commands_name_an_unknown_tenant_or_key(command: tuple[str, ...]) -> None:
    result = runner.invoke(cli, ["tenants", *command])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no ")
