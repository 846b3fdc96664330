"""Choosing the intent for a question, reading elliptical follow-ups in their context."""

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from agentstream.agents.clauses import split_clauses
from agentstream.agents.sql.catalog import vocabulary as v
from agentstream.agents.sql.catalog.names import Name
from agentstream.agents.sql.catalog.plan import QueryPlan
from agentstream.agents.sql.catalog.queries import GROUPED_WORK_ORDER_INTENTS, INTENTS
from agentstream.agents.sql.catalog.questions import Slots, parse_question
from agentstream.demo.fieldservice.generator import REFERENCE_DATE

# Only the recent past matters to an elliptical question.
MAX_HISTORY = 10
# Requests to change data are never planned, whatever else they mention.
_CHANGE = re.compile(
    r"\b(?:delete|drop|remove|truncate|update|insert|alter|create|modify|rename|grant|revoke"
    r"|erase|wipe|reset|add|change|set|assign|reassign|close|reopen|cancel|mark)\b"
)
_TIME = frozenset({v.HOURS, v.OVERTIME})


def _named_intent(s: Slots, name: Name) -> str | None:
    if s.mentions & _TIME:
        return "hours_per_technician"
    if v.SKILLS in s.mentions:
        return "technician_skills"
    if v.WORK_ORDERS in s.mentions or "workload" in s.mentions:
        return "count_work_orders" if s.measure == "count" else "list_work_orders"
    if name.role == "technician" and (v.RATE in s.mentions or s.measure in ("lookup", "list")):
        return "technician_details"
    return "named_lookup" if s.measure == "lookup" else None


def _time_intent(s: Slots) -> str:
    if s.measure in ("top", "bottom"):
        return (
            "top_technicians_by_overtime"
            if v.OVERTIME in s.mentions
            else "top_technicians_by_hours"
        )
    if s.group_by == v.TECHNICIANS or (s.head == v.TECHNICIANS and s.measure == "list"):
        return "hours_per_technician"
    return "total_hours"


def _work_order_intent(s: Slots) -> str | None:
    if s.head == v.CUSTOMERS or s.group_by == v.CUSTOMERS:
        return "top_customers_by_work_orders"
    if s.head == v.TECHNICIANS or s.group_by == v.TECHNICIANS:
        return "top_technicians_by_work_orders"
    if s.group_by in GROUPED_WORK_ORDER_INTENTS:
        return GROUPED_WORK_ORDER_INTENTS[s.group_by]
    if s.measure in ("top", "bottom", "average"):
        return None  # the most/fewest/average work orders of *what* was not said
    return "count_work_orders" if s.measure == "count" else "list_work_orders"


def _entity_intent(s: Slots, entity: str) -> str | None:
    """Counts, breakdowns and lists of technicians or customers."""
    prefix = "technicians" if entity == v.TECHNICIANS else "customers"
    natural = "status" if entity == v.TECHNICIANS else "tier"
    if s.group_by == "region":
        return f"{prefix}_by_region"
    if s.group_by == natural or s.measure == "count":
        return f"count_{prefix}"
    if s.measure in ("top", "bottom", "average", "total"):
        return None
    return f"list_{prefix}"


def choose_intent(s: Slots) -> str | None:
    """The name of the intent that answers `s`, or None when no intent does."""
    if s.name is not None:
        return _named_intent(s, s.name)
    if s.mentions & _TIME:
        hours_of_jobs = v.WORK_ORDERS in s.mentions or s.category or s.group_by == "category"
        return "average_work_order_hours" if hours_of_jobs else _time_intent(s)
    if v.RATE in s.mentions:
        ranked = s.measure in ("top", "bottom") or (s.head == v.TECHNICIANS and s.measure == "list")
        return "top_technicians_by_hourly_rate" if ranked else "average_hourly_rate"
    if (s.head == v.SKILLS or s.group_by == v.SKILLS) and s.skill is None:
        return "skill_coverage"
    if v.WORK_ORDERS in s.mentions:
        return _work_order_intent(s)
    if s.head in (v.TECHNICIANS, v.CUSTOMERS, v.SKILLS):
        return _entity_intent(s, v.CUSTOMERS if s.head == v.CUSTOMERS else v.TECHNICIANS)
    return None


def _understand(question: str, context: Slots | None, today: date) -> Slots | None:
    # Clauses that ask for rules are the documents' to answer; the rest may ask for data.
    asked = split_clauses(question).data
    if not asked or _CHANGE.search(asked.lower()):
        return None
    slots = parse_question(asked, today)
    if slots.unknown:
        return None  # it asks about something the catalog has no data for
    if context is not None and (slots.head is None or slots.follow_up):
        slots = slots.merged_into(context)
    if "workload" in slots.mentions:
        # A workload is the work orders not finished yet.
        slots = replace(
            slots,
            mentions=slots.mentions | {v.WORK_ORDERS},
            wo_status=slots.wo_status or "outstanding",
        )
    return slots


def _plan(slots: Slots) -> QueryPlan | None:
    name = choose_intent(slots)
    return INTENTS[name].plan(slots) if name else None


def plan_question(
    question: str, history: Sequence[str] = (), today: date = REFERENCE_DATE
) -> QueryPlan | None:
    """Plan a vetted catalog query for the data `question` asks about (its clauses that ask for
    rules are left to the documents), or None when the catalog cannot answer it.

    `history` holds the conversation's earlier user questions, oldest first; an elliptical
    question ("and the urgent ones?") reuses the most recent one that planned successfully.
    """
    context: Slots | None = None
    for previous in history[-MAX_HISTORY:]:
        slots = _understand(previous, context, today)
        if slots is not None and _plan(slots) is not None:
            context = slots
    slots = _understand(question, context, today)
    return _plan(slots) if slots is not None else None
