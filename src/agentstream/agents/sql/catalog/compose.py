"""Answer sentences composed from query rows: formatting helpers and the shared answer shapes."""

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from agentstream.agents.sql.catalog.phrases import status_label
from agentstream.agents.sql.catalog.plan import QueryPlan
from agentstream.agents.sql.result import SqlResult


def _decimal(value: Any) -> Decimal:
    # Through str() so that a REAL from SQLite and a NUMERIC from PostgreSQL round alike.
    return Decimal(0) if value is None else Decimal(str(value))


def number(value: Any) -> float:
    """A NUMERIC/REAL/TEXT database value as a float (NULL counts as 0)."""
    return float(_decimal(value))


def hours(value: Any) -> str:
    """Hours with one decimal, rounded half up as people do: ``7.5``."""
    return f"{_decimal(value).quantize(Decimal('0.1'), ROUND_HALF_UP):,}"


def money(value: Any) -> str:
    """An amount with two decimals, rounded half up: ``45.20``."""
    return f"{_decimal(value).quantize(Decimal('0.01'), ROUND_HALF_UP):,}"


def day(value: Any) -> str:
    """The date part of a DATE/TIMESTAMP value, whichever type the driver returned."""
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value)[:10]


def join(items: Iterable[str]) -> str:
    """``a, b and c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def there_are(count: int, one: str, many: str) -> str:
    """``There is 1 open work order`` / ``There are 3 open work orders`` / ``There are no ...``."""
    if count == 0:
        return f"There are no {many}"
    return f"There is 1 {one}" if count == 1 else f"There are {count} {many}"


def format_value(value: Any, unit: str) -> str:
    """A ranked value in its unit: a count, hours, or an hourly rate."""
    if unit == "hours":
        return f"{hours(value)} hours"
    if unit == "money":
        return money(value)
    return str(int(number(value)))


def _group_item(dimension: str, value: Any, count: int) -> str:
    if dimension == "region":
        return f"{count} in {value}"
    return f"{count} {status_label(str(value))}"


def compose_grouped_count(plan: QueryPlan, result: SqlResult) -> str:
    """``There are 25 technicians: 10 active, 10 inactive and 5 on leave.``"""
    rows = [(row[0], int(number(row[1]))) for row in result.rows]
    total = sum(count for _, count in rows)
    sentence = there_are(total, plan.hints["one"], plan.hints["many"])
    if total and plan.hints.get("breakdown"):
        items = (_group_item(plan.hints["dimension"], value, count) for value, count in rows)
        return f"{sentence}: {join(items)}."
    return sentence + "."


def compose_list(plan: QueryPlan, result: SqlResult, item: Callable[[dict[str, Any]], str]) -> str:
    """``There are 3 open urgent work orders: #12 ..., #15 ... and #18 ....``"""
    records = result.records()
    total = int(number(records[0]["total_count"])) if records else 0
    sentence = there_are(total, plan.hints["one"], plan.hints["many"])
    if not records:
        return sentence + "."
    if total > len(records):
        sentence += f" (showing the first {len(records)} of {total})"
    return f"{sentence}: {join(item(record) for record in records)}."


def compose_ranking(plan: QueryPlan, result: SqlResult) -> str:
    """``Marco Chen has the most completed work orders (31).`` or the top N with their values."""
    hints: Mapping[str, Any] = plan.hints
    # A row without a name holds what nobody was assigned (work orders without a technician).
    rows = [(str(row[0]), row[1]) for row in result.rows if row[0] is not None]
    unassigned = sum(int(number(row[1])) for row in result.rows if row[0] is None)
    measure, ranked = hints["measure"], hints["ranked"]
    assignee = f"a {ranked.removesuffix('s')}"
    if not rows and unassigned == 1:
        return f"The only one of the {measure} is not assigned to {assignee} yet."
    if not rows and unassigned:
        return f"None of the {unassigned} {measure} is assigned to {assignee} yet."
    if not rows:
        return f"There are no {measure} to rank {ranked} by."
    ranking = _ranking_sentence(rows, hints)
    if unassigned:
        verb = "is" if unassigned == 1 else "are"
        return f"{ranking} {unassigned} of the {measure} {verb} not assigned to {assignee} yet."
    return ranking


def _ranking_sentence(rows: list[tuple[str, Any]], hints: Mapping[str, Any]) -> str:
    measure, unit, extreme = hints["measure"], hints["unit"], hints["extreme"]
    top_n = int(hints["top_n"])
    cutoff = number(rows[min(top_n, len(rows)) - 1][1])
    # Rank ties honestly: everyone level with the last place shown is shown too.
    shown = rows[:top_n] + [r for r in rows[top_n:] if number(r[1]) == cutoff]
    items = join(f"{name} ({format_value(value, unit)})" for name, value in shown)
    if top_n == 1:
        verb = "has" if len(shown) == 1 else "are tied for"
        return f"{items} {verb} the {extreme} {measure}."
    ranked = hints["ranked"]
    if top_n >= len(rows):  # everyone is listed: this is a breakdown, not a podium
        if unit == "count":
            return f"{len(rows)} {ranked} have {measure}: {items}."
        return f"{len(rows)} {ranked} by {measure}, {extreme} first: {items}."
    sentence = f"The {ranked} with the {extreme} {measure} are {items}"
    if len(shown) > top_n:
        tie = format_value(shown[-1][1], unit)
        return f"{sentence} ({len(shown)} listed because of a tie at {tie} for place {top_n})."
    return sentence + "."
