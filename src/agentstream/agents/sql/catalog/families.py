"""Query families shared by many intents: grouped counts, capped lists and rankings."""

from collections.abc import Callable
from typing import Any

from agentstream.agents.sql.catalog import vocabulary as v
from agentstream.agents.sql.catalog.intent import GROUP_LIMIT, LIST_LIMIT, Query, statement
from agentstream.agents.sql.catalog.phrases import noun_phrase
from agentstream.agents.sql.catalog.questions import Slots
from agentstream.agents.sql.catalog.sources import Source

Builder = Callable[[Slots], Query]


def _filter_slot(entity: str, dimension: str) -> str:
    """The slot that filters on the grouping dimension (a filtered dimension needs no breakdown)."""
    if dimension == "status":
        return "tech_status" if entity == v.TECHNICIANS else "wo_status"
    return dimension


def grouped_count(source: Source, entity: str, dimension: str, column: str) -> Builder:
    """Count `entity` rows per value of `column`; the answer gives the total and the breakdown."""

    def build(slots: Slots) -> Query:
        where, params = source.where(slots)
        sql = statement(
            f"SELECT {column} AS {dimension}, COUNT(*) AS row_count",
            f"FROM {source.from_clause}",
            where,
            f"GROUP BY {column}",
            f"ORDER BY row_count DESC, {dimension}",
            f"LIMIT {GROUP_LIMIT}",
        )
        many = noun_phrase(slots, entity)
        breakdown = getattr(slots, _filter_slot(entity, dimension)) is None
        hints = {
            "one": noun_phrase(slots, entity, plural=False),
            "many": many,
            "dimension": dimension,
            "breakdown": breakdown,
        }
        return Query(sql, params, f"{many} by {dimension}" if breakdown else many, hints)

    return build


def listing(
    source: Source,
    entity: str,
    columns: Callable[[Slots], str],
    order_by: str,
) -> Builder:
    """List `entity` rows (capped), with the uncapped total in a ``total_count`` column."""

    def build(slots: Slots) -> Query:
        where, params = source.where(slots)
        # A scalar subquery rather than COUNT(*) OVER (): same answer, fewer dialect surprises.
        # Only catalog constants are spliced in; values travel as bound parameters.
        total = statement(f"(SELECT COUNT(*) FROM {source.from_clause}", where) + ")"  # noqa: S608
        sql = statement(
            f"SELECT {columns(slots)},",
            f"{total} AS total_count",
            f"FROM {source.from_clause}",
            where,
            f"ORDER BY {order_by}",
            f"LIMIT {LIST_LIMIT}",
        )
        many = noun_phrase(slots, entity)
        hints = {"one": noun_phrase(slots, entity, plural=False), "many": many}
        return Query(sql, params, many, hints)

    return build


def ranking(
    source: Source,
    label: str,
    value: str,
    *,
    group_by: str = "",
    unit: str = "count",
    measure: Callable[[Slots], str],
    ranked: str,
) -> Builder:
    """Rank rows by `value` (highest first, or lowest for "fewest"/"lowest" questions)."""

    def build(slots: Slots) -> Query:
        where, params = source.where(slots)
        ascending = slots.measure == "bottom"
        sql = statement(
            f"SELECT {label} AS name, {value} AS amount",
            f"FROM {source.from_clause}",
            where,
            f"GROUP BY {group_by}" if group_by else "",
            f"ORDER BY amount {'ASC' if ascending else 'DESC'}, name",
            f"LIMIT {GROUP_LIMIT}",
        )
        top_n = slots.top_n or (5 if slots.measure in ("top", "bottom") else GROUP_LIMIT)
        extreme = _extreme(unit, ascending)
        hints: dict[str, Any] = {
            "top_n": top_n,
            "unit": unit,
            "measure": measure(slots),
            "ranked": ranked,
            "extreme": extreme,
        }
        description = f"{ranked} ranked by {measure(slots)}"
        return Query(sql, params, description, hints)

    return build


def _extreme(unit: str, ascending: bool) -> str:
    if unit == "money":
        return "lowest" if ascending else "highest"
    return "fewest" if ascending else "most"
