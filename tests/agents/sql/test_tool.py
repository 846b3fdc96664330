"""The SQL tool runs vetted queries on read-only sources that hold even without the guard."""

import asyncio
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from agentstream.agents.sql.guard import SqlPolicy
from agentstream.agents.sql.tool import (
    PostgresReadOnlySource,
    SqlDataSource,
    SqlExecutionError,
    SqliteReadOnlySource,
    SqlTimeoutError,
    SqlTool,
    SqlToolError,
    UnsafeQueryError,
)
from agentstream.demo.fieldservice.schema import ALLOWED_TABLES

# 3,000 ** 3 rows: no engine finishes this within a test's lifetime.
# Joined on a condition (the guard bounds cross products), yet far too many rows to count in time.
SLOW_QUERY = (
    "SELECT COUNT(*) FROM timesheets a JOIN timesheets b ON b.technician_id = a.technician_id "
    "JOIN timesheets c ON c.technician_id = b.technician_id"
)


def make_tool(source: SqlDataSource, row_limit: int = 200, timeout_s: float = 5.0) -> SqlTool:
    return SqlTool(
        source,
        SqlPolicy(allowed_tables=ALLOWED_TABLES, row_limit=row_limit),
        timeout_s=timeout_s,
    )


async def table_counts(source: SqlDataSource) -> dict[str, int]:
    counts = {}
    for table in sorted(ALLOWED_TABLES):
        _, rows = await source.fetch(f"SELECT COUNT(*) FROM {table}", {}, max_rows=1, timeout_s=5)
        counts[table] = int(rows[0][0])
    return counts


async def test_valid_query_returns_columns_and_rows(source: SqlDataSource) -> None:
    result = await make_tool(source).run(
        "SELECT name, status FROM technicians WHERE id IN (1, 11) ORDER BY id"
    )
    assert result.columns == ("name", "status")
    assert result.rows == (("Tech 01", "active"), ("Tech 11", "inactive"))
    assert result.truncated is False


async def test_aggregate_counts_active_technicians(source: SqlDataSource) -> None:
    result = await make_tool(source).run(
        "SELECT COUNT(*) AS n FROM technicians WHERE status = 'active'"
    )
    assert result.records() == [{"n": 10}]  # the seed's 10 active technicians


async def test_result_reports_the_vetted_sql_and_timing(source: SqlDataSource) -> None:
    result = await make_tool(source, row_limit=10).run("select id from skills -- note")
    assert result.sql == "SELECT id FROM skills LIMIT 11"
    assert result.elapsed_ms > 0


async def test_named_parameters_are_bound(source: SqlDataSource) -> None:
    result = await make_tool(source).run(
        "SELECT id FROM technicians WHERE status = :status AND id > :after ORDER BY id",
        {"status": "active", "after": 8},
    )
    assert result.rows == ((9,), (10,))


async def test_repeated_parameter_binds_the_same_value(source: SqlDataSource) -> None:
    result = await make_tool(source).run(
        "SELECT id FROM technicians WHERE id = :wanted OR id = :wanted + 1 ORDER BY id",
        {"wanted": 3},
    )
    assert result.rows == ((3,), (4,))


async def test_missing_parameter_is_an_execution_error(source: SqlDataSource) -> None:
    with pytest.raises(SqlExecutionError):
        await make_tool(source).run("SELECT id FROM technicians WHERE status = :status")


async def test_rows_beyond_the_cap_are_cut_and_flagged(source: SqlDataSource) -> None:
    result = await make_tool(source, row_limit=5).run("SELECT id FROM timesheets ORDER BY id")
    assert result.rows == ((1,), (2,), (3,), (4,), (5,))
    assert result.truncated is True


async def test_exactly_row_limit_rows_is_not_truncated(
    source: SqlDataSource, seeded_counts: dict[str, int]
) -> None:
    technicians = seeded_counts["technicians"]
    result = await make_tool(source, row_limit=technicians).run("SELECT id FROM technicians")
    assert result.row_count == technicians
    assert result.truncated is False


