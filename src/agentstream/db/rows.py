"""Single rows written and read on the hot paths with Core statements, without the ORM.

Adding an object and flushing costs ~280 µs on SQLite (change tracking, dependency sort,
identity map); one prepared Core INSERT of the same row costs ~110 µs through
`Connection.execute`, and ~40 µs on the DBAPI cursor (`_execute_writes`). Every request reads its
tenant and every chat turn writes five rows and updates its run, so those paths go through
here: repositories build `Write`s (a statement and its parameters) and a unit of work executes
them together with `execute_and_commit`. Objects are made only where a caller needs one,
detached: they name stored rows and are changed with statements, not attributes.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, TypeVar

from sqlalchemy import ColumnDefault, ColumnElement, Connection, Insert, Select, Table, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, MultipleResultsFound
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, configure_mappers, make_transient_to_detached
from sqlalchemy.orm.attributes import manager_of_class
from sqlalchemy.orm.instrumentation import ClassManager
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import UpdateBase

from agentstream.db.base import Base
from agentstream.db.completion import run_to_completion
from agentstream.db.inline_sqlite import InlineConnection

ModelT = TypeVar("ModelT", bound=Base)

# A Core statement with its parameters, to execute later (see `execute_and_commit`).
Write = tuple[UpdateBase, dict[str, Any]]


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


Converter = Callable[[Any], Any] | None


@dataclass(frozen=True, slots=True)
class _DriverStatement:
    """A statement compiled for one dialect: its SQL; per positional parameter, the name it is
    bound from and the type's conversion to the driver's value; and for a query, per selected
    column, its key and the type's conversion from the driver's value (None: taken as is)."""

    sql: str
    binds: tuple[tuple[str, Converter], ...]
    columns: tuple[tuple[str, Converter], ...]

    def parameters(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(
            values[name] if convert is None else convert(values[name])
            for name, convert in self.binds
        )

    def row(self, values: Sequence[Any]) -> dict[str, Any]:
        return {
            key: value if convert is None else convert(value)
            for (key, convert), value in zip(self.columns, values, strict=True)
        }


@lru_cache(maxsize=512)
def _driver_statement(
    statement: UpdateBase | Select[Any], dialect: Dialect, keys: frozenset[str]
) -> _DriverStatement:
    """`statement` compiled once for the parameters `keys`, as SQLAlchemy would for them.

    Only plain statements qualify: positional parameters, each given by the caller (a
    Python-side default left out would be a parameter SQLAlchemy computes), none expanded into
    the SQL at execution time, and no result but a query's selected columns.
    """
    compiled = statement.compile(dialect=dialect, column_keys=sorted(keys))
    assert isinstance(compiled, SQLCompiler)
    names = compiled.positiontup or []
    if (
        not compiled.positional
        or not keys.issuperset(names)
        or compiled.post_compile_params
        or compiled.literal_execute_params
        or compiled.effective_returning
    ):
        raise ValueError(f"not a plain statement with its parameters given: {compiled}")
    selected: list[ColumnElement[Any]] = (
        list(statement.selected_columns) if isinstance(statement, Select) else []
    )
    return _DriverStatement(
        compiled.string,
        tuple(
            (name, compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect))
            for name in names
        ),
        tuple(
            (str(column.key), column.type.dialect_impl(dialect).result_processor(dialect, None))
            for column in selected
        ),
    )


def _cursor(connection: Connection) -> Any:
    """A DBAPI cursor of the connection; on the inline SQLite driver, one that runs in place
    (SQLAlchemy's adapter would take each call to the event loop and back)."""
    driver = connection.connection.driver_connection
    if isinstance(driver, InlineConnection):
        return driver.cursor_in_place()
    return connection.connection.cursor()


def _execute(
    connection: Connection, cursor: Any, statement: _DriverStatement, values: dict[str, Any]
) -> None:
    """Execute on the DBAPI cursor; a driver error is raised as SQLAlchemy's, as there."""
    dialect = connection.dialect
    parameters = statement.parameters(values)
    try:
        cursor.execute(statement.sql, parameters)
    except BaseException as error:
        if not isinstance(error, dialect.loaded_dbapi.Error):
            if not isinstance(error, Exception):
                # As `Connection.execute` does: a statement interrupted on its way (a
                # cancellation, typically) leaves its connection in a state nobody knows, a
                # BEGIN sent or not. Returned to the pool, it would serve the next sessions
                # inside a transaction that never commits; it is closed instead (rolled back).
                connection.invalidate(error)
            raise
        # A connection the server dropped is discarded, not returned to the pool.
        lost = dialect.is_disconnect(error, connection.connection.dbapi_connection, cursor)
        if lost:
            connection.invalidate(error)
        raise DBAPIError.instance(
            statement.sql,
            parameters,
            error,
            dialect.loaded_dbapi.Error,
            connection_invalidated=lost,
            dialect=dialect,
        ) from error


def _execute_writes(connection: Connection, writes: Sequence[Write]) -> None:
    """Execute `writes` on the connection's DBAPI cursor, in its transaction.

    `Connection.execute` costs ~65 µs more per statement than the driver itself: compiled-cache
    lookup, execution context and result objects that a write without a result never uses.
    The statements are compiled once per dialect and their parameters converted by their types
    as `Connection.execute` would.
    """
    cursor = _cursor(connection)
    try:
        for statement, values in writes:
            driver_statement = _driver_statement(statement, connection.dialect, frozenset(values))
            _execute(connection, cursor, driver_statement, values)
    finally:
        cursor.close()


def _query_row(
    connection: Connection, statement: Select[Any], values: dict[str, Any]
) -> dict[str, Any] | None:
    """The one row `statement` finds (None if none), its values converted by their types."""
    driver_statement = _driver_statement(statement, connection.dialect, frozenset(values))
    cursor = _cursor(connection)
    try:
        _execute(connection, cursor, driver_statement, values)
        rows = cursor.fetchmany(2)
    finally:
        cursor.close()
    if len(rows) > 1:
        raise MultipleResultsFound("the query found more than one row")
    return driver_statement.row(rows[0]) if rows else None


async def execute_and_commit(session: AsyncSession, writes: Sequence[Write]) -> None:
    """Execute `writes` in order in the session's transaction, then commit, in one call into
    SQLAlchemy's sync core.

    Every `await` on an AsyncSession runs in a new greenlet (~25 µs of CPU) and goes through the
    ORM's execute path (~10 µs more than Core's): more than a small INSERT itself costs.
    A cancellation of the caller waits for the commit (see `run_to_completion`).
    """

    def execute_all(sync_session: Session) -> None:
        _execute_writes(sync_session.connection(), writes)
        sync_session.commit()

    await run_to_completion(session.run_sync(execute_all))


async def select_row(
    session: AsyncSession, model: type[ModelT], statement: Select[Any], **params: Any
) -> ModelT | None:
    """The one row a Core SELECT of the model's columns finds, as a detached object.

    Read on the DBAPI cursor as the writes are: `AsyncSession.execute` costs ~50 µs more.
    """
    row = await session.run_sync(lambda sync: _query_row(sync.connection(), statement, params))
    return None if row is None else detached(model, row)


def table_of(model: type[Base]) -> Table:
    """The Core table of a mapped model."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


@cache
def _class_manager(model: type[Base]) -> ClassManager[Any]:
    # A constructor would complete the mappings on first use; `new_instance` does not.
    configure_mappers()
    return manager_of_class(model)


def detached(model: type[ModelT], row: dict[str, Any]) -> ModelT:
    """The object of a stored row, outside any session.

    Its values are set as loaded, the way SQLAlchemy's loader sets them (~4 µs): the
    constructor would record each one as a change first (~14 µs).
    """
    instance: ModelT = _class_manager(model).new_instance()
    instance.__dict__.update(row)
    make_transient_to_detached(instance)
    return instance
