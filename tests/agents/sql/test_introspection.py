"""The schema offered to the model holds only the tables its role may read (PostgreSQL)."""

import asyncio
from collections.abc import Iterator

import asyncpg
import pytest

from agentstream.agents.sql.introspection import introspect
from tests.agents.library import postgres_library
from tests.conftest import POSTGRES_URL


async def _add_private_table(admin_url: str, role: str) -> None:
    admin = await asyncpg.connect(admin_url)
    try:
        await admin.execute(
            "CREATE TABLE payroll (id int PRIMARY KEY, grade text, member_id int "
            "REFERENCES members (id))"
        )
        await admin.execute("INSERT INTO payroll VALUES (1, 'senior', 1)")
        await admin.execute(
            "CREATE TABLE audits (id int PRIMARY KEY, payroll_id int REFERENCES payroll (id))"
        )
        await admin.execute(f'GRANT SELECT ON audits TO "{role}"')
    finally:
        await admin.close()


@pytest.fixture
def library_with_a_private_table(postgres_database: str) -> Iterator[str]:
    """The library, plus `payroll` that its role was never granted, and `audits` (granted)
    whose foreign key points at payroll."""
    with postgres_library(POSTGRES_URL) as url:
        role = url.split("//", 1)[1].split("@", 1)[0]
        database = url.rsplit("/", 1)[1]
        asyncio.run(_add_private_table(f"{POSTGRES_URL.rsplit('/', 1)[0]}/{database}", role))
        yield url


async def test_a_table_the_role_cannot_read_is_left_out(library_with_a_private_table: str) -> None:
    schema = await introspect(library_with_a_private_table, timeout_s=10)
    assert schema.table_names == {"members", "books", "loans", "audits"}
    audits = next(table for table in schema.tables if table.name == "audits")
    assert [column.references for column in audits.columns] == [None, None]