async def test_source_never_returns_more_than_max_rows(source: SqlDataSource) -> None:
    # The second wall: even an unvetted statement without LIMIT is cut at max_rows.
    _, rows = await source.fetch("SELECT id FROM timesheets", {}, max_rows=7, timeout_s=5)
    assert len(rows) == 7


async def test_unsafe_query_never_reaches_the_source() -> None:
    class RecordingSource:
        dialect = "sqlite"

        def __init__(self) -> None:
            self.statements: list[str] = []

        async def fetch(
            self, sql: str, params: Mapping[str, Any], *, max_rows: int, timeout_s: float
        ) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
            self.statements.append(sql)
            return (), []

        async def close(self) -> None:
            return None

    recording = RecordingSource()
    with pytest.raises(UnsafeQueryError):
        await make_tool(recording).run("SELECT 1; DROP TABLE technicians")
    assert recording.statements == []


async def test_policy_follows_the_source_dialect(source: SqlDataSource) -> None:
    tool = SqlTool(source, SqlPolicy(allowed_tables=ALLOWED_TABLES, dialect="sqlite"))
    assert tool.policy.dialect == source.dialect
    assert tool.source is source


WRITES = [
    pytest.param("DELETE FROM technicians", id="delete"),
    pytest.param("UPDATE technicians SET status = 'inactive'", id="update"),
    pytest.param("INSERT INTO skills (id, name) VALUES (99, 'Lockpicking')", id="insert"),
    pytest.param("DELETE FROM technicians RETURNING id", id="delete-returning"),
    pytest.param("UPDATE technicians SET status = 'gone' RETURNING id", id="update-returning"),
    pytest.param("DROP TABLE technicians", id="drop"),
    pytest.param("CREATE TABLE intruders (id INTEGER)", id="create-table"),
    pytest.param(
        "WITH gone AS (DELETE FROM technicians RETURNING id) SELECT COUNT(*) FROM gone",
        id="cte-delete-returning",
    ),
]


@pytest.mark.parametrize("statement", WRITES)
async def test_read_only_wall_holds_without_the_guard(
    source: SqlDataSource, seeded_counts: dict[str, int], statement: str
) -> None:
    with pytest.raises(SqlExecutionError):
        await source.fetch(statement, {}, max_rows=10, timeout_s=5)
    assert await table_counts(source) == seeded_counts
    with pytest.raises(SqlExecutionError):
        await source.fetch("SELECT * FROM intruders", {}, max_rows=1, timeout_s=5)


async def test_read_only_wall_blocks_sequence_writes(source: SqlDataSource) -> None:
    statement = (
        "SELECT nextval('technicians_id_seq')"
        if source.dialect == "postgres"
        else "SELECT load_extension('/tmp/evil.so')"
    )
    with pytest.raises(SqlExecutionError):
        await source.fetch(statement, {}, max_rows=1, timeout_s=5)


@pytest.mark.parametrize(
    "statement",
    [
        pytest.param("ATTACH DATABASE 'file:{target}?mode=rwc' AS evil", id="attach"),
        pytest.param("VACUUM INTO '{target}'", id="vacuum-into"),
    ],
)
async def test_sqlite_source_creates_no_files(
    sqlite_source: SqliteReadOnlySource, tmp_path: Path, statement: str
) -> None:
    target = tmp_path / "evil.db"
    with pytest.raises(SqlExecutionError):
        await sqlite_source.fetch(statement.format(target=target), {}, max_rows=1, timeout_s=5)
    assert not target.exists()


@pytest.mark.parametrize(
    "statement",
    [
        pytest.param("PRAGMA query_only = OFF", id="pragma-query-only-off"),
        pytest.param("SELECT sql FROM sqlite_master", id="sqlite-master"),
        pytest.param(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c",
            id="recursive-cte",
        ),
        pytest.param("SELECT length(zeroblob(100000000))", id="huge-blob"),
    ],
)
async def test_sqlite_source_refuses_more_than_reading(
    sqlite_source: SqliteReadOnlySource, statement: str
) -> None:
    with pytest.raises(SqlExecutionError):
        await sqlite_source.fetch(statement, {}, max_rows=1, timeout_s=5)


