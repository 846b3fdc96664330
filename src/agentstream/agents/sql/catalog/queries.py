"""The catalog: every intent with its source, SQL builder and answer composer."""

from functools import partial
from typing import Any

from agentstream.agents.sql.catalog import effort, people
from agentstream.agents.sql.catalog import vocabulary as v
from agentstream.agents.sql.catalog.compose import (
    compose_grouped_count,
    compose_list,
    compose_ranking,
    day,
    number,
)
from agentstream.agents.sql.catalog.families import grouped_count, listing, ranking
from agentstream.agents.sql.catalog.intent import Intent
from agentstream.agents.sql.catalog.phrases import noun_phrase, status_label
from agentstream.agents.sql.catalog.questions import Slots
from agentstream.agents.sql.catalog.sources import (
    CUSTOMERS,
    TECHNICIAN_WORK_ORDERS,
    TECHNICIANS,
    TIMESHEETS,
    WORK_ORDERS,
)

_SKILL_LEVEL = (
    "(SELECT MAX(tsk.level) FROM technician_skills tsk JOIN skills sk ON sk.id = tsk.skill_id"
    " WHERE tsk.technician_id = t.id AND LOWER(sk.name) LIKE :skill) AS skill_level"
)


def _technician_columns(slots: Slots) -> str:
    columns = "t.id, t.name, t.region, t.status"
    return f"{columns}, {_SKILL_LEVEL}" if slots.skill else columns


def _technician_item(record: dict[str, Any]) -> str:
    level = record.get("skill_level")
    level_text = f", level {int(number(level))}" if level is not None else ""
    return f"{record['name']} ({record['region']}, {status_label(record['status'])}{level_text})"


def _work_order_item(record: dict[str, Any]) -> str:
    if record["completed_at"] is not None:
        when = f"completed {day(record['completed_at'])}"
    elif record["scheduled_for"] is not None:
        when = f"scheduled {day(record['scheduled_for'])}"
    else:
        when = f"created {day(record['created_at'])}"
    details = [record["priority"], status_label(record["status"]), when]
    if record["technician_name"]:
        details.append(f"assigned to {record['technician_name']}")
    return (
        f"#{record['id']} '{record['title']}' for {record['customer_name']} ({', '.join(details)})"
    )


def _customer_item(record: dict[str, Any]) -> str:
    return f"{record['name']} ({record['region']}, {record['tier']})"


def _work_orders_measure(slots: Slots) -> str:
    return noun_phrase(slots, v.WORK_ORDERS)


_WORK_ORDER_COLUMNS = (
    "wo.id, wo.title, c.name AS customer_name, t.name AS technician_name, wo.status,"
    " wo.priority, wo.created_at, wo.scheduled_for, wo.completed_at"
)
_GROUPED_WORK_ORDERS = {
    # dimension -> column; "status" is the natural breakdown of a plain count
    "status": ("count_work_orders", "wo.status"),
    "region": ("work_orders_by_region", "c.region"),
    "category": ("work_orders_by_category", "wo.category"),
    "priority": ("work_orders_by_priority", "wo.priority"),
    "tier": ("work_orders_by_tier", "c.tier"),
}
_TIMESHEET_RANKINGS = {
    "top_technicians_by_overtime": "SUM(ts.overtime_hours)",
    "top_technicians_by_hours": "SUM(ts.hours)",
}

