"""The database's own wall on PostgreSQL: the role a tenant's data source connects with.

A database of its own holds the field-service tables and one table outside the allow-list.
Roles: the README's read-only role, and roles that can do too much.
"""

import asyncio
import secrets
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import create_async_engine
from typer.testing import CliRunner

from agentstream.agents.sql.roles import UnsafeRoleError, check_role, vet_data_source
from agentstream.agents.sql.tool import PostgresReadOnlySource, SqlExecutionError
from agentstream.cli import app as cli
from agentstream.demo.fieldservice.schema import ALLOWED_TABLES
from tests.agents.sql.conftest import POSTGRES_DSN, _seed

SERVER = POSTGRES_DSN.rsplit("/", 1)[0]
ROLE_KINDS = ("rd", "wide", "wr", "files", "noinh", "wgrp", "cdb", "seq", "seqset", "tmp")


@dataclass(frozen=True)
class Roles:
    """URLs of the test database, one per role."""

    database: str
    reader: str
    wide_reader: str
    writer: str
    file_reader: str
    superuser: str
    # NOINHERIT member of a group that may write: nothing until SET ROLE.
    noinherit_member: str
    database_creator: str
    sequence_user: str
    sequence_setter: str
    temp_user: str


def _readme_role_sql(role: str, database: str) -> list[str]:
    """The statements of the README's 'A read-only role for the SQL tool', for `role`."""
    tables = ", ".join(sorted(ALLOWED_TABLES))
    return [
        f"CREATE ROLE {role} LOGIN",
        f"GRANT CONNECT ON DATABASE {database} TO {role}",
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT ON {tables} TO {role}",
        f"ALTER ROLE {role} SET default_transaction_read_only = on",
        "REVOKE EXECUTE ON FUNCTION lo_create(oid), lo_creat(integer), "
        "lo_from_bytea(oid, bytea) FROM PUBLIC",
        f"REVOKE TEMPORARY ON DATABASE {database} FROM PUBLIC",
    ]


async def _execute(dsn: str, statements: list[str]) -> None:
    connection = await asyncpg.connect(dsn, timeout=5)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


async def _create(name: str, suffix: str) -> Roles:
    await _execute(f"{SERVER}/test", [f'CREATE DATABASE "{name}"'])
    dsn = f"{SERVER}/{name}"
    engine = create_async_engine(dsn.replace("postgresql://", "postgresql+asyncpg://"))
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_seed)
    finally:
        await engine.dispose()
    reader, wide, writer, files, noinh, group, cdb, seq, seqset, temp = (
        f"{kind}_{suffix}" for kind in ROLE_KINDS
    )
    await _execute(
        dsn,
        [
            "CREATE TABLE payroll (employee text, salary numeric)",
            "CREATE SCHEMA hr",
            "CREATE TABLE hr.salaries (employee text, salary numeric)",
            *_readme_role_sql(reader, name),
            *_readme_role_sql(wide, name)[:1],
            f"GRANT USAGE ON SCHEMA hr TO {wide}",
            f"GRANT SELECT ON ALL TABLES IN SCHEMA public, hr TO {wide}",
            *_readme_role_sql(writer, name)[:1],
            f"GRANT SELECT, INSERT ON technicians TO {writer}",
            *_readme_role_sql(files, name)[:1],
            f"GRANT pg_read_server_files TO {files}",
            f"CREATE ROLE {group} NOLOGIN",
            f"GRANT SELECT, UPDATE ON customers TO {group}",
            f"CREATE ROLE {noinh} LOGIN NOINHERIT",
            f"GRANT {group} TO {noinh}",
            f"CREATE ROLE {cdb} LOGIN CREATEDB",
            "CREATE SEQUENCE ticket_numbers",
            f"CREATE ROLE {seq} LOGIN",
            f"GRANT USAGE ON SEQUENCE ticket_numbers TO {seq}",
            f"CREATE ROLE {seqset} LOGIN",
            f"GRANT UPDATE ON SEQUENCE ticket_numbers TO {seqset}",
            f"CREATE ROLE {temp} LOGIN",
            f"GRANT TEMPORARY ON DATABASE {name} TO {temp}",
        ],
    )

    def url(role: str) -> str:
        return dsn.replace("postgres@", f"{role}@", 1)

    return Roles(
        dsn,
        url(reader),
        url(wide),
        url(writer),
        url(files),
        dsn,
        url(noinh),
        url(cdb),
        url(seq),
        url(seqset),
        url(temp),
    )


