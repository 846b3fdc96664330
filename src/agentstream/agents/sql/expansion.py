"""How large a query grows once the database flattens its derived tables and CTEs.

PostgreSQL pulls a derived table (or a CTE read once) up into the query that reads it, and
SQLite's flattener does the same: every reference to one of its columns becomes a copy of that
column's expression. A column named twice per level doubles the expression at every level, and
PostgreSQL's planner builds the whole copy in memory without stopping for a statement timeout.
`expanded_size` measures that copy before anything runs: each node of the statement weighs one,
except a column reference, which weighs the size of what it refers to.

The measure over-approximates on purpose (every derived table counts as flattened, an
ambiguous name weighs its largest candidate): it only has to stay small for sensible queries.

A whole-row reference (a FROM item's name used as a value: `t`, `t::text`, `t.*` inside an
expression) is refused rather than measured. Turned into text, a row doubles the quotes of the
text inside it, so a value built from rows of rows grows faster than any count of nodes, and
PostgreSQL allocates it before a statement timeout can stop it. A query never needs one: it
names the columns it wants, and `t.*` in the select list still lists them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlglot import exp

from agentstream.agents.sql.errors import UnsafeQueryError, shown_name

__all__ = ["expanded_size"]

# Sizes past any sensible bound are only compared, never shown: saturating keeps the numbers
# small when a long chain of CTEs would otherwise double them hundreds of times.
_CEILING = 1 << 40
# A projection without an alias that is not a plain column: the database names it after its
# function or type, so a reference by any name may land on it.
_UNNAMED = ""


@dataclass(frozen=True)
class _Relation:
    """The columns a FROM item or a query exposes, with the size each expands to.

    `open` means it may expose more columns than listed (a table, or a star over one); those
    are plain columns and weigh one.
    """

    columns: tuple[tuple[str, int], ...]
    open: bool

    def lists(self, name: str) -> bool:
        """Whether a column of this name is surely among the relation's columns."""
        return any(column in (name, _UNNAMED) for column, _ in self.columns)

    def size_of(self, name: str) -> int:
        """What a reference to `name` weighs; 0 when the relation surely has no such column."""
        sizes = [size for column, size in self.columns if column in (name, _UNNAMED)]
        largest = max(sizes, default=0)
        return max(largest, 1) if self.open else largest

    @property
    def largest(self) -> int:
        """The size of its largest column."""
        return max((size for _, size in self.columns), default=1)

    def renamed(self, names: Sequence[str]) -> _Relation:
        """The relation seen through `AS alias(a, b, ...)`: columns renamed by position."""
        columns = list(self.columns)
        for index, name in enumerate(names):
            if index < len(columns):
                columns[index] = (name, columns[index][1])
            elif self.open:
                columns.append((name, 1))
        return _Relation(tuple(columns), self.open)


_TABLE = _Relation((), open=True)


@dataclass(frozen=True)
class _Scope:
    """Names visible in one SELECT: its FROM items by alias, and (in clauses) its aliases."""

    sources: Mapping[str, _Relation]
    aliases: Mapping[str, int]


Ctes = Mapping[str, _Relation]
Scopes = tuple[_Scope, ...]


def expanded_size(query: exp.Expr) -> int:
    """The number of nodes `query` expands to once derived tables and CTEs are flattened."""
    return _query(query, {}, ())[1]


def _saturate(size: int) -> int:
    return min(size, _CEILING)


def _name(identifier: exp.Expr | str | None) -> str:
    text = identifier.name if isinstance(identifier, exp.Expr) else identifier or ""
    # Case-folded for both dialects: merging two names can only make the measure larger.
    return text.lower()


