"""The guard bounds what a statement can ask of the planner: expansion, size, depth, joins."""

from collections.abc import Callable

import pytest
import sqlglot

from agentstream.agents.sql.bounds import (
    MAX_EXPANDED_SIZE,
    MAX_QUERY_NESTING,
    MAX_TREE_DEPTH,
    MAX_TREE_NODES,
)
from agentstream.agents.sql.expansion import expanded_size
from agentstream.agents.sql.guard import SqlPolicy, UnsafeQueryError, vet_query
from agentstream.agents.sql.tool import SqlDataSource, SqlTool
from agentstream.demo.fieldservice.schema import ALLOWED_TABLES

DIALECTS = ["sqlite", "postgres"]


def policy(dialect: str) -> SqlPolicy:
    return SqlPolicy(allowed_tables=ALLOWED_TABLES, dialect=dialect)


def size(sql: str) -> int:
    return expanded_size(sqlglot.parse_one(sql, read="postgres"))


def nested(levels: int, expression: str, base: str) -> str:
    """`levels` derived tables, each computing `s` from the previous level's `s`."""
    sql = f"SELECT {base} AS s"
    for _ in range(levels):
        sql = f"SELECT {expression} AS s FROM ({sql}) AS t"
    return sql


def string_doubling(levels: int) -> str:
    return nested(levels, "s || s", "'x'")


def numeric_doubling(levels: int) -> str:
    return nested(levels, "s + s", "1")


def cte_doubling(levels: int) -> str:
    ctes = ["c0 AS (SELECT 1 AS s)"] + [
        f"c{i} AS (SELECT a.s + b.s AS s FROM c{i - 1} AS a JOIN c{i - 1} AS b ON a.s = b.s)"
        for i in range(1, levels + 1)
    ]
    return f"WITH {', '.join(ctes)} SELECT s FROM c{levels}"


def deepest_under_the_bound(build: Callable[[int], str]) -> int:
    """The most levels whose expansion stays within the bound (the next one exceeds it)."""
    levels = 0
    while size(build(levels + 1)) <= MAX_EXPANDED_SIZE:
        levels += 1
    return levels


GROWTH = [
    pytest.param(string_doubling, id="string"),
    pytest.param(numeric_doubling, id="numeric"),
    pytest.param(cte_doubling, id="cte"),
]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("build", GROWTH)
def test_expansion_just_under_the_bound_passes(build: Callable[[int], str], dialect: str) -> None:
    levels = deepest_under_the_bound(build)
    assert size(build(levels)) > MAX_EXPANDED_SIZE // 4  # close to the bound, not trivially small
    vet_query(build(levels), policy(dialect))


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("build", GROWTH)
def test_expansion_just_over_the_bound_is_refused(
    build: Callable[[int], str], dialect: str
) -> None:
    levels = deepest_under_the_bound(build) + 1
    with pytest.raises(UnsafeQueryError, match="expands to too large an expression"):
        vet_query(build(levels), policy(dialect))


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("levels", [20, 30], ids=["20-levels", "30-levels"])
def test_reported_attack_is_refused(levels: int, dialect: str) -> None:
    for build in (string_doubling, numeric_doubling):
        with pytest.raises(UnsafeQueryError):
            vet_query(build(levels), policy(dialect))


async def test_string_expansion_under_the_bound_runs_on_the_database(
    source: SqlDataSource,
) -> None:
    levels = deepest_under_the_bound(string_doubling)
    tool = SqlTool(source, policy(source.dialect))
    result = await tool.run(string_doubling(levels))
    assert result.rows == (("x" * 2**levels,),)


async def test_numeric_expansion_under_the_bound_runs_on_the_database(
    source: SqlDataSource,
) -> None:
    levels = deepest_under_the_bound(numeric_doubling)
    tool = SqlTool(source, policy(source.dialect))
    result = await tool.run(numeric_doubling(levels))
    assert result.rows == ((2**levels,),)


def test_column_reference_weighs_what_it_refers_to() -> None:
    inner = "SELECT 'a' || 'b' AS s"
    once = size(f"SELECT s FROM ({inner}) AS t")
    twice = size(f"SELECT s || s FROM ({inner}) AS t")
    assert twice - once == size(inner) + 1  # one more copy of `'a' || 'b'`, plus the `||`


