"""FROM clauses of the catalog and the WHERE conditions each question slot adds to them.

Every value reaches SQL as a bound parameter; the only text spliced into statements comes from
this module's constants, never from the question.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from agentstream.agents.sql.catalog.questions import Slots

# What "outstanding" means in the work-order status vocabulary.
OUTSTANDING = ("open", "scheduled", "in_progress")
_SKILL_MATCH = (
    "t.id IN (SELECT tsk.technician_id FROM technician_skills tsk"
    " JOIN skills sk ON sk.id = tsk.skill_id WHERE LOWER(sk.name) LIKE :skill)"
)
_EQUALITY_SLOTS = ("tech_status", "priority", "region", "tier", "category")


@dataclass(frozen=True)
class Source:
    """A FROM clause plus, per filter slot, the column that slot constrains."""

    from_clause: str
    columns: Mapping[str, str]
    # Columns a name is matched against, by the role the question gives the name.
    name_columns: Mapping[str | None, tuple[str, ...]] = field(default_factory=dict)
    period_is_timestamp: bool = False

    def supports(self, slots: Slots) -> bool:
        """Whether every filter of the question can be applied to this source."""
        supported = set(self.columns) | ({"name"} if self.name_columns else set())
        return slots.filters() <= supported

    def where(self, slots: Slots, *extra: str) -> tuple[str, dict[str, Any]]:
        """The WHERE clause (or "") for the question's filters plus `extra` conditions."""
        conditions, params = self.conditions(slots)
        conditions = [*extra, *conditions]
        return ("WHERE " + " AND ".join(conditions)) if conditions else "", params

    def conditions(self, slots: Slots) -> tuple[list[str], dict[str, Any]]:
        """The conditions and parameters that apply the question's filters to this source."""
        conditions: list[str] = []
        params: dict[str, Any] = {}
        # Coded values are compared case-insensitively: a tenant's own database may spell
        # "North" or "Repair" differently from the demo.
        for slot in _EQUALITY_SLOTS:
            if (value := getattr(slots, slot)) is not None:
                conditions.append(f"LOWER({self.columns[slot]}) = :{slot}")
                params[slot] = value.lower()
        if slots.wo_status == "outstanding":
            names = [f"status_{status}" for status in OUTSTANDING]
            placeholders = ", ".join(f":{name}" for name in names)
            conditions.append(f"LOWER({self.columns['wo_status']}) IN ({placeholders})")
            params |= dict(zip(names, OUTSTANDING, strict=True))
        elif slots.wo_status is not None:
            conditions.append(f"LOWER({self.columns['wo_status']}) = :wo_status")
            params["wo_status"] = slots.wo_status
        if slots.skill is not None:
            conditions.append(self.columns["skill"])
            params["skill"] = f"%{slots.skill.lower()}%"
        if slots.period is not None:
            column = self.columns["period"].format(date_field=slots.date_field)
            conditions.append(f"{column} >= :start AND {column} < :end")
            start, end = slots.period.start, slots.period.end
            if self.period_is_timestamp:  # PostgreSQL compares timestamps with timestamps
                params |= {
                    "start": datetime.combine(start, time()),
                    "end": datetime.combine(end, time()),
                }
            else:
                params |= {"start": start, "end": end}
        if slots.name is not None:
            columns = self.name_columns.get(slots.name.role) or self.name_columns[None]
            matches = " OR ".join(f"LOWER({column}) LIKE :name" for column in columns)
            conditions.append(f"({matches})" if len(columns) > 1 else matches)
            params["name"] = slots.name.like_pattern
        return conditions, params


TECHNICIANS = Source(
    from_clause="technicians t",
    columns={"tech_status": "t.status", "region": "t.region", "skill": _SKILL_MATCH},
    name_columns={None: ("t.name",)},
)
CUSTOMERS = Source(
    from_clause="customers c",
    columns={"region": "c.region", "tier": "c.tier"},
    name_columns={None: ("c.name",)},
)
WORK_ORDERS = Source(
    from_clause=(
        "work_orders wo JOIN customers c ON c.id = wo.customer_id"
        " LEFT JOIN technicians t ON t.id = wo.technician_id"
    ),
    columns={
        "wo_status": "wo.status",
        "priority": "wo.priority",
        "category": "wo.category",
        "region": "c.region",
        "tier": "c.tier",
        "period": "wo.{date_field}",
    },
    name_columns={"technician": ("t.name",), "customer": ("c.name",), None: ("c.name", "t.name")},
    period_is_timestamp=True,
)
# Work orders ranked by technician: unassigned ones form a group of their own (no technician),
# so that an answer can say how many nobody has yet.
TECHNICIAN_WORK_ORDERS = Source(
    from_clause=WORK_ORDERS.from_clause,
    # Rankings of technicians read "in the North region" as the technician's region.
    columns={
        **WORK_ORDERS.columns,
        "region": "t.region",
        "tech_status": "t.status",
        "skill": _SKILL_MATCH,
    },
    name_columns={None: ("t.name",)},
    period_is_timestamp=True,
)
TIMESHEETS = Source(
    from_clause="timesheets ts JOIN technicians t ON t.id = ts.technician_id",
    columns={
        "tech_status": "t.status",
        "region": "t.region",
        "skill": _SKILL_MATCH,
        "period": "ts.work_date",
    },
    name_columns={None: ("t.name",)},
)
