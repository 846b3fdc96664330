"""Which business database each tenant's SQL tool reads, opened once and shared per URL, and
what that database holds (its schema, read from its catalog): the tool allow-lists its tables."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from agentstream.agents.sql.guard import SqlPolicy
from agentstream.agents.sql.introspection import DatabaseSchema, SchemaCache
from agentstream.agents.sql.tool import (
    PostgresReadOnlySource,
    SqlDataSource,
    SqliteReadOnlySource,
    SqlTool,
)
from agentstream.db.urls import data_source_url, is_postgres
from agentstream.settings import Settings
from agentstream.tenancy.models import Tenant


def open_source(url: str) -> SqlDataSource:
    """A read-only source for a `sqlite:///path` or `postgresql://` URL (see `data_source_url`)."""
    normalized = data_source_url(url)
    if is_postgres(normalized):
        return PostgresReadOnlySource(normalized)
    return SqliteReadOnlySource(Path(str(make_url(normalized).database)))


@dataclass(frozen=True)
class TenantDatabase:
    """Where a tenant's business data lives, and the date its data calls today."""

    url: str
    today: date


class DataSources:
    """The SQL tools of all tenants of this process."""

    def __init__(self, settings: Settings, *, demo_today: date) -> None:
        self._settings = settings
        self._sources: dict[str, SqlDataSource] = {}
        self._tools: dict[str, SqlTool] = {}
        self._schemas = SchemaCache(timeout_s=settings.sql_timeout_s)
        # Resolved once: resolving walks the file system.
        self._demo = TenantDatabase(
            f"sqlite:///{settings.demo_database_path.resolve()}", demo_today
        )

    def database_of(self, tenant: Tenant) -> TenantDatabase | None:
        """The tenant's business database (None without one); the demo data is frozen at
        `demo_today`, a tenant's own data lives in the present."""
        if tenant.data_source_url:
            return TenantDatabase(tenant.data_source_url, datetime.now(UTC).date())
        if tenant.demo_content:
            return self._demo
        return None

    async def open(self, database: TenantDatabase) -> tuple[SqlTool, DatabaseSchema]:
        """The database's schema and a SQL tool allow-listing its tables (raises
        DatabaseUnavailableError when the schema cannot be read)."""
        schema = await self._schemas.schema_of(database.url)
        return self._tool(database.url, schema.table_names), schema

    def _tool(self, url: str, tables: frozenset[str]) -> SqlTool:
        tool = self._tools.get(url)
        if tool is None or tool.policy.allowed_tables != tables:
            source = self._sources.get(url)
            if source is None:
                source = self._sources[url] = open_source(url)
            policy = SqlPolicy(
                allowed_tables=tables,
                row_limit=self._settings.sql_row_limit,
                dialect=source.dialect,
            )
            tool = self._tools[url] = SqlTool(
                source, policy, timeout_s=self._settings.sql_timeout_s
            )
        return tool

    async def close(self) -> None:
        """Close every connection pool."""
        for source in self._sources.values():
            await source.close()
        self._sources.clear()
        self._tools.clear()
