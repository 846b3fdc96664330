"""A small field-service database, in a SQLite file and in a throwaway PostgreSQL schema."""

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy import Connection, create_engine, insert
from sqlalchemy.ext.asyncio import create_async_engine

from agentstream.agents.sql.tool import (
    PostgresReadOnlySource,
    SqlDataSource,
    SqliteReadOnlySource,
)
from agentstream.demo.fieldservice.schema import (
    customers,
    metadata,
    skills,
    technician_skills,
    technicians,
    timesheets,
    work_orders,
)

POSTGRES_DSN = os.environ.get(
    "AGENTSTREAM_TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/test"
)
POSTGRES_SQLALCHEMY_URL = POSTGRES_DSN.replace("postgresql://", "postgresql+asyncpg://", 1)

ACTIVE_TECHNICIANS = 10
TECHNICIAN_COUNT = 12
TIMESHEET_COUNT = 3_000  # enough for a cartesian product that cannot finish in time


def _technician_status(index: int) -> str:
    if index <= ACTIVE_TECHNICIANS:
        return "active"
    return "inactive" if index == ACTIVE_TECHNICIANS + 1 else "on_leave"


SEED_ROWS: dict[str, list[dict[str, Any]]] = {
    technicians.name: [
        {
            "id": index,
            "name": f"Tech {index:02d}",
            "email": f"tech{index:02d}@example.com",
            "region": ("North", "South", "East")[index % 3],
            "status": _technician_status(index),
            "hire_date": date(2020, 1, 1) + timedelta(days=30 * index),
            "hourly_rate": Decimal("40.00") + index,
        }
        for index in range(1, TECHNICIAN_COUNT + 1)
    ],
    skills.name: [
        {"id": 1, "name": "HVAC"},
        {"id": 2, "name": "Electrical"},
        {"id": 3, "name": "Plumbing"},
    ],
    technician_skills.name: [
        {"technician_id": 1, "skill_id": 1, "level": 5},
        {"technician_id": 1, "skill_id": 2, "level": 3},
        {"technician_id": 2, "skill_id": 3, "level": 4},
    ],
    customers.name: [
        {"id": 1, "name": "Acme", "region": "North", "tier": "premium"},
        {"id": 2, "name": "Globex", "region": "South", "tier": "standard"},
    ],
    work_orders.name: [
        {
            "id": index,
            "customer_id": 1 + index % 2,
            "technician_id": 1 + index % 3,
            "title": f"Order {index}",
            "category": "repair",
            "priority": ("low", "medium", "high", "urgent")[index % 4],
            "status": "completed" if index % 2 else "open",
            "created_at": datetime(2024, 1, index, 9, 0),
            "scheduled_for": None,
            "completed_at": datetime(2024, 1, index, 17, 0) if index % 2 else None,
            "estimated_hours": Decimal("4.00"),
            "actual_hours": Decimal("3.50") if index % 2 else None,
        }
        for index in range(1, 7)
    ],
    timesheets.name: [
        {
            "id": index,
            "technician_id": 1 + index % TECHNICIAN_COUNT,
            "work_date": date(2024, 1, 1) + timedelta(days=index % 365),
            "hours": Decimal("8.00"),
            "overtime_hours": Decimal(index % 3),
        }
        for index in range(1, TIMESHEET_COUNT + 1)
    ],
}


def _seed(connection: Connection) -> None:
    metadata.create_all(connection)
    for table in metadata.sorted_tables:
        connection.execute(insert(table), SEED_ROWS[table.name])


@pytest.fixture
def seeded_counts() -> dict[str, int]:
    """Rows per table in the seeded database."""
    return {table: len(rows) for table, rows in SEED_ROWS.items()}


@pytest.fixture(scope="session")
def sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded SQLite file (the tests only ever open it read-only)."""
    path = tmp_path_factory.mktemp("sqltool") / "fieldservice.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        _seed(connection)
    engine.dispose()
    return path


def reader_role(schema: str) -> str:
    """The read-only role made for a seeded schema (see `seeded_postgres_schema`)."""
    return f"{schema}_reader"


def reader_dsn(schema: str) -> str:
    """The URL the SQL tool connects with to a seeded schema: its read-only role's."""
    return POSTGRES_DSN.replace("postgres@", f"{reader_role(schema)}@", 1)


async def _create_postgres_schema(schema: str, seed: Callable[[Connection], None]) -> None:
    connection = await asyncpg.connect(POSTGRES_DSN, timeout=3)
    try:
        await connection.execute(f'CREATE SCHEMA "{schema}"')
    finally:
        await connection.close()
    engine = create_async_engine(
        POSTGRES_SQLALCHEMY_URL, connect_args={"server_settings": {"search_path": schema}}
    )
    try:
        async with engine.begin() as connection:
            await connection.run_sync(seed)
    finally:
        await engine.dispose()
    # As the README's read-only role: it may log in and read the schema's tables, nothing more.
    connection = await asyncpg.connect(POSTGRES_DSN, timeout=3)
    try:
        role = reader_role(schema)
        await connection.execute(f'CREATE ROLE "{role}" LOGIN')
        await connection.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"')
        await connection.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"')
    finally:
        await connection.close()


async def _drop_postgres_schema(schema: str) -> None:
    connection = await asyncpg.connect(POSTGRES_DSN, timeout=3)
    try:
        await connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await connection.execute(f'DROP ROLE IF EXISTS "{reader_role(schema)}"')
    finally:
        await connection.close()


@contextmanager
def seeded_postgres_schema(prefix: str, seed: Callable[[Connection], None]) -> Iterator[str]:
    """A schema with a random name in the `test` database, filled by `seed`, and its read-only
    role (`reader_dsn`), dropped after.

    Skips the test when PostgreSQL does not answer. Setup runs outside the tests' event
    loops, so each step gets a loop of its own.
    """
    schema = f"{prefix}_{secrets.token_hex(6)}"
    try:
        asyncio.run(_create_postgres_schema(schema, seed))
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_DSN}: {exc}")
    try:
        yield schema
    finally:
        asyncio.run(_drop_postgres_schema(schema))


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[str]:
    """The small seeded database in a throwaway PostgreSQL schema."""
    with seeded_postgres_schema("sqltool", _seed) as schema:
        yield schema


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> tuple[str, str]:
    """Which database a parametrized test runs on, and where it lives."""
    if request.param == "sqlite":
        return "sqlite", str(request.getfixturevalue("sqlite_database"))
    return "postgres", request.getfixturevalue("postgres_schema")


@pytest.fixture
async def source(backend: tuple[str, str]) -> AsyncIterator[SqlDataSource]:
    """A read-only data source on the seeded database of the current backend."""
    kind, location = backend
    opened: SqlDataSource
    if kind == "sqlite":
        opened = SqliteReadOnlySource(Path(location))
    else:
        opened = PostgresReadOnlySource(
            reader_dsn(location), server_settings={"search_path": location}
        )
    yield opened
    await opened.close()


@pytest.fixture
async def sqlite_source(sqlite_database: Path) -> AsyncIterator[SqliteReadOnlySource]:
    """The SQLite source alone, for SQLite-specific walls."""
    opened = SqliteReadOnlySource(sqlite_database)
    yield opened
    await opened.close()