def _query(node: exp.Expr, ctes: Ctes, outer: Scopes) -> tuple[_Relation, int]:
    """The relation a query produces and the size it expands to."""
    if isinstance(node, exp.Subquery):
        relation, cost = _query(node.this, ctes, outer)
        extra = [
            child
            for child in node.iter_expressions()
            if child is not node.this and not isinstance(child, exp.TableAlias)
        ]
        return relation, _saturate(cost + _expressions(extra, ctes, outer))
    ctes, cost = _with(node, ctes, outer)
    if isinstance(node, exp.Select):
        relation, body = _select(node, ctes, outer)
    elif isinstance(node, exp.SetOperation):
        relation, body = _set_operation(node, ctes, outer)
    else:
        relation, body = _TABLE, _expression(node, ctes, outer)
    return relation, _saturate(cost + body)


def _with(node: exp.Expr, ctes: Ctes, outer: Scopes) -> tuple[Ctes, int]:
    with_ = node.args.get("with_") or node.args.get("with")
    if not isinstance(with_, exp.With):
        return ctes, 0
    visible = dict(ctes)
    cost = 0
    for cte in with_.expressions:
        relation, cte_cost = _query(cte.this, visible, outer)
        visible[_name(cte.alias)] = _aliased(relation, cte.args.get("alias"))
        cost += cte_cost
    return visible, _saturate(cost)


def _aliased(relation: _Relation, alias: exp.Expr | None) -> _Relation:
    if isinstance(alias, exp.TableAlias) and alias.columns:
        return relation.renamed([_name(column) for column in alias.columns])
    return relation


def _select(select: exp.Select, ctes: Ctes, outer: Scopes) -> tuple[_Relation, int]:
    from_ = select.args.get("from_") or select.args.get("from")
    joins: list[exp.Join] = list(select.args.get("joins") or [])
    items = ([from_.this] if isinstance(from_, exp.From) else []) + [join.this for join in joins]
    sources: dict[str, _Relation] = {}
    cost = 0
    for item in items:
        key, relation, item_cost = _source(item, ctes, outer)
        sources[key] = relation
        cost += item_cost
    scopes = (_Scope(sources, {}), *outer)
    columns: list[tuple[str, int]] = []
    open_ = False
    for projection in select.expressions:
        star = _star_sources(projection, sources)
        if star is None:
            # A reference copies the expression, not its alias.
            expression = projection.this if isinstance(projection, exp.Alias) else projection
            columns.append((_projection_name(projection), _expression(expression, ctes, scopes)))
            continue
        for relation in star:
            columns.extend(relation.columns)
            open_ = open_ or relation.open
            cost += int(relation.open)
    cost += sum(size for _, size in columns)
    aliases: dict[str, int] = {}
    for name, size in columns:
        if name:
            aliases[name] = max(size, aliases.get(name, 0))
    # ORDER BY, GROUP BY, HAVING (and WHERE, in SQLite) may name the SELECT's own aliases.
    clause_scopes = (_Scope(sources, aliases), *outer)
    handled = {id(node) for node in (*select.expressions, from_, *joins)}
    clauses = [child for child in select.iter_expressions() if id(child) not in handled]
    conditions = [
        child for join in joins for child in join.iter_expressions() if child is not join.this
    ]
    cost += _expressions([*clauses, *conditions], ctes, clause_scopes)
    return _Relation(tuple(columns), open_), _saturate(cost)


def _source(item: exp.Expr, ctes: Ctes, outer: Scopes) -> tuple[str, _Relation, int]:
    """A FROM item: the name it is known by, what it exposes, what it costs."""
    alias = item.args.get("alias")
    if isinstance(item, exp.Table) and isinstance(item.this, exp.Identifier):
        name = _name(item.this)
        relation = ctes.get(name, _TABLE) if not item.text("db") else _TABLE
        key = _name(alias.this) if isinstance(alias, exp.TableAlias) and alias.this else name
        return key, _aliased(relation, alias), 1
    if isinstance(item, exp.Subquery):
        relation, cost = _query(item, ctes, outer)
        return _name(item.alias), _aliased(relation, alias), cost
    # Anything else (the guard refuses it) is measured as a plain expression.
    return _name(item.alias_or_name), _TABLE, _expression(item, ctes, outer)


