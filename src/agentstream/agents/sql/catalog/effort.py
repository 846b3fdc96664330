"""Queries about time: hours and overtime from timesheets, actual hours spent on work orders."""

from agentstream.agents.sql.catalog import vocabulary as v
from agentstream.agents.sql.catalog.compose import hours, join, number
from agentstream.agents.sql.catalog.intent import GROUP_LIMIT, Query, statement
from agentstream.agents.sql.catalog.phrases import noun_phrase
from agentstream.agents.sql.catalog.plan import QueryPlan
from agentstream.agents.sql.catalog.questions import Slots
from agentstream.agents.sql.catalog.sources import TIMESHEETS, WORK_ORDERS
from agentstream.agents.sql.result import SqlResult


def period_words(slots: Slots) -> str:
    """The period a timesheet answer covers, as words."""
    return slots.period.label if slots.period else "across all recorded timesheets"


def time_measure(slots: Slots) -> str:
    """``overtime`` or ``hours worked`` followed by the period, for ranking answers."""
    what = "overtime" if v.OVERTIME in slots.mentions else "hours worked"
    return f"{what} {period_words(slots)}"


def _hints(slots: Slots) -> dict[str, str]:
    return {
        "topic": v.OVERTIME if v.OVERTIME in slots.mentions else v.HOURS,
        "period": period_words(slots),
        "name": slots.name.text if slots.name else "",
    }


def build_hours_per_technician(slots: Slots) -> Query:
    """Hours and overtime per technician over the period (all technicians with timesheets)."""
    where, params = TIMESHEETS.where(slots)
    first = "overtime_hours" if v.OVERTIME in slots.mentions else "total_hours"
    sql = statement(
        "SELECT t.name, SUM(ts.hours) AS total_hours, SUM(ts.overtime_hours) AS overtime_hours",
        f"FROM {TIMESHEETS.from_clause}",
        where,
        "GROUP BY t.id, t.name",
        f"ORDER BY {first} DESC, t.name",
        f"LIMIT {GROUP_LIMIT}",
    )
    description = f"{time_measure(slots)} per technician"
    return Query(sql, params, description, _hints(slots))


def compose_hours_per_technician(plan: QueryPlan, result: SqlResult) -> str:
    """``4 technicians worked overtime last week (...): A (6.0 hours), ...``"""
    period, name = plan.hints["period"], plan.hints["name"]
    rows = [(str(n), number(total), number(overtime)) for n, total, overtime in result.rows]
    if not rows:
        who = f" for {name}" if name else ""
        return f"No timesheet hours are recorded{who} {period}."
    if plan.hints["topic"] == v.HOURS:
        items = join(f"{n} ({hours(t)} hours, {hours(o)} overtime)" for n, t, o in rows)
        total = sum(t for _, t, _ in rows)
        if len(rows) == 1:
            n, t, o = rows[0]
            return f"{n} worked {hours(t)} hours {period}, including {hours(o)} hours of overtime."
        return f"{len(rows)} technicians logged {hours(total)} hours {period}: {items}."
    if len(rows) == 1:
        n, t, o = rows[0]
        return f"{n} worked {hours(o)} hours of overtime {period} ({hours(t)} hours in total)."
    with_overtime = [(n, o) for n, _, o in rows if o > 0]
    without = [n for n, _, o in rows if o <= 0]
    total = sum(o for _, o in with_overtime)
    if not with_overtime:
        return f"No technician worked overtime {period}."
    sentence = (
        f"{len(with_overtime)} technicians worked {hours(total)} hours of overtime {period}: "
        + join(f"{n} ({hours(o)} hours)" for n, o in with_overtime)
        + "."
    )
    if without:
        sentence += f" No overtime for {join(without)}."
    return sentence


def build_total_hours(slots: Slots) -> Query:
    """Total hours and overtime over the period, and how many technicians logged them."""
    where, params = TIMESHEETS.where(slots)
    sql = statement(
        "SELECT COUNT(DISTINCT ts.technician_id) AS technician_count,",
        "SUM(ts.hours) AS total_hours, SUM(ts.overtime_hours) AS overtime_hours",
        f"FROM {TIMESHEETS.from_clause}",
        where,
    )
    description = (
        f"total {time_measure(slots)} by {noun_phrase(slots, v.TECHNICIANS, period=False)}"
    )
    hints = {**_hints(slots), "technicians": noun_phrase(slots, v.TECHNICIANS, period=False)}
    return Query(sql, params, description, hints)


def compose_total_hours(plan: QueryPlan, result: SqlResult) -> str:
    """``Technicians worked 42.5 hours of overtime last week (...), out of 612.0 hours logged.``"""
    count, total, overtime = result.rows[0] if result.rows else (0, None, None)
    period, technicians = plan.hints["period"], plan.hints["technicians"]
    if not int(number(count)):
        return f"No timesheet hours are recorded for {technicians} {period}."
    by = f"{int(number(count))} {technicians}"
    if plan.hints["topic"] == v.OVERTIME:
        return (
            f"{hours(overtime)} hours of overtime were worked in total {period},"
            f" out of {hours(total)} hours logged by {by}."
        )
    return (
        f"{by} logged {hours(total)} hours in total {period}, {hours(overtime)} of them overtime."
    )


def build_work_order_hours(slots: Slots) -> Query:
    """Average actual and estimated hours of completed work orders, per category."""
    where, params = WORK_ORDERS.where(slots, "wo.actual_hours IS NOT NULL")
    sql = statement(
        "SELECT wo.category, COUNT(*) AS work_order_count,",
        "AVG(wo.actual_hours) AS average_actual_hours,",
        "AVG(wo.estimated_hours) AS average_estimated_hours",
        f"FROM {WORK_ORDERS.from_clause}",
        where,
        "GROUP BY wo.category",
        "ORDER BY average_actual_hours DESC, wo.category",
        f"LIMIT {GROUP_LIMIT}",
    )
    orders = noun_phrase(slots, v.WORK_ORDERS).removeprefix("completed ")
    return Query(sql, params, f"actual hours of completed {orders}", {"orders": orders})


def compose_work_order_hours(plan: QueryPlan, result: SqlResult) -> str:
    """``Completed work orders took 3.2 actual hours on average (255 orders): emergency 4.1 ...``"""
    rows = [(str(c), int(number(n)), number(a), number(e)) for c, n, a, e in result.rows]
    described = plan.hints["orders"]
    if not rows:
        return f"No completed {described} have actual hours recorded."
    count = sum(n for _, n, _, _ in rows)
    # The overall average is weighted by the number of orders in each category.
    overall = sum(n * a for _, n, a, _ in rows) / count
    sentence = (
        f"Completed {described} took {hours(overall)} actual hours on average"
        f" ({count} orders with recorded hours)"
    )
    if len(rows) == 1:
        estimate = rows[0][3]
        return f"{sentence}; the estimate was {hours(estimate)} hours on average."
    items = join(f"{c} {hours(a)} hours (estimated {hours(e)}, {n} orders)" for c, n, a, e in rows)
    return f"{sentence}. By category: {items}."
