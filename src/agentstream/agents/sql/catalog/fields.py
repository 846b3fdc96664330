"""What the engine knows of the field-service schema: entities, their attributes and joins.

Attributes are named "entity.attribute"; each maps to a column (or an expression) of the
schema's `MetaData` tables, with the words that describe it in an answer.
"""

from dataclasses import dataclass
from typing import Literal, cast

from sqlalchemy import ColumnElement, Table, func

from agentstream.demo.fieldservice.schema import (
    customers,
    skills,
    technician_skills,
    technicians,
    timesheets,
    work_orders,
)

Kind = Literal["text", "number", "date", "timestamp", "flag"]

T = technicians.alias("t")
C = customers.alias("c")
W = work_orders.alias("w")
S = timesheets.alias("s")
K = skills.alias("k")
TS = technician_skills.alias("ts")

# The table of each entity and what one row is called.
TABLES: dict[str, Table] = {
    "technician": T,  # type: ignore[dict-item]
    "customer": C,  # type: ignore[dict-item]
    "work_order": W,  # type: ignore[dict-item]
    "timesheet": S,  # type: ignore[dict-item]
    "skill": K,  # type: ignore[dict-item]
}
# The rows whose figures add up to their owner's total ("hours a technician logged").
OWNED_ROWS = {"technician": ("timesheet", "work_order"), "customer": ("work_order",)}
NOUNS = {
    "technician": ("technician", "technicians"),
    "customer": ("customer", "customers"),
    "work_order": ("work order", "work orders"),
    "timesheet": ("timesheet entry", "timesheet entries"),
    "skill": ("skill", "skills"),
}


@dataclass(frozen=True)
class Attribute:
    """One attribute: its entity, column, kind, and how an answer names it."""

    entity: str
    column: str
    kind: Kind
    label: str
    unit: str = ""

    def expression(self) -> ColumnElement[object]:
        """The column of the entity's aliased table."""
        table = TABLES[self.entity]
        if self.column == "overrun":  # hours beyond the estimate
            overrun: ColumnElement[object] = table.c.actual_hours - table.c.estimated_hours
            return overrun
        if self.column == "overrun_percent":  # hours beyond the estimate, as a share of it
            estimate = func.nullif(table.c.estimated_hours, 0)
            beyond = (table.c.actual_hours - table.c.estimated_hours) * 100.0 / estimate
            return cast(ColumnElement[object], beyond)
        if self.column == "skill_level":  # a technician's level in the skill the row joins
            level: ColumnElement[object] = TS.c.level
            return level
        column: ColumnElement[object] = table.c[self.column]
        return column


ATTRIBUTES: dict[str, Attribute] = {
    "technician.name": Attribute("technician", "name", "text", "name"),
    "technician.email": Attribute("technician", "email", "text", "email"),
    "technician.region": Attribute("technician", "region", "text", "region"),
    "technician.status": Attribute("technician", "status", "text", "status"),
    "technician.hire_date": Attribute("technician", "hire_date", "date", "hired"),
    "technician.hourly_rate": Attribute(
        "technician", "hourly_rate", "number", "hourly rate", "money"
    ),
    "technician.skill_level": Attribute("technician", "skill_level", "number", "skill level"),
    "customer.name": Attribute("customer", "name", "text", "name"),
    "customer.region": Attribute("customer", "region", "text", "region"),
    "customer.tier": Attribute("customer", "tier", "text", "tier"),
    "work_order.id": Attribute("work_order", "id", "number", "number"),
    "work_order.status": Attribute("work_order", "status", "text", "status"),
    "work_order.priority": Attribute("work_order", "priority", "text", "priority"),
    "work_order.category": Attribute("work_order", "category", "text", "category"),
    "work_order.created_at": Attribute("work_order", "created_at", "timestamp", "created"),
    "work_order.scheduled_for": Attribute("work_order", "scheduled_for", "timestamp", "scheduled"),
    "work_order.completed_at": Attribute("work_order", "completed_at", "timestamp", "completed"),
    "work_order.estimated_hours": Attribute(
        "work_order", "estimated_hours", "number", "estimated hours", "hours"
    ),
    "work_order.actual_hours": Attribute(
        "work_order", "actual_hours", "number", "actual hours", "hours"
    ),
    "work_order.overrun": Attribute(
        "work_order", "overrun", "number", "hours over estimate", "hours"
    ),
    "work_order.overrun_percent": Attribute(
        "work_order", "overrun_percent", "number", "percent over estimate"
    ),
    "timesheet.hours": Attribute("timesheet", "hours", "number", "hours logged", "hours"),
    "timesheet.overtime_hours": Attribute(
        "timesheet", "overtime_hours", "number", "overtime hours", "hours"
    ),
    "timesheet.work_date": Attribute("timesheet", "work_date", "date", "logged"),
    "skill.name": Attribute("skill", "name", "text", "skill"),
}

# What a list of people or customers shows of each ("Olga Chen (South, on leave)"), so that
# "and their regions" asks for nothing more.
SHOWN_IN_LISTS: dict[str, tuple[str, ...]] = {
    "technician": ("technician.region", "technician.status"),
    "customer": ("customer.region", "customer.tier"),
}
# The entities a subject's rows reach by joins (for filters, groups and measures).
REACHES = {
    "technician": ("technician",),
    "customer": ("customer",),
    "work_order": ("work_order", "customer", "technician"),
    "timesheet": ("timesheet", "technician"),
    "skill": ("skill", "technician"),
}
# How rows point at the rows of another entity: "which customers are they for?" after a list of
# work orders asks for the customers those work orders point at. (rows, subject) → (the
# column naming the subject's row, the column naming the row).
OWNER_KEYS = {
    ("work_order", "customer"): (W.c.customer_id, W.c.id),
    ("work_order", "technician"): (W.c.technician_id, W.c.id),
    ("timesheet", "technician"): (S.c.technician_id, S.c.id),
}
# Entities a row can be grouped by (one group per row of that entity).
GROUP_ENTITIES = {"technician", "customer", "skill"}
# The region (or status) a bare value qualifies, by subject: a work order is where its
# customer is; hours are logged by technicians.
OWN_REGION = {
    "technician": "technician.region",
    "customer": "customer.region",
    "work_order": "customer.region",
    "timesheet": "technician.region",
}


def entity_of(name: str) -> str:
    """The entity an attribute, relation or group belongs to."""
    return name.split(".", 1)[0]


def reachable(subject: str, name: str) -> bool:
    """Whether rows of `subject` can be filtered or grouped by `name`."""
    if name in GROUP_ENTITIES:
        return name in REACHES[subject] or (subject == "technician" and name == "skill")
    return entity_of(name) in REACHES[subject]
