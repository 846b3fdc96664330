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

_ROLE = """SELECT current_user AS name, rolsuper, rolcreaterole FROM pg_roles
    WHERE rolname = current_user"""
_MEMBERSHIPS = """SELECT rolname FROM pg_roles
    WHERE rolname = ANY($1::text[]) AND pg_has_role(current_user, oid, 'MEMBER')
    ORDER BY rolname"""
# Tables, views and the like outside the system schemas, with what the role may do to them.
_RELATIONS = """SELECT n.nspname || '.' || c.relname AS name,
        n.nspname = current_schema() AS allow_listed,
        has_any_column_privilege(c.oid, 'SELECT') AS readable,
        has_table_privilege(c.oid, 'DELETE, TRUNCATE, TRIGGER')
            OR has_any_column_privilege(c.oid, 'INSERT, UPDATE') AS writable
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
    ORDER BY 1"""
_CREATE_SCHEMAS = """SELECT n.nspname FROM pg_namespace n
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
        AND has_schema_privilege(n.oid, 'CREATE')
    ORDER BY 1"""
_CREATE_IN_DATABASE = "SELECT has_database_privilege(current_database(), 'CREATE')"
_EXECUTABLE = """SELECT DISTINCT p.proname FROM pg_proc p
    WHERE p.proname = ANY($1::text[]) AND has_function_privilege(p.oid, 'EXECUTE')
    ORDER BY 1"""


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
    role = await connection.fetchrow(_ROLE)
    name = str(role["name"])
    if role["rolsuper"]:
        refusal = f"the role {name} is a superuser: it can read and write anything"
        return RoleReport(role=name, refusals=(refusal,), warnings=())
    refusals: list[str] = []
    if role["rolcreaterole"]:
        refusals.append(f"the role {name} has CREATEROLE: it can grant itself other roles")
    memberships = [row[0] for row in await connection.fetch(_MEMBERSHIPS, list(DANGEROUS_ROLES))]
    if memberships:
        refusals.append(
            f"the role {name} is a member of {_listed(memberships)}: revoke that membership"
        )
    relations = await connection.fetch(_RELATIONS)
    writable = [row["name"] for row in relations if row["writable"]]
    if writable:
        refusals.append(f"the role {name} can write to {_listed(writable)}: grant it SELECT only")
    schemas = [row[0] for row in await connection.fetch(_CREATE_SCHEMAS)]
    if schemas:
        refusals.append(
            f"the role {name} can create tables in schema {_listed(schemas)}: revoke CREATE"
        )
    if await connection.fetchval(_CREATE_IN_DATABASE):
        refusals.append(f"the role {name} can create schemas in this database: revoke CREATE on it")
    executable = await connection.fetch(_EXECUTABLE, [*FILE_FUNCTIONS, *LARGE_OBJECT_CREATORS])
    functions = {row[0] for row in executable}
    file_access = sorted(functions.intersection(FILE_FUNCTIONS))
    if file_access:
        refusals.append(
            f"the role {name} may execute {_listed(file_access)}: revoke EXECUTE on them"
        )
    warnings: list[str] = []
    readable = [row["name"] for row in relations if row["readable"] and not row["allow_listed"]]
    if readable:
        warnings.append(
            f"the role {name} can read tables outside the SQL tool's allow-list "
            f"({_listed(readable)}): the guard refuses them, but grant SELECT only in the "
            "schema the tool reads"
        )
    creators = sorted(functions.intersection(LARGE_OBJECT_CREATORS))
    if creators:
        warnings.append(
            f"the role {name} may create large objects ({_listed(creators)}): the SQL tool's "
            "transactions are read only and rolled back, but the database would allow it; "
            "revoke EXECUTE on them from PUBLIC if no application uses large objects"
        )
    return RoleReport(role=name, refusals=tuple(refusals), warnings=tuple(warnings))


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