def test_table_column_weighs_one() -> None:
    assert size("SELECT id, id, id FROM technicians") == size("SELECT 1, 2, 3 FROM technicians")


def test_each_reference_to_a_cte_expands_it() -> None:
    cte = "WITH c AS (SELECT 1 + 2 + 3 AS s)"
    once = size(f"{cte} SELECT s FROM c")
    thrice = size(f"{cte} SELECT a.s + b.s + d.s FROM c AS a, c AS b, c AS d")
    assert thrice > once + 2 * size("SELECT 1 + 2 + 3")


def test_star_carries_the_sizes_of_a_derived_table() -> None:
    inner = "SELECT 'x' || 'x' || 'x' AS s"
    direct = size(f"SELECT s || s FROM (SELECT s FROM ({inner}) AS a) AS b")
    through_star = size(f"SELECT s || s FROM (SELECT * FROM ({inner}) AS a) AS b")
    assert through_star == direct


def test_correlated_reference_weighs_the_outer_column() -> None:
    inner = "SELECT 'x' || 'x' || 'x' || 'x' AS s"
    plain = size(f"SELECT (SELECT COUNT(*) FROM skills WHERE skills.name = 'a') FROM ({inner}) t")
    correlated = size(
        f"SELECT (SELECT COUNT(*) FROM skills WHERE skills.name = s) FROM ({inner}) t"
    )
    assert correlated > plain + 4


def test_column_alias_list_keeps_the_sizes() -> None:
    inner = "SELECT 'x' || 'x' || 'x' AS s"
    assert size(f"SELECT q || q FROM ({inner}) AS t(q)") == size(f"SELECT s || s FROM ({inner}) t")


def test_unnamed_column_counts_for_any_name() -> None:
    # PostgreSQL names `upper(s)` "upper": the measure must not lose it.
    inner = "SELECT upper('x' || 'x' || 'x' || 'x')"
    assert size(f"SELECT upper || upper FROM ({inner}) AS t") > 2 * size(inner) - 2


def test_set_operation_adds_its_branches() -> None:
    union = "SELECT 'a' || 'b' AS s UNION ALL SELECT 'c' || 'd' || 'e' AS s"
    assert size(f"SELECT s || s FROM ({union}) AS u") > 2 * (3 + 5)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_tree_size_just_under_and_over_the_bound(dialect: str) -> None:
    def in_list(items: int) -> str:
        return f"SELECT id FROM technicians WHERE id IN ({', '.join(['1'] * items)}) LIMIT 5"

    nodes = len(list(sqlglot.parse_one(in_list(1), read=dialect).walk()))
    largest = MAX_TREE_NODES - nodes + 1
    vet_query(in_list(largest), policy(dialect))
    with pytest.raises(UnsafeQueryError, match="syntax nodes"):
        vet_query(in_list(largest + 1), policy(dialect))


@pytest.mark.parametrize("dialect", DIALECTS)
def test_expression_depth_just_under_and_over_the_bound(dialect: str) -> None:
    def chain(terms: int) -> str:
        return "SELECT " + " + ".join(["1"] * terms)

    def depth(sql: str) -> int:
        deepest, stack = 0, [(sqlglot.parse_one(sql, read=dialect), 1)]
        while stack:
            node, level = stack.pop()
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in node.iter_expressions())
        return deepest

    terms = 1
    while depth(chain(terms + 1)) <= MAX_TREE_DEPTH:
        terms += 1
    vet_query(chain(terms), policy(dialect))
    with pytest.raises(UnsafeQueryError, match="deep"):
        vet_query(chain(terms + 1), policy(dialect))


@pytest.mark.parametrize("dialect", DIALECTS)
def test_query_nesting_just_under_and_over_the_bound(dialect: str) -> None:
    def nest(levels: int) -> str:
        sql = "SELECT id FROM technicians"
        for _ in range(levels - 1):
            sql = f"SELECT id FROM ({sql}) AS t"
        return sql

    vet_query(nest(MAX_QUERY_NESTING), policy(dialect))
    with pytest.raises(UnsafeQueryError, match="queries deep"):
        vet_query(nest(MAX_QUERY_NESTING + 1), policy(dialect))


