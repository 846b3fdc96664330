"""What a PostgreSQL data source's role may do, checked before a tenant is given it.

The SQL tool's guard and its read-only transactions are walls of the service; the role is the
database's own. A role that can write, read server files or run programs is refused: the
database would not stop a statement that got past the service. A role that can read tables
the allow-list leaves out (it lists the tables of the connection's default schema, see
`introspection`) is only warned about: the guard refuses those tables.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import asyncpg

from agentstream.db.urls import data_source_url, is_postgres

# Membership in these lets a role read or write server files, run programs, or write any table.
DANGEROUS_ROLES = (
    "pg_read_server_files",
    "pg_write_server_files",
    "pg_execute_server_program",
    "pg_write_all_data",
)
# Server-side file and program functions; PostgreSQL grants them to superusers only, unless an
# administrator granted them on.
FILE_FUNCTIONS = (
    "pg_read_file",
    "pg_read_binary_file",
    "pg_ls_dir",
    "pg_stat_file",
    "lo_import",
    "lo_export",
)
# Every role may create large objects unless the database revoked it from PUBLIC.
LARGE_OBJECT_CREATORS = ("lo_create", "lo_creat", "lo_from_bytea")
README_HINT = "see 'A read-only role for the SQL tool' in the README"
_SHOWN = 5

# The login role first, then every role it may become with SET ROLE: a membership without
# INHERIT grants nothing until then, but one SET ROLE away is not a wall.
_ROLES = """SELECT rolname, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles
    WHERE pg_has_role(current_user, oid, 'MEMBER')
    ORDER BY rolname <> current_user, rolname"""
_MEMBERSHIPS = """SELECT rolname FROM pg_roles
    WHERE rolname = ANY($1::text[]) AND pg_has_role(current_user, oid, 'MEMBER')
    ORDER BY rolname"""
# Tables, views and the like outside the system schemas, with what a role may do to them.
_RELATIONS = """SELECT n.nspname || '.' || c.relname AS name,
        n.nspname = current_schema() AS allow_listed,
        has_any_column_privilege($1, c.oid, 'SELECT') AS readable,
        has_table_privilege($1, c.oid, 'SELECT') AS wholly_readable,
        has_table_privilege($1, c.oid, 'DELETE, TRUNCATE, TRIGGER')
            OR has_any_column_privilege($1, c.oid, 'INSERT, UPDATE') AS writable
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
    ORDER BY 1"""
# setval needs UPDATE on a sequence, nextval USAGE (or UPDATE): both change it for good.
_SEQUENCES = """SELECT n.nspname || '.' || c.relname AS name,
        has_sequence_privilege($1, c.oid, 'UPDATE') AS settable,
        has_sequence_privilege($1, c.oid, 'USAGE') AS advanceable
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'S'
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
    ORDER BY 1"""
_CREATE_SCHEMAS = """SELECT n.nspname FROM pg_namespace n
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
        AND has_schema_privilege($1, n.oid, 'CREATE')
    ORDER BY 1"""
_DATABASE = """SELECT has_database_privilege($1, current_database(), 'CREATE') AS create,
    has_database_privilege($1, current_database(), 'TEMP') AS temp"""
_EXECUTABLE = """SELECT DISTINCT p.proname FROM pg_proc p
    WHERE p.proname = ANY($2::text[]) AND has_function_privilege($1, p.oid, 'EXECUTE')
    ORDER BY 1"""


@dataclass(frozen=True)
class _Finding:
    """Something a role may do: what it is, and what the role's owner should change."""

    what: str
    fix: str


@dataclass(frozen=True)
class RoleReport:
    """What the role may do that it should not: `refusals` make it unfit for the SQL tool,
    `warnings` are worth fixing. Each message says what to change."""

    role: str
    refusals: tuple[str, ...]
    warnings: tuple[str, ...]


class RoleCheckError(Exception):
    """The database could not be reached or queried to check its role."""


def _listed(names: Iterable[str]) -> str:
    names = list(names)
    shown = ", ".join(names[:_SHOWN])
    return shown + (f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else "")


