"""What a tenant's business database holds, read from the database itself.

The agent loop shows the model the tables, columns, types and keys of the tenant's own
database, and the values of its low-cardinality columns (statuses, regions, tiers), so a
capable model can write SQL for any schema. The SQL tool allow-lists the same tables.

Reading the catalog needs a connection of its own (the SQL tool's read-only connections deny
catalog reads on purpose): SQLAlchemy reflection on a short-lived engine, SQLite opened
`mode=ro`, PostgreSQL in read-only transactions under a statement timeout.
"""

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Column, MetaData, Table, select, text
from sqlalchemy import types as sqltypes
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

from agentstream.agents.errors import DatabaseUnavailableError
from agentstream.logs import get_logger

log = get_logger(__name__)

# A column with at most this many distinct values has them listed for the model.
MAX_LISTED_VALUES = 12
# Values are read from this many rows of each table: enough to meet every status or region of
# a real table, bounded so that a table of millions of rows costs no more than a small one.
SAMPLED_ROWS = 50_000
_MAX_VALUE_CHARS = 60
# Relations of the schema the connection reads (its search path's first) that the role may
# SELECT from; a grant on some columns only does not count, as `SELECT *` would fail.
_READABLE_TABLES = text(
    """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        AND has_table_privilege(c.oid, 'SELECT')"""
)
# Kinds of columns whose values may name categories; dates and amounts do not. Text counts
# (many schemas, and most SQLite ones, declare their statuses TEXT): free text is left out by
# the bounds on the number of distinct values and on their length.
_CATEGORY_TYPES = (sqltypes.String, sqltypes.Enum, sqltypes.Boolean, sqltypes.Integer)


@dataclass(frozen=True, slots=True)
class ColumnSchema:
    """One column: its type, keys, and its values when they are few."""

    name: str
    type: str
    nullable: bool
    primary_key: bool = False
    references: str | None = None  # "table.column" of a foreign key
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TableSchema:
    """A table (or view) the SQL tool may read."""

    name: str
    columns: tuple[ColumnSchema, ...]
    view: bool = False


@dataclass(frozen=True, slots=True)
class DatabaseSchema:
    """The tables of one database, as its catalog describes them."""

    dialect: str
    tables: tuple[TableSchema, ...]

    @property
    def table_names(self) -> frozenset[str]:
        """The names the SQL tool allow-lists."""
        return frozenset(table.name for table in self.tables)