async def _drop(name: str, suffix: str) -> None:
    await _execute(f"{SERVER}/test", [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'])
    await _execute(
        f"{SERVER}/test",
        [f"DROP ROLE IF EXISTS {kind}_{suffix}" for kind in ROLE_KINDS],
    )


@pytest.fixture(scope="module")
def roles() -> Iterator[Roles]:
    suffix = secrets.token_hex(4)
    name = f"agentstream_roles_{suffix}"
    try:
        created = asyncio.run(_create(name, suffix))
    except (OSError, TimeoutError, asyncpg.PostgresError) as error:
        asyncio.run(_drop(name, suffix))
        pytest.skip(f"PostgreSQL not reachable at {SERVER}: {error}")
    yield created
    asyncio.run(_drop(name, suffix))


async def test_the_readme_role_passes_with_a_note_on_what_it_cannot_read(roles: Roles) -> None:
    report = await check_role(roles.reader)
    assert (report.refusals, report.warnings) == ((), (CANNOT_READ_PAYROLL.format(report.role),))


CANNOT_READ_PAYROLL = (
    "the role {} cannot read public.payroll: the SQL tool leaves them out of what the model "
    "sees; grant SELECT on those the model should query"
)


async def test_a_noinherit_member_of_a_group_that_can_write_is_refused(roles: Roles) -> None:
    report = await check_role(roles.noinherit_member)
    group = f"wgrp_{report.role.split('_', 1)[1]}"
    assert report.refusals == (
        f"the role {report.role} may SET ROLE {group}, which can write to public.customers: "
        "revoke that membership",
    )


async def test_a_role_that_can_create_databases_is_refused(roles: Roles) -> None:
    report = await check_role(roles.database_creator)
    assert report.refusals == (
        f"the role {report.role} has CREATEDB: a reader needs no databases of its own",
    )


async def test_a_role_that_can_set_a_sequence_is_refused(roles: Roles) -> None:
    report = await check_role(roles.sequence_setter)
    assert report.refusals == (
        f"the role {report.role} may set the sequence public.ticket_numbers: revoke UPDATE",
    )


@pytest.mark.parametrize(
    ("kind", "warning"),
    [
        ("sequence_user", "may advance the sequence public.ticket_numbers with nextval"),
        ("temp_user", "may create temporary tables"),
    ],
)
async def test_a_role_that_can_change_state_outside_the_tables_is_warned_about(
    roles: Roles, kind: str, warning: str
) -> None:
    report = await check_role(getattr(roles, kind))
    assert report.refusals == ()
    assert [text for text in report.warnings if warning in text]


async def test_a_superuser_is_refused(roles: Roles) -> None:
    report = await check_role(roles.superuser)
    assert any("is a superuser" in refusal for refusal in report.refusals)


async def test_a_role_that_can_write_a_table_is_refused(roles: Roles) -> None:
    report = await check_role(roles.writer)
    assert report.refusals == (
        f"the role {report.role} can write to public.technicians: grant it SELECT only",
    )


async def test_a_member_of_pg_read_server_files_is_refused(roles: Roles) -> None:
    report = await check_role(roles.file_reader)
    assert report.refusals == (
        f"the role {report.role} is a member of pg_read_server_files: revoke that membership",
    )


async def test_a_role_that_reads_beyond_the_allow_list_is_warned_about(roles: Roles) -> None:
    report = await check_role(roles.wide_reader)
    assert report.refusals == ()
    assert len(report.warnings) == 1
    assert "hr.salaries" in report.warnings[0]
    assert "payroll" not in report.warnings[0], "the tool's own schema is its allow-list"


async def test_a_refusal_says_what_to_fix_and_can_be_overridden(roles: Roles) -> None:
    with pytest.raises(UnsafeRoleError, match=r"superuser.*README.*--allow-unsafe-role"):
        await vet_data_source(roles.superuser)
    warnings = await vet_data_source(roles.superuser, allow_unsafe_role=True)
    assert any(warning.startswith("accepted anyway: ") for warning in warnings)


async def test_an_unreachable_database_is_refused(roles: Roles) -> None:
    with pytest.raises(UnsafeRoleError, match="could not be checked"):
        await vet_data_source(f"{SERVER}/no_such_database_here")


def _unwrapped(output: str) -> str:
    """The CLI's output without the frame and line breaks of its error box."""
    return " ".join(output.replace("│", " ").split())


def test_tenants_create_refuses_a_superuser_data_url(
    roles: Roles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGENTSTREAM_DATA_DIR", str(tmp_path))
    refused = CliRunner().invoke(cli, ["tenants", "create", "Acme", "--data-url", roles.superuser])
    assert refused.exit_code == 2, refused.output
    message = _unwrapped(refused.output)
    assert "'--data-url'" in message
    assert "is a superuser" in message and "accept this one with --allow-unsafe-role" in message
    assert not (tmp_path / "agentstream.sqlite").exists(), "no tenant was created"
    accepted = CliRunner().invoke(
        cli,
        ["tenants", "create", "Acme", "--data-url", roles.superuser, "--allow-unsafe-role"],
    )
    assert accepted.exit_code == 0, accepted.output
    assert "warning: accepted anyway: the role postgres is a superuser" in accepted.stderr


def test_tenants_create_accepts_the_readme_role_with_its_note(
    roles: Roles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGENTSTREAM_DATA_DIR", str(tmp_path))
    created = CliRunner().invoke(cli, ["tenants", "create", "Acme", "--data-url", roles.reader])
    assert created.exit_code == 0, created.output
    role = roles.reader.split("//", 1)[1].split("@", 1)[0]
    assert created.stderr == f"warning: {CANNOT_READ_PAYROLL.format(role)}\n"


def test_changing_a_tenants_data_source_checks_the_role(
    roles: Roles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGENTSTREAM_DATA_DIR", str(tmp_path))
    created = CliRunner().invoke(cli, ["tenants", "create", "Acme", "--data-url", roles.reader])
    tenant_id = created.stdout.split()[1]
    refused = CliRunner().invoke(cli, ["tenants", "set-data-url", tenant_id, roles.writer])
    assert refused.exit_code == 2
    assert "can write to public.technicians" in _unwrapped(refused.output)
    changed = CliRunner().invoke(cli, ["tenants", "set-data-url", tenant_id, roles.wide_reader])
    assert changed.exit_code == 0, changed.output
    assert "hr.salaries" in changed.stderr


@pytest.fixture
async def reader_source(roles: Roles) -> AsyncIterator[PostgresReadOnlySource]:
    # One connection: what a statement leaves on it is what the next one finds.
    source = PostgresReadOnlySource(roles.reader, max_connections=1)
    yield source
    await source.close()


# Writes, and file, program and large-object access, each as a statement that returns rows
# (the source runs nothing else) and as the attacker would write it.
HARMFUL = {
    "insert": "INSERT INTO technicians (id, name) VALUES (999, 'x') RETURNING id",
    "update": "UPDATE technicians SET name = 'x' RETURNING id",
    "delete": "DELETE FROM technicians RETURNING id",
    "delete-in-cte": "WITH gone AS (DELETE FROM timesheets RETURNING id) SELECT count(*) FROM gone",
    "read-outside": "SELECT * FROM payroll",
    "pg-read-file": "SELECT pg_read_file('/etc/passwd')",
    "pg-read-binary-file": "SELECT pg_read_binary_file('/etc/passwd')",
    "pg-ls-dir": "SELECT pg_ls_dir('.')",
    "pg-stat-file": "SELECT pg_stat_file('/etc/passwd')",
    "lo-import": "SELECT lo_import('/etc/passwd')",
    "lo-export": "SELECT lo_export(1, '/tmp/agentstream-lo')",
    "lo-create": "SELECT lo_create(0)",
    "lo-from-bytea": "SELECT lo_from_bytea(0, 'x'::bytea)",
    "lo-creat": "SELECT lo_creat(-1)",
}
# Not statements that return rows: only a plain connection runs them.
HARMFUL_COMMANDS = {
    "copy-to-program": "COPY technicians TO PROGRAM 'id'",
    "copy-from-program": "COPY technicians FROM PROGRAM 'id'",
    "copy-from-file": "COPY technicians FROM '/etc/passwd'",
    "copy-to-file": "COPY technicians TO '/tmp/agentstream-copy'",
    "create-table": "CREATE TABLE stolen (id int)",
    "select-into": "SELECT * INTO stolen FROM technicians",
    "truncate": "TRUNCATE timesheets",
    "drop": "DROP TABLE technicians",
    "grant-itself": "GRANT pg_read_server_files TO CURRENT_USER",
}


@pytest.mark.parametrize("sql", HARMFUL.values(), ids=HARMFUL.keys())
async def test_with_the_guard_bypassed_the_database_refuses(
    reader_source: PostgresReadOnlySource, sql: str
) -> None:
    with pytest.raises(SqlExecutionError, match=r"permission denied|read-only transaction"):
        await reader_source.fetch(sql, {}, max_rows=5, timeout_s=5)


@pytest.mark.parametrize(
    "sql", [*HARMFUL.values(), *HARMFUL_COMMANDS.values()], ids=[*HARMFUL, *HARMFUL_COMMANDS]
)
async def test_the_role_alone_is_refused_outside_a_read_only_transaction(
    roles: Roles, sql: str
) -> None:
    connection = await asyncpg.connect(roles.reader)
    try:
        transaction = connection.transaction(readonly=False)
        await transaction.start()
        try:
            await connection.execute("SET LOCAL transaction_read_only = off")
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await connection.execute(sql)
        finally:
            await transaction.rollback()
    finally:
        await connection.close()


async def test_session_settings_a_statement_changes_do_not_outlive_it(
    reader_source: PostgresReadOnlySource,
) -> None:
    for sql in (
        "SELECT set_config('work_mem', '64MB', false)",
        "SELECT set_config('statement_timeout', '0', false)",
        "SELECT pg_advisory_lock(4242)",
    ):
        await reader_source.fetch(sql, {}, max_rows=1, timeout_s=5)
    _, rows = await reader_source.fetch(
        "SELECT current_setting('work_mem'), "
        "(SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid())",
        {},
        max_rows=1,
        timeout_s=5,
    )
    assert rows == [("4MB", 0)]
