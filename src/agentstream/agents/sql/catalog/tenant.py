"""The tenant's own vocabulary, read from its database: names, skills, regions, statuses.

Read through the SQL tool (so through its guard, read-only and under its timeout), one small
SELECT DISTINCT per coded column, and kept for a short while: new rows show up within a
minute without a query per question. A database without the field-service tables is told
apart from one that merely failed, so that the tenant hears which of the two happened.
"""

import time
import weakref
from dataclasses import dataclass, field

from sqlalchemy import select

from agentstream.agents.sql.catalog.fields import ATTRIBUTES
from agentstream.agents.sql.catalog.render import render
from agentstream.agents.sql.errors import UnsafeQueryError
from agentstream.agents.sql.tool import SqlExecutionError, SqlTool

# The coded columns whose values a question may name.
CODED = (
    "technician.name",
    "customer.name",
    "skill.name",
    "technician.region",
    "customer.region",
    "technician.status",
    "work_order.status",
    "work_order.priority",
    "work_order.category",
    "customer.tier",
)
_FRESH_FOR_S = 60.0


@dataclass(frozen=True)
class Vocabulary:
    """The values of each coded column, as the database spells them."""

    values: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def of(self, name: str) -> tuple[str, ...]:
        """The values of one coded column (empty if unknown)."""
        return self.values.get(name, ())


class SchemaMismatch(Exception):
    """The tenant's database does not have the field-service schema."""


_cache: "weakref.WeakKeyDictionary[SqlTool, tuple[float, Vocabulary]]" = weakref.WeakKeyDictionary()


async def _distinct(tool: SqlTool, name: str) -> tuple[str, ...]:
    column = ATTRIBUTES[name].expression()
    statement = select(column).where(column.is_not(None)).distinct().order_by(column)
    sql, params = render(statement, tool.policy.dialect)
    result = await tool.run(sql, params)
    return tuple(str(row[0]) for row in result.rows)


async def load_vocabulary(tool: SqlTool) -> Vocabulary:
    """The tenant's vocabulary (cached briefly); SchemaMismatch if its tables are others."""
    cached = _cache.get(tool)
    if cached is not None and time.monotonic() - cached[0] < _FRESH_FOR_S:
        return cached[1]
    values: dict[str, tuple[str, ...]] = {}
    try:
        for name in CODED:
            values[name] = await _distinct(tool, name)
    except SqlExecutionError as error:
        if "no such" in str(error) or "does not exist" in str(error):
            raise SchemaMismatch(str(error)) from None
        raise
    except UnsafeQueryError as error:  # the guard refused a table: it is not in the schema
        raise SchemaMismatch(str(error)) from None
    vocabulary = Vocabulary(values)
    _cache[tool] = (time.monotonic(), vocabulary)
    return vocabulary
