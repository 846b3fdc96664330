"""Which business database each tenant's SQL tool reads, opened once and shared per URL."""

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from agentstream.agents.sql.guard import SqlPolicy
from agentstream.agents.sql.tool import (
    PostgresReadOnlySource,
    SqlDataSource,
    SqliteReadOnlySource,
    SqlTool,
)
from agentstream.demo.fieldservice.generator import REFERENCE_DATE
from agentstream.demo.fieldservice.schema import ALLOWED_TABLES
from agentstream.settings import Settings
from agentstream.tenancy.models import Tenant


def open_source(url: str) -> SqlDataSource:
    """A read-only source for a `sqlite:///path` or `postgresql://` URL."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite" and parsed.database:
        return SqliteReadOnlySource(Path(parsed.database))
    if backend == "postgresql":
        return PostgresReadOnlySource(
            parsed.set(drivername="postgresql").render_as_string(hide_password=False)
        )
    raise ValueError(f"unsupported data source backend: {backend}")


class DataSources:
    """The SQL tools of all tenants of this process."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._tools: dict[str, SqlTool] = {}
        # Resolved once: resolving walks the file system.
        self._demo_url = f"sqlite:///{settings.demo_database_path.resolve()}"

    def _tool(self, url: str) -> SqlTool:
        tool = self._tools.get(url)
        if tool is None:
            source = open_source(url)
            policy = SqlPolicy(
                allowed_tables=ALLOWED_TABLES,
                row_limit=self._settings.sql_row_limit,
                dialect=source.dialect,
            )
            tool = self._tools[url] = SqlTool(
                source, policy, timeout_s=self._settings.sql_timeout_s
            )
        return tool

    def for_tenant(self, tenant: Tenant) -> tuple[SqlTool | None, date]:
        """The tenant's SQL tool (None without a database) and the date its data calls today."""
        if tenant.data_source_url:
            return self._tool(tenant.data_source_url), datetime.now(UTC).date()
        if tenant.demo_content:
            return self._tool(self._demo_url), REFERENCE_DATE
        return None, datetime.now(UTC).date()

    async def close(self) -> None:
        """Close every connection pool."""
        for tool in self._tools.values():
            await tool.source.close()
        self._tools.clear()
