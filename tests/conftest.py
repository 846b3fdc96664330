"""Shared fixtures: settings on a temporary data dir, the app with its lifespan, HTTP clients,
and the storage backends (SQLite always, PostgreSQL when reachable)."""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from agentstream.app import create_app
from agentstream.db.engine import create_engine, create_session_factory
from agentstream.db.migrate import upgrade
from agentstream.demo.fieldservice.generator import ensure_sqlite_database
from agentstream.settings import Settings

POSTGRES_URL = os.environ.get(
    "AGENTSTREAM_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


async def _postgres_reachable() -> str | None:
    try:
        connection = await asyncpg.connect(POSTGRES_URL, timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        return f"PostgreSQL not reachable at {POSTGRES_URL}: {type(error).__name__}: {error}"
    await connection.close()
    return None


async def _postgres_execute(sql: str) -> None:
    connection = await asyncpg.connect(POSTGRES_URL)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@contextmanager
def new_postgres_database(prefix: str = "agentstream_test") -> Iterator[str]:
    """A PostgreSQL database of its own (SQLAlchemy asyncpg URL), dropped at the end."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    asyncio.run(_postgres_execute(f'CREATE DATABASE "{name}"'))
    base = POSTGRES_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    try:
        yield f"{base}/{name}"
    finally:
        asyncio.run(_postgres_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session (SQLAlchemy asyncpg URL)."""
    reason = asyncio.run(_postgres_reachable())
    if reason:
        pytest.skip(reason)
    with new_postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The service database URL, once per backend."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'agentstream.sqlite'}"
    url: str = request.getfixturevalue("postgres_database")
    return url


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a migrated service database, once per backend."""
    await upgrade(database_url)
    engine = create_engine(database_url)
    yield create_session_factory(engine)
    await engine.dispose()


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo field-service database, generated once per test session."""
    return ensure_sqlite_database(tmp_path_factory.mktemp("demo") / "fieldservice.sqlite")


@pytest.fixture
def settings(tmp_path: Path, demo_database: Path) -> Settings:
    """Development-mode settings on SQLite in a temporary data directory."""
    return Settings(
        data_dir=tmp_path,
        demo_database_file=demo_database,
        dev_mode=True,
        # Tests that leave development mode need the stream-token secret it requires.
        secret_key="test-secret-key-signing-stream-tokens",
        log_level="WARNING",
        sse_ping_s=60,
        # A chat turn whose client left stops at once (tests of the grace period set their own).
        disconnect_grace_s=0,
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    """The application with its lifespan running."""
    application = create_app(settings)
    async with LifespanManager(application, startup_timeout=60):
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in-process."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http
