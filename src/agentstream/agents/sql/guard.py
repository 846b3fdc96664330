"""Static vetting of model-written SQL: one read-only SELECT over allow-listed tables.

The guard parses the statement with sqlglot, walks every node of the tree against allow-lists
(node types, functions, data types, tables) and re-renders the tree, so the text that reaches
the database is sqlglot's rendering of a vetted tree, never the caller's text: comments and
anything sqlglot did not understand cannot survive. It also bounds the work the statement can
ask of the database's planner (`bounds.check_bounds`), which no statement timeout can stop.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, SqlglotError

from agentstream.agents.sql.allowlists import (
    ALLOWED_ANONYMOUS_FUNCTIONS,
    ALLOWED_NODES,
    ALLOWED_TYPES,
    COMPARISONS,
    DEFAULT_SCHEMAS,
    DENIED_FUNCTION_INFIXES,
    DENIED_FUNCTION_PREFIXES,
    DENIED_FUNCTIONS,
    MAX_SQL_CHARS,
    SESSION_KEYWORDS,
    SUPPORTED_DIALECTS,
    SYSTEM_SCHEMAS,
    SYSTEM_TABLE_PREFIXES,
    TABLE_ARGS,
)
from agentstream.agents.sql.bounds import check_bounds
from agentstream.agents.sql.errors import SqlToolError, UnsafeQueryError, shown_name

__all__ = ["SqlPolicy", "SqlToolError", "UnsafeQueryError", "is_denied_function", "vet_query"]


@dataclass(frozen=True)
class SqlPolicy:
    """What the SQL tool may read: tables, how many rows, in which SQL dialect."""

    allowed_tables: frozenset[str]
    row_limit: int = 200
    dialect: str = "sqlite"

    def __post_init__(self) -> None:
        if self.dialect not in SUPPORTED_DIALECTS:
            raise ValueError(f"unsupported SQL dialect {self.dialect!r}")
        if self.row_limit < 1:
            raise ValueError("row_limit must be at least 1")


def vet_query(sql: str, policy: SqlPolicy) -> str:
    """Return `sql` re-rendered for the policy's dialect with the row cap applied.

    Raises UnsafeQueryError unless `sql` is exactly one read-only SELECT over allowed tables.
    """
    rendered = _vet_and_render(_parse_single(sql, policy.dialect), policy)
    # Render -> parse -> render must be a fixed point: the database is about to parse this
    # text, and a rendering that reads back differently is not the statement we vetted.
    again = _vet_and_render(_parse_single(rendered, policy.dialect), policy)
    if again != rendered:
        raise UnsafeQueryError("query could not be normalized safely")
    return rendered


def _parse_single(sql: str, dialect: str) -> exp.Expr:
    if not sql or not sql.strip():
        raise UnsafeQueryError("empty query")
    if len(sql) > MAX_SQL_CHARS:
        raise UnsafeQueryError(f"query is longer than {MAX_SQL_CHARS} characters")
    try:
        parsed = sqlglot.parse(sql, read=dialect, error_level=ErrorLevel.RAISE)
    except (SqlglotError, RecursionError):
        raise UnsafeQueryError("query could not be parsed") from None
    statements = [statement for statement in parsed if statement is not None]
    if not statements:
        raise UnsafeQueryError("empty query")
    if len(statements) > 1:
        raise UnsafeQueryError("exactly one statement is allowed")
    return statements[0]


def _vet_and_render(tree: exp.Expr, policy: SqlPolicy) -> str:
    query = _top_level_query(tree)
    names = _Names(policy.allowed_tables)
    # Materialize the walk first: the checks strip schema qualifiers in place.
    for node in list(query.walk()):
        _check_node(node, names)
    check_bounds(query)
    _enforce_row_cap(query, policy.row_limit + 1)
    return _render(query, policy.dialect)


def _top_level_query(tree: exp.Expr) -> exp.Query:
    # `(SELECT ...)` is a SELECT too; a parenthesized query carrying its own clauses is not
    # worth supporting.
    while isinstance(tree, exp.Subquery) and not any(
        value for key, value in tree.args.items() if key != "this"
    ):
        tree = tree.this
    if isinstance(tree, exp.Select | exp.Union | exp.Intersect | exp.Except):
        return tree
    raise UnsafeQueryError("only a single SELECT query is allowed")


class _Names:
    """How names resolve, and which tables the policy allows.

    Unquoted names fold to lower case (ASCII only, as in both databases). Quoted names are
    taken exactly: PostgreSQL resolves `"CUSTOMERS"` to another table than `customers`, and
    SQLite is held to the same rule so that a quoted name means one thing everywhere.
    Allow-listed names are written as they would be unquoted.
    """

    def __init__(self, allowed_tables: frozenset[str]) -> None:
        self.allowed_tables = frozenset(_fold(name) for name in allowed_tables)

    @staticmethod
    def resolve(identifier: exp.Expr | None) -> str:
        """The name the database looks up for an identifier ("" for none)."""
        if not isinstance(identifier, exp.Identifier):
            return ""
        return identifier.name if identifier.quoted else _fold(identifier.name)


def _fold(name: str) -> str:
    # ASCII only, like both databases: str.lower would fold KELVIN SIGN onto "k".
    return name.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _check_node(node: exp.Expr, names: _Names) -> None:
    if isinstance(node, exp.Insert | exp.Update | exp.Delete | exp.Merge):
        raise UnsafeQueryError("data-modifying statements are not allowed")
    if isinstance(node, exp.Into):
        raise UnsafeQueryError("SELECT INTO is not allowed")
    if isinstance(node, exp.Lock):
        raise UnsafeQueryError("locking clauses such as FOR UPDATE are not allowed")
    if isinstance(node, exp.With) and node.args.get("recursive"):
        raise UnsafeQueryError("recursive CTEs are not allowed")
    if isinstance(node, exp.Func):
        _check_function(node)
    elif isinstance(node, exp.Table):
        _check_table(node, names)
    elif isinstance(node, exp.Column):
        _check_column(node, names)
    elif isinstance(node, exp.Placeholder):
        if not isinstance(node.this, str) or not (node.this.isascii() and node.this.isidentifier()):
            raise UnsafeQueryError("only named parameters such as :name are supported")
    elif isinstance(node, exp.Identifier) and not node.quoted:
        # sqlglot reads SQLite's `$1` / `@x` as column names while SQLite binds them as
        # parameters: plain identifiers only, so both sides agree on what a name is.
        if not (node.name.isascii() and node.name.isidentifier()):
            raise UnsafeQueryError("unquoted identifiers must be plain names")
    elif isinstance(node, exp.Tuple) and not isinstance(node.parent, _ROW_OPERAND_PARENTS):
        # Anywhere else `(a, b)` builds a row, and a row turned into text doubles the quotes
        # of the text inside it (see `expansion`).
        raise UnsafeQueryError("a row value (a, b) is allowed only in comparisons and IN lists")
    elif isinstance(node, exp.DataType):
        if node.this not in ALLOWED_TYPES:
            raise UnsafeQueryError("cast to this data type is not allowed")
    elif isinstance(node, exp.Var) and not isinstance(
        # PostgreSQL's `LIMIT ALL` is a keyword under the limit: the row cap replaces it.
        node.parent,
        exp.Func | exp.Interval | exp.WindowSpec | exp.Limit,
    ):
        raise UnsafeQueryError("unsupported SQL construct: bare keyword")
    if type(node) not in ALLOWED_NODES:
        raise UnsafeQueryError(f"unsupported SQL construct: {node.key}")


# Where `(a, b)` is compared or grouped, never turned into a value of its own.
_ROW_OPERAND_PARENTS = (*COMPARISONS, exp.In, exp.Group)


def _check_function(node: exp.Func) -> None:
    names = [str(node.this)] if isinstance(node, exp.Anonymous) else list(node.sql_names())
    shown = shown_name(names[0]) if names else "(unnamed)"
    lowered = [name.lower() for name in names]
    if any(is_denied_function(name) for name in lowered):
        raise UnsafeQueryError(f"function {shown} is not allowed")
    if isinstance(node, exp.Anonymous):
        if lowered[0] not in ALLOWED_ANONYMOUS_FUNCTIONS:
            raise UnsafeQueryError(f"function {shown} is not allowed")
    # Operators such as AND and EXISTS are Func subclasses too, hence the node allow-list.
    elif type(node) not in ALLOWED_NODES:
        raise UnsafeQueryError(f"function {shown} is not allowed")


def is_denied_function(name: str) -> bool:
    """Whether a function name (any case) is on the deny-list of dangerous functions."""
    name = name.lower()
    return (
        name in DENIED_FUNCTIONS
        or name.startswith(DENIED_FUNCTION_PREFIXES)
        or any(infix in name for infix in DENIED_FUNCTION_INFIXES)
    )


def _check_table(table: exp.Table, names: _Names) -> None:
    if not isinstance(table.this, exp.Identifier):
        raise UnsafeQueryError("table functions are not allowed in FROM")
    if table.args.get("catalog"):
        raise UnsafeQueryError("database-qualified table names are not allowed")
    if any(value for key, value in table.args.items() if key not in TABLE_ARGS):
        raise UnsafeQueryError("unsupported table clause")
    name, schema = names.resolve(table.this), names.resolve(table.args.get("db"))
    if not schema and _references_cte(table, names):
        return
    shown = shown_name(table.name)
    # System names are refused in any case and quoting: refusing too much is harmless here.
    if _fold(name).startswith(SYSTEM_TABLE_PREFIXES) or _fold(schema) in SYSTEM_SCHEMAS:
        raise UnsafeQueryError(f"system catalog {shown} is not allowed")
    if schema and schema not in DEFAULT_SCHEMAS:
        raise UnsafeQueryError(f"schema {shown_name(table.text('db'))} is not allowed")
    if name not in names.allowed_tables:
        raise UnsafeQueryError(f"table {shown} is not allowed")
    if schema:
        table.set("db", None)


def _check_column(column: exp.Column, names: _Names) -> None:
    if column.args.get("catalog"):
        raise UnsafeQueryError("database-qualified column names are not allowed")
    identifier = column.this
    if isinstance(identifier, exp.Identifier) and not identifier.quoted:
        if not column.table and _fold(identifier.name) in SESSION_KEYWORDS:
            # PostgreSQL reads a bare `user` as CURRENT_USER, not as a column.
            raise UnsafeQueryError(f"{shown_name(identifier.name)} is not allowed")
        if column.table and is_denied_function(identifier.name):
            # PostgreSQL reads `t.f` as the function call `f(t)` when t has no column f.
            raise UnsafeQueryError(f"function {shown_name(identifier.name)} is not allowed")
    schema = names.resolve(column.args.get("db"))
    if schema:
        if schema not in DEFAULT_SCHEMAS:
            raise UnsafeQueryError(f"schema {shown_name(column.text('db'))} is not allowed")
        # Keep the column consistent with its table, whose qualifier is dropped too.
        column.set("db", None)


def _references_cte(table: exp.Table, names: _Names) -> bool:
    """Whether an unqualified table name resolves to a CTE in scope (not to a real table)."""
    name = names.resolve(table.this)
    child: exp.Expr = table
    node = child.parent
    while node is not None:
        if isinstance(node, exp.With):
            # We are inside one of this WITH's CTE bodies: only earlier siblings are visible,
            # and naming itself would make it recursive (SQLite does not need the keyword).
            index = next(i for i, cte in enumerate(node.expressions) if cte is child)
            if _cte_name(node.expressions[index], names) == name:
                raise UnsafeQueryError("recursive CTEs are not allowed")
            if name in {_cte_name(cte, names) for cte in node.expressions[:index]}:
                return True
        else:
            with_ = node.args.get("with_") or node.args.get("with")
            if (
                isinstance(with_, exp.With)
                and with_ is not child
                and name in {_cte_name(cte, names) for cte in with_.expressions}
            ):
                return True
        child, node = node, node.parent
    return False


def _cte_name(cte: exp.Expr, names: _Names) -> str:
    alias = cte.args.get("alias")
    return names.resolve(alias.this if isinstance(alias, exp.TableAlias) else None)


def _enforce_row_cap(query: exp.Query, cap: int) -> None:
    limit = query.args.get("limit")
    if limit is None:
        query.set("limit", exp.Limit(expression=exp.Literal.number(cap)))
        return
    if isinstance(limit, exp.Fetch):
        options = limit.args.get("limit_options")
        if options is not None and (options.args.get("percent") or options.args.get("with_ties")):
            raise UnsafeQueryError("FETCH with PERCENT or WITH TIES is not allowed")
        requested = _literal_int(limit.args.get("count"))
        limit = exp.Limit(expression=exp.Literal.number(cap))
        query.set("limit", limit)
    elif isinstance(limit, exp.Limit) and not limit.args.get("expressions"):
        requested = _literal_int(limit.expression)
    else:
        raise UnsafeQueryError("unsupported LIMIT clause")
    if requested is None:
        raise UnsafeQueryError("LIMIT must be a literal number")
    # Negative (SQLite) and ALL mean "no limit": both become the cap.
    capped = requested if 0 <= requested <= cap else cap
    limit.set("expression", exp.Literal.number(capped))


def _literal_int(value: exp.Expr | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, exp.Var | exp.Column) and value.name.upper() == "ALL":
        return -1
    negative = isinstance(value, exp.Neg)
    if negative:
        value = value.this
    if isinstance(value, exp.Literal) and value.is_int:
        number = int(value.this)
        return -number if negative else number
    return None


def _render(query: exp.Query, dialect: str) -> str:
    tree: exp.Expr = query
    if dialect == "postgres":
        # sqlglot writes named placeholders as psycopg's %(name)s for PostgreSQL; keep the
        # neutral :name form (it reads back as the same placeholder) for display and binding.
        tree = query.transform(
            lambda node: (
                exp.Var(this=f":{node.this}") if isinstance(node, exp.Placeholder) else node
            )
        )
    try:
        return tree.sql(dialect=dialect, comments=False, unsupported_level=ErrorLevel.RAISE)
    except SqlglotError:
        raise UnsafeQueryError(f"query uses syntax that {dialect} does not support") from None
