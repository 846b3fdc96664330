"""Which business database each tenant's SQL tool reads, opened once and shared per URL, and
what that database holds (its schema, read from its catalog): the tool allow-lists its tables."""

import asyncio
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from agentstream.agents.sql.guard import SqlPolicy
from agentstream.agents.sql.introspection import DatabaseSchema, SchemaCache
from agentstream.agents.sql.tool import (
    Fetched,
    PostgresReadOnlySource,
    SqlDataSource,
    SqliteReadOnlySource,
    SqlTimeoutError,
    SqlTool,
    timeout_error,
)
from agentstream.db.urls import data_source_url, is_postgres
from agentstream.settings import Settings
from agentstream.tenancy.models import Tenant

# A query that got its slot just before its deadline still gets a moment to run.
_MIN_TIME_LEFT_S = 0.05


def open_source(url: str, *, sqlite_readers: int = 4) -> SqlDataSource:
    """A read-only source for a `sqlite:///path` or `postgresql://` URL (see `data_source_url`);
    a SQLite file is read by up to `sqlite_readers` queries at once."""
    normalized = data_source_url(url)
    if is_postgres(normalized):
        return PostgresReadOnlySource(normalized)
    return SqliteReadOnlySource(Path(str(make_url(normalized).database)), readers=sqlite_readers)


class TenantShare:
    """One tenant's use of a data source other tenants may share: at most `limit` of its
    queries run at once, so that a tenant with many slow queries keeps its own waiting."""

    def __init__(self, source: SqlDataSource, slots: asyncio.Semaphore, limit: int) -> None:
        self._source = source
        self._slots = slots
        self._limit = limit
        self.dialect = source.dialect

    async def fetch(
        self, sql: str, params: Mapping[str, Any], *, max_rows: int, timeout_s: float
    ) -> Fetched:
        """Wait for one of the tenant's slots, then run the query in the time left."""
        deadline = time.monotonic() + timeout_s
        try:
            async with asyncio.timeout(timeout_s):
                await self._slots.acquire()
        except TimeoutError:
            raise SqlTimeoutError(
                f"the query waited {timeout_s:g} s behind this tenant's other queries "
                f"({self._limit} run at once) and was not run"
            ) from None
        try:
            left = max(deadline - time.monotonic(), _MIN_TIME_LEFT_S)
            return await self._source.fetch(sql, params, max_rows=max_rows, timeout_s=left)
        except SqlTimeoutError:
            # The query's budget was the whole timeout, its wait for a slot included: name that,
            # not the fraction of a second left when it started.
            raise timeout_error(timeout_s) from None
        finally:
            self._slots.release()

    async def close(self) -> None:
        """Nothing to close: the shared source belongs to `DataSources`."""


@dataclass(frozen=True)
class TenantDatabase:
    """Where a tenant's business data lives, and the date its data calls today."""

    url: str
    today: date
    tenant_id: uuid.UUID


class DataSources:
    """The SQL tools of all tenants of this process."""

    def __init__(
        self,
        settings: Settings,
        *,
        demo_today: date,
        opener: Callable[[str], SqlDataSource] | None = None,
    ) -> None:
        self._settings = settings
        self._open = opener or partial(open_source, sqlite_readers=settings.sql_sqlite_readers)
        self._sources: dict[str, SqlDataSource] = {}
        self._policies: dict[str, SqlPolicy] = {}
        self._slots: dict[uuid.UUID, asyncio.Semaphore] = {}
        self._schemas = SchemaCache(timeout_s=settings.sql_timeout_s)
        # Resolved once: resolving walks the file system.
        self._demo_url = f"sqlite:///{settings.demo_database_path.resolve()}"
        self._demo_today = demo_today

    def database_of(self, tenant: Tenant) -> TenantDatabase | None:
        """The tenant's business database (None without one); the demo data is frozen at
        `demo_today`, a tenant's own data lives in the present."""
        if tenant.data_source_url:
            return TenantDatabase(tenant.data_source_url, datetime.now(UTC).date(), tenant.id)
        if tenant.demo_content:
            return TenantDatabase(self._demo_url, self._demo_today, tenant.id)
        return None

    async def open(self, database: TenantDatabase) -> tuple[SqlTool, DatabaseSchema]:
        """The database's schema and a SQL tool allow-listing its tables (raises
        DatabaseUnavailableError when the schema cannot be read)."""
        schema = await self._schemas.schema_of(database.url)
        return self.tool(database, schema.table_names), schema

    def tool(self, database: TenantDatabase, tables: frozenset[str]) -> SqlTool:
        """A SQL tool on the database, allow-listing `tables`, running the tenant's share of
        queries (its source is shared by every tenant with the same URL)."""
        url = database.url
        source = self._sources.get(url)
        if source is None:
            source = self._sources[url] = self._open(url)
        policy = self._policies.get(url)
        if policy is None or policy.allowed_tables != tables:
            policy = self._policies[url] = SqlPolicy(
                allowed_tables=tables,
                row_limit=self._settings.sql_row_limit,
                dialect=source.dialect,
            )
        limit = self._settings.sql_max_concurrent_per_tenant
        slots = self._slots.get(database.tenant_id)
        if slots is None:
            slots = self._slots[database.tenant_id] = asyncio.Semaphore(limit)
        return SqlTool(
            TenantShare(source, slots, limit), policy, timeout_s=self._settings.sql_timeout_s
        )

    async def close(self) -> None:
        """Close every connection pool."""
        for source in self._sources.values():
            await source.close()
        self._sources.clear()
        self._policies.clear()
