"""A result carries a bounded number of characters, however large the values a query builds."""

from datetime import date
from decimal import Decimal

from agentstream.agents.sql.guard import SqlPolicy
from agentstream.agents.sql.tool import PostgresReadOnlySource, SqlDataSource, SqlTool
from agentstream.agents.sql.value_caps import (
    MAX_VALUE_CHARS,
    MIN_VALUE_CHARS,
    RESULT_CHARS,
    TruncatedValue,
    cut,
    value_cap,
)
from agentstream.demo.fieldservice.schema import ALLOWED_TABLES
from tests.agents.sql.conftest import reader_dsn

# Every timesheet against the 250 of its technician: one value of several megabytes.
HUGE_VALUE = (
    "SELECT GROUP_CONCAT(CAST(a.id AS TEXT) || '-' || CAST(b.id AS TEXT)) AS pairs "
    "FROM timesheets AS a JOIN timesheets AS b ON b.technician_id = a.technician_id"
)


def make_tool(source: SqlDataSource) -> SqlTool:
    return SqlTool(source, SqlPolicy(allowed_tables=ALLOWED_TABLES))


async def test_huge_value_is_cut_with_a_note(source: SqlDataSource) -> None:
    result = await make_tool(source).run(HUGE_VALUE)
    (value,) = result.rows[0]
    cap = value_cap(1, 201)
    assert isinstance(value, TruncatedValue)
    assert value.endswith(f"[value truncated: only its first {cap} characters were read]")
    assert len(value) < cap + 80
    assert value[:cap].count("-") > cap // 12  # the real prefix of the pairs


async def test_values_that_fit_keep_their_types(source: SqlDataSource) -> None:
    result = await make_tool(source).run(
        "SELECT id, name, hire_date, SUM(hourly_rate) AS rate FROM technicians "
        "WHERE id = 1 GROUP BY id, name, hire_date"
    )
    identifier, name, hired, rate = result.rows[0]
    assert (identifier, name) == (1, "Tech 01")
    assert not isinstance(name, TruncatedValue)
    if source.dialect == "postgres":
        assert (hired, rate) == (date(2020, 1, 31), Decimal("41.00"))


async def test_postgres_number_too_long_to_read_is_cut(postgres_schema: str) -> None:
    source = PostgresReadOnlySource(
        reader_dsn(postgres_schema), server_settings={"search_path": postgres_schema}
    )
    try:
        result = await make_tool(source).run("SELECT POWER(CAST(10 AS DECIMAL), 5000) AS big")
    finally:
        await source.close()
    (value,) = result.rows[0]
    assert isinstance(value, TruncatedValue)
    assert value.startswith("1000")


def test_each_value_gets_its_share_of_the_budget() -> None:
    assert value_cap(1, 201) == MAX_VALUE_CHARS
    assert value_cap(10, 201) == RESULT_CHARS // 2010
    assert value_cap(1_000, 201) == MIN_VALUE_CHARS


def test_cut_keeps_short_values_and_marks_long_ones() -> None:
    assert cut("short", 10) == "short"
    assert cut(12345678901234, 5) == 12345678901234
    assert cut("x" * 11, 10).startswith("x" * 10 + "… [value truncated")
    assert cut(b"\x01" * 10, 10).startswith("\\x0101010101…")