UNCONDITIONED = [
    pytest.param("SELECT * FROM technicians, skills, customers", id="comma-joins"),
    pytest.param(
        "SELECT * FROM technicians CROSS JOIN skills CROSS JOIN customers", id="cross-joins"
    ),
    pytest.param(
        "SELECT * FROM technicians t JOIN skills s ON TRUE JOIN customers c ON 1 = 1",
        id="constant-on",
    ),
    pytest.param(
        "SELECT * FROM technicians t JOIN skills s ON t.id = t.id JOIN customers c ON c.id = c.id",
        id="self-equal-on",
    ),
    pytest.param(
        "SELECT * FROM technicians NATURAL JOIN skills NATURAL JOIN customers", id="natural"
    ),
    pytest.param(
        "SELECT * FROM technicians t, skills s, customers c WHERE t.id > 3", id="where-no-link"
    ),
    pytest.param(
        "SELECT * FROM (SELECT * FROM technicians, skills) a, customers", id="across-levels"
    ),
]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("sql", UNCONDITIONED)
def test_second_join_without_condition_is_refused(sql: str, dialect: str) -> None:
    with pytest.raises(UnsafeQueryError, match="join without a join condition"):
        vet_query(sql, policy(dialect))


CONDITIONED = [
    pytest.param("SELECT * FROM technicians CROSS JOIN skills", id="one-cross-join"),
    pytest.param(
        "SELECT * FROM technicians t, timesheets ts, customers c "
        "WHERE ts.technician_id = t.id AND c.id = t.id",
        id="where-links",
    ),
    pytest.param(
        "SELECT * FROM technicians t JOIN skills s USING (id) JOIN customers c USING (id)",
        id="using",
    ),
    pytest.param(
        "SELECT w.id FROM work_orders w CROSS JOIN (SELECT MAX(created_at) AS m FROM work_orders) "
        "l CROSS JOIN skills WHERE w.created_at = l.m",
        id="single-row-derived-table",
    ),
]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("sql", CONDITIONED)
def test_joins_with_conditions_pass(sql: str, dialect: str) -> None:
    vet_query(sql, policy(dialect))


def whole_row_doubling(levels: int) -> str:
    """The attacker's shape: each level concatenates the previous level's whole row twice."""
    sql = "SELECT name AS s FROM customers LIMIT 1"
    for level in range(levels):
        sql = f"SELECT t{level}::text || t{level}::text AS s FROM ({sql}) AS t{level}"
    return sql


@pytest.mark.parametrize("dialect", DIALECTS)
def test_whole_row_value_is_refused_at_any_depth(dialect: str) -> None:
    # Refused for what it is, not for its size: one level is far under every bound.
    for levels in (1, 2, 15):
        with pytest.raises(UnsafeQueryError, match="whole row"):
            vet_query(whole_row_doubling(levels), policy(dialect))


@pytest.mark.parametrize("dialect", DIALECTS)
def test_same_query_naming_the_column_passes(dialect: str) -> None:
    vet_query(whole_row_doubling(2).replace("::text", ".s"), policy(dialect))


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(
    "sql",
    [
        "SELECT COUNT(t.*) FROM customers AS t",
        "SELECT CONCAT(t) FROM customers AS t",
        "SELECT customers::text FROM customers",
        "SELECT (SELECT t::text FROM skills LIMIT 1) FROM (SELECT name AS s FROM customers) AS t",
    ],
    ids=["star-in-function", "alias-in-function", "table-name", "correlated"],
)
def test_every_whole_row_reference_is_refused(sql: str, dialect: str) -> None:
    with pytest.raises(UnsafeQueryError, match="whole row"):
        vet_query(sql, policy(dialect))


@pytest.mark.parametrize("dialect", DIALECTS)
def test_row_constructor_turned_into_text_is_refused(dialect: str) -> None:
    # (s, s)::text quotes s inside the row: the value grows faster than its expression.
    with pytest.raises(UnsafeQueryError, match="row value"):
        vet_query(nested(1, "(s, s)::text", "'x'"), policy(dialect))


def test_column_of_a_derived_table_is_not_its_whole_row() -> None:
    vet_query("SELECT t FROM (SELECT name AS t FROM customers) AS t", policy("postgres"))