async def check_role(dsn: str) -> RoleReport:
    """Connect to `dsn` (a plain `postgresql://` URL) and report what its role may do."""
    try:
        connection = await asyncpg.connect(dsn, timeout=10)
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        raise RoleCheckError(f"could not connect: {type(error).__name__}: {error}") from None
    try:
        return await _report(connection)
    except (asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        raise RoleCheckError(f"could not read the role's privileges: {error}") from None
    finally:
        await connection.close()


async def _report(connection: asyncpg.Connection) -> RoleReport:
    roles = await connection.fetch(_ROLES)
    name = str(roles[0]["rolname"])
    if roles[0]["rolsuper"]:
        refusal = f"the role {name} is a superuser: it can read and write anything"
        return RoleReport(role=name, refusals=(refusal,), warnings=())
    refusals: list[str] = []
    warnings: list[str] = []
    memberships = [row[0] for row in await connection.fetch(_MEMBERSHIPS, list(DANGEROUS_ROLES))]
    if memberships:
        refusals.append(
            f"the role {name} is a member of {_listed(memberships)}: revoke that membership"
        )
    unsafe, doubtful = await _findings(connection, roles[0])
    refusals.extend(f"the role {name} {finding.what}: {finding.fix}" for finding in unsafe)
    warnings.extend(f"the role {name} {finding.what}: {finding.fix}" for finding in doubtful)
    known = {finding.what for finding in (*unsafe, *doubtful)}
    for role in roles[1:]:
        # What another role may do, the login role does after one SET ROLE; what it may do
        # anyway (through PUBLIC, say) is said once, above.
        other = f"the role {name} may SET ROLE {role['rolname']}, which"
        unsafe, doubtful = await _findings(connection, role)
        refusals.extend(
            f"{other} {finding.what}: revoke that membership"
            for finding in unsafe
            if finding.what not in known
        )
        warnings.extend(
            f"{other} {finding.what}: revoke that membership"
            for finding in doubtful
            if finding.what not in known
        )
    relations = await connection.fetch(_RELATIONS, name)
    readable = [row["name"] for row in relations if row["readable"] and not row["allow_listed"]]
    if readable:
        warnings.append(
            f"the role {name} can read tables outside the SQL tool's allow-list "
            f"({_listed(readable)}): the guard refuses them, but grant SELECT only in the "
            "schema the tool reads"
        )
    hidden = [
        row["name"] for row in relations if row["allow_listed"] and not row["wholly_readable"]
    ]
    if hidden:
        warnings.append(
            f"the role {name} cannot read {_listed(hidden)}: the SQL tool leaves them out of "
            "what the model sees; grant SELECT on those the model should query"
        )
    return RoleReport(role=name, refusals=tuple(refusals), warnings=tuple(warnings))


async def _findings(
    connection: asyncpg.Connection, role: asyncpg.Record
) -> tuple[list[_Finding], list[_Finding]]:
    """What `role` may do that makes it unsafe, and what is only worth fixing."""
    name = str(role["rolname"])
    unsafe: list[_Finding] = []
    doubtful: list[_Finding] = []
    if role["rolsuper"]:
        return [_Finding("is a superuser", "it can read and write anything")], []
    if role["rolcreaterole"]:
        unsafe.append(_Finding("has CREATEROLE", "it can grant itself other roles"))
    if role["rolcreatedb"]:
        unsafe.append(_Finding("has CREATEDB", "a reader needs no databases of its own"))
    relations = await connection.fetch(_RELATIONS, name)
    writable = [row["name"] for row in relations if row["writable"]]
    if writable:
        unsafe.append(_Finding(f"can write to {_listed(writable)}", "grant it SELECT only"))
    sequences = await connection.fetch(_SEQUENCES, name)
    settable = [row["name"] for row in sequences if row["settable"]]
    if settable:
        unsafe.append(_Finding(f"may set the sequence {_listed(settable)}", "revoke UPDATE"))
    advanceable = [row["name"] for row in sequences if row["advanceable"] and not row["settable"]]
    if advanceable:
        doubtful.append(
            _Finding(
                f"may advance the sequence {_listed(advanceable)} with nextval (outside a "
                "read-only transaction)",
                "revoke USAGE",
            )
        )
    schemas = [row[0] for row in await connection.fetch(_CREATE_SCHEMAS, name)]
    if schemas:
        unsafe.append(_Finding(f"can create tables in schema {_listed(schemas)}", "revoke CREATE"))
    database = await connection.fetchrow(_DATABASE, name)
    if database["create"]:
        unsafe.append(_Finding("can create schemas in this database", "revoke CREATE on it"))
    if database["temp"]:
        doubtful.append(
            _Finding(
                "may create temporary tables (outside a read-only transaction)",
                "revoke TEMPORARY on the database from PUBLIC and from the role",
            )
        )
    executable = await connection.fetch(
        _EXECUTABLE, name, [*FILE_FUNCTIONS, *LARGE_OBJECT_CREATORS]
    )
    functions = {row[0] for row in executable}
    file_access = sorted(functions.intersection(FILE_FUNCTIONS))
    if file_access:
        unsafe.append(_Finding(f"may execute {_listed(file_access)}", "revoke EXECUTE on them"))
    creators = sorted(functions.intersection(LARGE_OBJECT_CREATORS))
    if creators:
        doubtful.append(
            _Finding(
                f"may create large objects ({_listed(creators)})",
                "the SQL tool's transactions are read only and rolled back, but the database "
                "would allow it; revoke EXECUTE on them from PUBLIC if no application uses "
                "large objects",
            )
        )
    return unsafe, doubtful


class UnsafeRoleError(Exception):
    """The data source's role is refused; the message says what to fix."""


async def vet_data_source(url: str, *, allow_unsafe_role: bool = False) -> tuple[str, ...]:
    """Check the role of a tenant's PostgreSQL data source (a SQLite file is opened read-only
    by the tool and needs no check); return the warnings about it.

    Raises UnsafeRoleError if the role is refused, or cannot be checked, unless
    `allow_unsafe_role`: then the reasons are returned with the warnings.
    """
    if not is_postgres(url):
        return ()
    try:
        report = await check_role(data_source_url(url))
    except RoleCheckError as error:
        problem = f"its role could not be checked ({error})"
        if not allow_unsafe_role:
            raise UnsafeRoleError(
                f"{problem}. Check the URL and that the database is up, or accept it unchecked "
                "with --allow-unsafe-role"
            ) from None
        return (f"accepted anyway: {problem}",)
    if report.refusals and not allow_unsafe_role:
        raise UnsafeRoleError(
            "; ".join(report.refusals) + f". Connect as a role that can only read ({README_HINT}), "
            "or accept this one with --allow-unsafe-role"
        )
    return (*(f"accepted anyway: {refusal}" for refusal in report.refusals), *report.warnings)