def introspection_url(url: str) -> URL:
    """The async SQLAlchemy URL that reads the catalog of a `sqlite:///` or `postgresql://`
    data source URL (SQLite opened read-only, never created)."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite" and parsed.database:
        location = Path(parsed.database).resolve().as_uri()
        read_only = {"mode": "ro", "uri": "true"}
        return URL.create("sqlite+aiosqlite", database=location, query=read_only)
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+asyncpg")
    raise DatabaseUnavailableError(f"The business database has an unsupported URL ({backend}).")


def _connect_args(url: URL, timeout_s: float) -> dict[str, Any]:
    if url.get_backend_name() != "postgresql":
        return {}
    timeout_ms = str(max(1, round(timeout_s * 1000)))
    return {
        "timeout": timeout_s,
        "server_settings": {
            "default_transaction_read_only": "on",
            "statement_timeout": timeout_ms,
            "application_name": "agentstream-introspection",
        },
    }


def _type_name(column: Column[Any]) -> str:
    try:
        return str(column.type.compile())
    except Exception:  # a type the generic compiler cannot render (vendor-specific)
        return type(column.type).__name__.upper()


def _reference(column: Column[Any], tables: frozenset[str]) -> str | None:
    """The "table.column" a foreign key points at, if the role may read that table."""
    for key in column.foreign_keys:
        *_, table, target = key.target_fullname.split(".")
        if table in tables:
            return f"{table}.{target}"
    return None


def _is_category(column: Column[Any]) -> bool:
    if column.primary_key or column.foreign_keys:
        return False
    return isinstance(column.type, _CATEGORY_TYPES)


def _values(connection: Connection, table: Table, column: Column[Any]) -> tuple[str, ...]:
    """The column's distinct values among the table's first rows, if there are few."""
    sample = select(column.label("value")).select_from(table).limit(SAMPLED_ROWS).subquery()
    query = (
        select(sample.c.value)
        .where(sample.c.value.is_not(None))
        .distinct()
        .order_by(sample.c.value)
        .limit(MAX_LISTED_VALUES + 1)
    )
    values = [str(value) for value in connection.execute(query).scalars()]
    if len(values) > MAX_LISTED_VALUES or any(len(v) > _MAX_VALUE_CHARS for v in values):
        return ()
    return tuple(values)


def _readable(connection: Connection) -> frozenset[str] | None:
    """The tables and views of the default schema the role may SELECT from (None: all of
    them, as in SQLite, which has no privileges)."""
    if connection.dialect.name != "postgresql":
        return None
    return frozenset(connection.execute(_READABLE_TABLES).scalars())


def _read_catalog(connection: Connection) -> tuple[TableSchema, ...]:
    metadata = MetaData()
    metadata.reflect(connection, views=True)
    views = set(connection.dialect.get_view_names(connection))
    # A table the role cannot read is left out: sampling its values would fail the whole
    # schema, and the SQL tool must not offer it to the model.
    readable = _readable(connection)
    kept = [
        table
        for table in metadata.sorted_tables
        if table.schema is None and (readable is None or table.name in readable)
    ]
    names = frozenset(table.name for table in kept)
    tables: list[TableSchema] = []
    for table in kept:
        columns = tuple(
            ColumnSchema(
                name=column.name,
                type=_type_name(column),
                nullable=bool(column.nullable),
                primary_key=column.primary_key,
                references=_reference(column, names),
                values=_values(connection, table, column) if _is_category(column) else (),
            )
            for column in table.columns
        )
        tables.append(TableSchema(table.name, columns, view=table.name in views))
    return tuple(tables)


async def introspect(url: str, *, timeout_s: float) -> DatabaseSchema:
    """Read the schema of the database at the data source `url` within `timeout_s`.

    Raises DatabaseUnavailableError when the database cannot be reached or read.
    """
    target = introspection_url(url)
    engine = create_async_engine(
        target, poolclass=NullPool, connect_args=_connect_args(target, timeout_s)
    )
    try:
        async with asyncio.timeout(timeout_s):
            connection: AsyncConnection
            async with engine.connect() as connection:
                tables = await connection.run_sync(_read_catalog)
    except (TimeoutError, SQLAlchemyError, OSError) as error:
        log.warning("schema_introspection_failed", error=type(error).__name__)
        raise DatabaseUnavailableError(
            "The business database could not be read right now; please try again later."
        ) from None
    finally:
        await engine.dispose()
    dialect = "sqlite" if target.get_backend_name() == "sqlite" else "postgres"
    return DatabaseSchema(dialect=dialect, tables=tables)


class SchemaCache:
    """Each database's schema, read once and again after `ttl_s` (a schema changes rarely);
    concurrent readers of one database share a single introspection, and a database that
    cannot be read for a while keeps the schema read last."""

    def __init__(self, *, timeout_s: float, ttl_s: float = 300.0) -> None:
        self._timeout_s = timeout_s
        self._ttl_s = ttl_s
        self._schemas: dict[str, tuple[float, DatabaseSchema]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def schema_of(self, url: str) -> DatabaseSchema:
        """The schema of the database at `url` (raises DatabaseUnavailableError)."""
        cached = self._fresh(url)
        if cached is not None:
            return cached
        async with self._locks.setdefault(url, asyncio.Lock()):
            cached = self._fresh(url)
            if cached is not None:
                return cached
            try:
                schema = await introspect(url, timeout_s=self._timeout_s)
            except DatabaseUnavailableError:
                stale = self._schemas.get(url)
                if stale is None:
                    raise
                return stale[1]  # a passing outage: the schema read last is still right
            self._schemas[url] = (time.monotonic(), schema)
            return schema

    def _fresh(self, url: str) -> DatabaseSchema | None:
        entry = self._schemas.get(url)
        if entry is None or time.monotonic() - entry[0] > self._ttl_s:
            return None
        return entry[1]
