"""Single rows written and read on the hot paths with Core statements, without the ORM.

Adding an object and flushing costs ~280 µs on SQLite (change tracking, dependency sort,
identity map); one prepared Core INSERT of the same row costs ~110 µs. Every request reads its
tenant and every chat turn writes five rows and updates its run, so those paths go through
here: repositories build `Write`s (a statement and its parameters) and a unit of work executes
them together with `execute_and_commit`. Objects are made only where a caller needs one,
detached: they name stored rows and are changed with statements, not attributes.
"""

from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import ColumnDefault, Executable, Insert, Select, Table, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, make_transient_to_detached

from agentstream.db.base import Base

ModelT = TypeVar("ModelT", bound=Base)

# A Core statement with its parameters, to execute later (see `execute_and_commit`).
Write = tuple[Executable, dict[str, Any]]


@cache
def _insert_of(table: Table) -> Insert:
    return insert(table)


@cache
def _defaults_of(table: Table) -> tuple[tuple[str, bool, Any], ...]:
    """Per column an insert may leave out: (key, whether the default is a callable, default).
    Columns with a server-side default are left to the server."""
    defaults: list[tuple[str, bool, Any]] = []
    for column in table.columns:
        default = column.default
        if isinstance(default, ColumnDefault) and (default.is_callable or default.is_scalar):
            defaults.append((column.key, default.is_callable, default.arg))
        elif default is None and column.server_default is None:
            defaults.append((column.key, False, None))
    return tuple(defaults)


def with_defaults(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    """`values` completed for the columns it leaves out: their Python-side default, or NULL
    where the database has no default either."""
    row = dict(values)
    for key, is_callable, default in _defaults_of(table):
        if key not in row:
            # SQLAlchemy wraps a callable default to take an execution context: none here.
            row[key] = default(None) if is_callable else default
    return row


def row_insert(model: type[Base], **values: Any) -> Write:
    """The INSERT of one row (its parameters are the row's values, defaults included)."""
    table = table_of(model)
    return _insert_of(table), with_defaults(table, values)


async def execute_and_commit(session: AsyncSession, writes: Sequence[Write]) -> None:
    """Execute `writes` in order on the session's connection, then commit, in one call into
    SQLAlchemy's sync core.

    Every `await` on an AsyncSession runs in a new greenlet (~25 µs of CPU) and goes through the
    ORM's execute path (~10 µs more than Core's): more than a small INSERT itself costs.
    """

    def execute_all(sync_session: Session) -> None:
        connection = sync_session.connection()
        for statement, parameters in writes:
            connection.execute(statement, parameters)
        sync_session.commit()

    await session.run_sync(execute_all)


async def select_row(
    session: AsyncSession, model: type[ModelT], statement: Select[Any], **params: Any
) -> ModelT | None:
    """The one row a Core SELECT of the model's columns finds, as a detached object."""
    row = (await session.execute(statement, params)).mappings().one_or_none()
    return None if row is None else detached(model, dict(row))


def table_of(model: type[Base]) -> Table:
    """The Core table of a mapped model."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def detached(model: type[ModelT], row: dict[str, Any]) -> ModelT:
    """The object of a stored row, outside any session (~15 µs: make one only when needed)."""
    instance = model(**row)
    make_transient_to_detached(instance)
    return instance