_INTENTS: list[Intent] = [
    Intent(
        "count_technicians",
        "technicians",
        TECHNICIANS,
        grouped_count(TECHNICIANS, v.TECHNICIANS, "status", "t.status"),
        compose_grouped_count,
    ),
    Intent(
        "technicians_by_region",
        "technicians",
        TECHNICIANS,
        grouped_count(TECHNICIANS, v.TECHNICIANS, "region", "t.region"),
        compose_grouped_count,
    ),
    Intent(
        "list_technicians",
        "technicians",
        TECHNICIANS,
        listing(TECHNICIANS, v.TECHNICIANS, _technician_columns, "t.name, t.id"),
        partial(compose_list, item=_technician_item),
    ),
    Intent(
        "technician_details",
        "technicians",
        people.TECHNICIAN_PROFILE,
        people.build_technician_profile,
        people.compose_technician_details,
    ),
    Intent(
        "technician_skills",
        "technicians",
        people.TECHNICIAN_PROFILE,
        people.build_technician_profile,
        people.compose_technician_skills,
    ),
    Intent(
        "named_lookup",
        "technicians and customers",
        people.NAMED,
        people.build_named_lookup,
        people.compose_named_lookup,
    ),
    Intent(
        "skill_coverage",
        "skills",
        people.SKILL_COVERAGE,
        people.build_skill_coverage,
        people.compose_skill_coverage,
    ),
    Intent(
        "average_hourly_rate",
        "technicians",
        TECHNICIANS,
        people.build_average_rate,
        people.compose_average_rate,
    ),
    Intent(
        "top_technicians_by_hourly_rate",
        "technicians",
        TECHNICIANS,
        ranking(
            TECHNICIANS,
            "t.name",
            "t.hourly_rate",
            unit="money",
            measure=lambda _: "hourly rate",
            ranked="technicians",
        ),
        compose_ranking,
    ),
    Intent(
        "hours_per_technician",
        "timesheets",
        TIMESHEETS,
        effort.build_hours_per_technician,
        effort.compose_hours_per_technician,
    ),
    Intent(
        "total_hours",
        "timesheets",
        TIMESHEETS,
        effort.build_total_hours,
        effort.compose_total_hours,
    ),
    *(
        Intent(
            name,
            "timesheets",
            TIMESHEETS,
            ranking(
                TIMESHEETS,
                "t.name",
                value,
                group_by="t.id, t.name",
                unit="hours",
                measure=effort.time_measure,
                ranked="technicians",
            ),
            compose_ranking,
        )
        for name, value in _TIMESHEET_RANKINGS.items()
    ),
    *(
        Intent(
            name,
            "work orders",
            WORK_ORDERS,
            grouped_count(WORK_ORDERS, v.WORK_ORDERS, dimension, column),
            compose_grouped_count,
        )
        for dimension, (name, column) in _GROUPED_WORK_ORDERS.items()
    ),
    Intent(
        "list_work_orders",
        "work orders",
        WORK_ORDERS,
        listing(
            WORK_ORDERS,
            v.WORK_ORDERS,
            lambda _: _WORK_ORDER_COLUMNS,
            "wo.created_at DESC, wo.id DESC",
        ),
        partial(compose_list, item=_work_order_item),
    ),
    Intent(
        "average_work_order_hours",
        "work orders",
        WORK_ORDERS,
        effort.build_work_order_hours,
        effort.compose_work_order_hours,
    ),
    Intent(
        "top_technicians_by_work_orders",
        "work orders",
        TECHNICIAN_WORK_ORDERS,
        ranking(
            TECHNICIAN_WORK_ORDERS,
            "t.name",
            "COUNT(*)",
            group_by="t.id, t.name",
            measure=_work_orders_measure,
            ranked="technicians",
        ),
        compose_ranking,
    ),
    Intent(
        "top_customers_by_work_orders",
        "work orders",
        WORK_ORDERS,
        ranking(
            WORK_ORDERS,
            "c.name",
            "COUNT(*)",
            group_by="c.id, c.name",
            measure=_work_orders_measure,
            ranked="customers",
        ),
        compose_ranking,
    ),
    Intent(
        "count_customers",
        "customers",
        CUSTOMERS,
        grouped_count(CUSTOMERS, v.CUSTOMERS, "tier", "c.tier"),
        compose_grouped_count,
    ),
    Intent(
        "customers_by_region",
        "customers",
        CUSTOMERS,
        grouped_count(CUSTOMERS, v.CUSTOMERS, "region", "c.region"),
        compose_grouped_count,
    ),
    Intent(
        "list_customers",
        "customers",
        CUSTOMERS,
        listing(CUSTOMERS, v.CUSTOMERS, lambda _: "c.id, c.name, c.region, c.tier", "c.name, c.id"),
        partial(compose_list, item=_customer_item),
    ),
]
INTENTS: dict[str, Intent] = {intent.name: intent for intent in _INTENTS}
GROUPED_WORK_ORDER_INTENTS = {
    dimension: name for dimension, (name, _) in _GROUPED_WORK_ORDERS.items()
}