def _star_sources(projection: exp.Expr, sources: Mapping[str, _Relation]) -> list[_Relation] | None:
    """The relations a `*` or `t.*` projection expands, or None for any other projection."""
    if isinstance(projection, exp.Star):
        return list(sources.values()) or [_TABLE]
    if isinstance(projection, exp.Column) and isinstance(projection.this, exp.Star):
        return [sources.get(_name(projection.table), _TABLE)]
    return None


def _projection_name(projection: exp.Expr) -> str:
    if isinstance(projection, exp.Alias):
        return _name(projection.alias)
    if isinstance(projection, exp.Column):
        return _name(projection.name)
    return _UNNAMED


def _set_operation(node: exp.SetOperation, ctes: Ctes, outer: Scopes) -> tuple[_Relation, int]:
    left, left_cost = _query(node.left, ctes, outer)
    right, right_cost = _query(node.right, ctes, outer)
    if len(left.columns) == len(right.columns) and not (left.open or right.open):
        sizes = [a + b for (_, a), (_, b) in zip(left.columns, right.columns, strict=True)]
    else:
        sizes = [size + right.largest for _, size in left.columns]
    columns = tuple(
        (name, _saturate(size)) for (name, _), size in zip(left.columns, sizes, strict=True)
    )
    relation = _Relation(columns, left.open or right.open)
    aliases = {name: size for name, size in columns if name}
    scopes = (_Scope({}, aliases), *outer)
    clauses = [
        child
        for child in node.iter_expressions()
        if child is not node.left and child is not node.right
    ]
    cost = left_cost + right_cost + _expressions(clauses, ctes, scopes)
    return relation, _saturate(cost)


def _expressions(nodes: Iterable[exp.Expr], ctes: Ctes, scopes: Scopes) -> int:
    return _saturate(sum(_expression(node, ctes, scopes) for node in nodes))


def _expression(node: exp.Expr, ctes: Ctes, scopes: Scopes) -> int:
    """Nodes of an expression; a column weighs what it refers to, a subquery what it costs."""
    total = 0
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, exp.Column):
            total += _reference(current, scopes)
        elif isinstance(current, exp.Query):
            total += _query(current, ctes, scopes)[1]
        elif isinstance(current, exp.With):
            continue  # measured by `_with` with the query it belongs to
        else:
            total += 1
            stack.extend(current.iter_expressions())
        total = _saturate(total)
    return total


def _reference(column: exp.Column, scopes: Scopes) -> int:
    """What a column reference weighs: the size of the column it resolves to."""
    name = _name(column.name)
    table = _name(column.table)
    if isinstance(column.this, exp.Star):
        # `t.*` as a select-list item is expanded by `_select`; anywhere else it is a row value.
        raise _whole_row(table or "*")
    largest = 0
    for scope in scopes:
        if table:
            relation = scope.sources.get(table)
            if relation is not None:
                return max(relation.size_of(name), 1)
            continue
        # An unqualified name may also reach an enclosing query (a correlated reference):
        # weigh the largest column it could resolve to, at any level.
        candidates = [relation.size_of(name) for relation in scope.sources.values()]
        largest = max(largest, scope.aliases.get(name, 0), *candidates, 0)
    if not table and _names_a_row(name, scopes):
        raise _whole_row(name)
    return max(largest, 1)


def _names_a_row(name: str, scopes: Scopes) -> bool:
    """Whether an unqualified name may be read as a whole row of a FROM item.

    PostgreSQL takes a name as a column when any FROM item in reach has that column, and as the
    whole row of the FROM item it names otherwise. A table's columns are not known here, so a
    name that is both a FROM item's and maybe a table's column counts as a row: qualifying the
    column (`t.name`) says which one is meant.
    """
    listed = any(
        name in scope.aliases or any(relation.lists(name) for relation in scope.sources.values())
        for scope in scopes
    )
    return not listed and any(name in scope.sources for scope in scopes)


def _whole_row(name: str) -> UnsafeQueryError:
    return UnsafeQueryError(
        f"a whole row ({shown_name(name)} used as a value) is not allowed: name the columns "
        "you need, qualified (t.column) if a column has the name of a table or subquery"
    )
