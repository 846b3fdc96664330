"""Bounds on the work one statement may ask of the database, checked before it runs.

A statement timeout stops a query that runs too long, but not one whose planning explodes:
PostgreSQL builds a flattened query in memory without checking for cancellation. So the guard
bounds the statement itself: its syntax tree (nodes and depth), how deeply its queries nest,
how many joins it makes without a condition, and the size it expands to once derived tables
and CTEs are flattened (`expansion.expanded_size`).
"""

from __future__ import annotations

from sqlglot import exp

from agentstream.agents.sql.errors import UnsafeQueryError
from agentstream.agents.sql.expansion import expanded_size

__all__ = [
    "MAX_EXPANDED_SIZE",
    "MAX_QUERY_NESTING",
    "MAX_TREE_DEPTH",
    "MAX_TREE_NODES",
    "MAX_UNCONDITIONED_JOINS",
    "check_bounds",
]

# Far above what an analytics question needs, far below what strains a planner.
MAX_TREE_NODES = 3_000
MAX_TREE_DEPTH = 120
MAX_QUERY_NESTING = 16
MAX_EXPANDED_SIZE = 10_000
# One cross product (every technician against every skill) is a fair question; a second one
# multiplies row counts past anything a row cap makes useful.
MAX_UNCONDITIONED_JOINS = 1


def check_bounds(query: exp.Expr) -> None:
    """Raise UnsafeQueryError when `query` is larger or more expensive than the bounds allow."""
    _check_tree(query)
    if _unconditioned_joins(query) > MAX_UNCONDITIONED_JOINS:
        raise UnsafeQueryError(
            f"at most {MAX_UNCONDITIONED_JOINS} join without a join condition is allowed"
        )
    if expanded_size(query) > MAX_EXPANDED_SIZE:
        raise UnsafeQueryError(
            "query expands to too large an expression: a column of a subquery or CTE is "
            "referenced too many times across nested levels"
        )


def _check_tree(query: exp.Expr) -> None:
    nodes = 0
    # (node, depth in nodes, number of SELECTs on the path)
    stack: list[tuple[exp.Expr, int, int]] = [(query, 1, 0)]
    while stack:
        node, depth, nesting = stack.pop()
        nodes += 1
        if nodes > MAX_TREE_NODES:
            raise UnsafeQueryError(f"query has more than {MAX_TREE_NODES} syntax nodes")
        if depth > MAX_TREE_DEPTH:
            raise UnsafeQueryError(f"query nests expressions more than {MAX_TREE_DEPTH} deep")
        if isinstance(node, exp.Select):
            nesting += 1
            if nesting > MAX_QUERY_NESTING:
                raise UnsafeQueryError(f"query nests more than {MAX_QUERY_NESTING} queries deep")
        stack.extend((child, depth + 1, nesting) for child in node.iter_expressions())


def _unconditioned_joins(query: exp.Expr) -> int:
    return sum(
        1
        for select in query.find_all(exp.Select)
        for join in select.args.get("joins") or []
        if not _has_condition(join, select)
    )


def _has_condition(join: exp.Join, select: exp.Select) -> bool:
    """Whether a join restricts its rows: USING, an ON equality between two columns, a WHERE
    equality linking it to another FROM item (`FROM a, b WHERE b.a_id = a.id`), or a derived
    table that yields one row. `ON TRUE` and NATURAL joins without common columns are cross
    products, so they do not count."""
    if join.args.get("using") or _single_row(join.this):
        return True
    on = join.args.get("on")
    if isinstance(on, exp.Expr):
        return any(_links(left, right) for left, right in _equalities(on))
    where = select.args.get("where")
    if not isinstance(where, exp.Where):
        return False
    name = join.this.alias_or_name.lower()
    return any(
        _links(left, right) and name in {left.table.lower(), right.table.lower()}
        for left, right in _equalities(where.this)
    )


def _equalities(predicate: exp.Expr) -> list[tuple[exp.Column, exp.Column]]:
    """The `column = column` conjuncts of a predicate."""
    conjuncts = predicate.flatten() if isinstance(predicate, exp.And) else [predicate]
    return [
        (conjunct.this, conjunct.expression)
        for conjunct in conjuncts
        if isinstance(conjunct, exp.EQ)
        and isinstance(conjunct.this, exp.Column)
        and isinstance(conjunct.expression, exp.Column)
    ]


def _links(left: exp.Column, right: exp.Column) -> bool:
    """Whether an equality may compare two different FROM items (not `t.x = t.y`)."""
    return not left.table or not right.table or left.table.lower() != right.table.lower()


def _single_row(item: exp.Expr) -> bool:
    """A derived table that aggregates without GROUP BY, or is limited to one row."""
    query = item.this if isinstance(item, exp.Subquery) else None
    if not isinstance(query, exp.Select):
        return False
    limit = query.args.get("limit")
    if isinstance(limit, exp.Limit) and limit.expression == exp.Literal.number(1):
        return True
    return not query.args.get("group") and all(
        projection.find(exp.AggFunc) is not None and projection.find(exp.Window) is None
        for projection in query.expressions
    )
