"""Database URLs as people write them: one rule for the service database and tenants' data."""

from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from pydantic import ValidationError
from typer.testing import CliRunner

from agentstream.app import create_app
from agentstream.cli import app as cli
from agentstream.db.urls import DatabaseUrlError, data_source_url, service_database_url
from agentstream.settings import Settings


@pytest.mark.parametrize(
    ("written", "opened"),
    [
        (
            "postgresql://app:secret@db:5432/agentstream",
            "postgresql+asyncpg://app:secret@db:5432/agentstream",
        ),
        ("postgres://app@db/agentstream", "postgresql+asyncpg://app@db/agentstream"),
        ("postgresql+psycopg://app@db/agentstream", "postgresql+asyncpg://app@db/agentstream"),
        ("postgresql+asyncpg://app@db/agentstream", "postgresql+asyncpg://app@db/agentstream"),
        ("sqlite:///data/agentstream.sqlite", "sqlite+aiosqlite:///data/agentstream.sqlite"),
        ("sqlite+aiosqlite:////srv/a.sqlite", "sqlite+aiosqlite:////srv/a.sqlite"),
    ],
)
def test_the_service_database_is_opened_with_the_async_driver(written: str, opened: str) -> None:
    assert service_database_url(written) == opened


@pytest.mark.parametrize(
    ("written", "opened"),
    [
        ("postgresql+asyncpg://reader@db/erp", "postgresql://reader@db/erp"),
        ("postgres://reader:pw@db/erp", "postgresql://reader:pw@db/erp"),
        ("sqlite+aiosqlite:///srv/erp.db", "sqlite:///srv/erp.db"),
    ],
)
def test_a_data_source_url_follows_the_same_rule(written: str, opened: str) -> None:
    assert data_source_url(written) == opened


@pytest.mark.parametrize("url", ["mysql://db/x", "not a url", ""])
def test_an_unsupported_service_url_says_what_is_expected(url: str) -> None:
    with pytest.raises(DatabaseUrlError, match="expected postgresql://"):
        service_database_url(url)


def test_the_setting_names_the_variable_of_an_unsupported_url() -> None:
    with pytest.raises(ValidationError) as error:
        Settings(database_url="mysql://db/x", _env_file=None)  # type: ignore[call-arg]
    assert error.value.errors()[0]["loc"] == ("database_url",)
    assert "expected postgresql://" in str(error.value)


def test_a_plain_postgresql_setting_chooses_asyncpg() -> None:
    settings = Settings(database_url="postgresql://app@db/agentstream", _env_file=None)  # type: ignore[call-arg]
    assert settings.resolved_database_url == "postgresql+asyncpg://app@db/agentstream"


async def test_the_service_starts_on_a_plain_postgresql_url(
    postgres_database: str, settings: Settings
) -> None:
    plain = postgres_database.replace("postgresql+asyncpg://", "postgresql://")
    application = create_app(settings.model_copy(update={"database_url": plain}))
    async with LifespanManager(application, startup_timeout=60):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            ready = await client.get("/health/ready")
    assert ready.status_code == 200, ready.text


def test_tenants_create_runs_on_a_plain_postgresql_url(
    postgres_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGENTSTREAM_DATA_DIR", str(tmp_path))
    monkeypatch.setenv(
        "AGENTSTREAM_DATABASE_URL",
        postgres_database.replace("postgresql+asyncpg://", "postgres://"),
    )
    result = CliRunner().invoke(cli, ["tenants", "create", "Plain URL Inc"])
    assert result.exit_code == 0, result.output
    listed = CliRunner().invoke(cli, ["tenants", "list"])
    assert "Plain URL Inc" in listed.output