async def test_sqlite_source_does_not_create_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    source = SqliteReadOnlySource(missing)
    try:
        with pytest.raises(SqlExecutionError, match="unavailable"):
            await source.fetch("SELECT 1", {}, max_rows=1, timeout_s=5)
    finally:
        await source.close()
    assert not missing.exists()


async def test_sqlite_source_reports_a_non_database_file(tmp_path: Path) -> None:
    garbage = tmp_path / "notes.txt"
    garbage.write_text("not a database, " * 100)
    source = SqliteReadOnlySource(garbage)
    try:
        with pytest.raises(SqlExecutionError, match="not a database"):
            await source.fetch("SELECT COUNT(*) FROM technicians", {}, max_rows=1, timeout_s=5)
    finally:
        await source.close()


async def test_slow_query_is_interrupted_at_the_timeout(source: SqlDataSource) -> None:
    tool = make_tool(source, timeout_s=0.5)
    started = time.monotonic()
    with pytest.raises(SqlTimeoutError):
        await asyncio.wait_for(tool.run(SLOW_QUERY), timeout=5)
    assert time.monotonic() - started < 3
    # Interrupted, not abandoned: the connection is free for the next query at once.
    result = await asyncio.wait_for(tool.run("SELECT COUNT(*) FROM skills"), timeout=3)
    assert result.rows == ((3,),)


async def test_cancelled_sqlite_query_stops_running(
    sqlite_source: SqliteReadOnlySource,
) -> None:
    slow = asyncio.create_task(sqlite_source.fetch(SLOW_QUERY, {}, max_rows=1, timeout_s=60))
    await asyncio.sleep(0)  # let the task hand the query to the worker thread
    slow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await slow
    # The worker only picks this up once the cancelled statement has stopped.
    _, rows = await asyncio.wait_for(
        sqlite_source.fetch("SELECT 1", {}, max_rows=1, timeout_s=5), timeout=3
    )
    assert rows == [(1,)]


async def test_execution_error_is_one_safe_line(source: SqlDataSource) -> None:
    with pytest.raises(SqlExecutionError) as caught:
        await make_tool(source).run("SELECT no_such_column FROM technicians")
    message = str(caught.value)
    assert "no_such_column" in message
    assert "\n" not in message
    assert "Traceback" not in message
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__ is True
    assert isinstance(caught.value, SqlToolError)


async def test_unreachable_postgres_error_hides_the_connection_string() -> None:
    dsn = "postgresql://agent:hunter2-secret@127.0.0.1:1/test"
    source = PostgresReadOnlySource(dsn)
    try:
        with pytest.raises(SqlExecutionError) as caught:
            await source.fetch("SELECT 1", {}, max_rows=1, timeout_s=2)
    finally:
        await source.close()
    assert str(caught.value) == "the database is unavailable"
    assert "hunter2" not in repr(caught.value)
    assert caught.value.__cause__ is None


async def test_closed_source_refuses_queries(sqlite_database: Path) -> None:
    source = SqliteReadOnlySource(sqlite_database)
    await source.close()
    with pytest.raises(SqlExecutionError, match="closed"):
        await source.fetch("SELECT 1", {}, max_rows=1, timeout_s=5)


async def test_data_source_failure_of_unknown_kind_is_wrapped() -> None:
    class BrokenSource:
        dialect = "sqlite"

        async def fetch(
            self, sql: str, params: Mapping[str, Any], *, max_rows: int, timeout_s: float
        ) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
            raise RuntimeError("password=hunter2\nstack frame details")

        async def close(self) -> None:
            return None

    with pytest.raises(SqlExecutionError) as caught:
        await make_tool(BrokenSource()).run("SELECT 1")
    assert "hunter2" not in str(caught.value)
    assert caught.value.__cause__ is None


def test_timeout_must_be_positive(sqlite_database: Path) -> None:
    with pytest.raises(ValueError, match="timeout_s"):
        SqlTool(
            SqliteReadOnlySource(sqlite_database),
            SqlPolicy(allowed_tables=ALLOWED_TABLES),
            timeout_s=0,
        )
