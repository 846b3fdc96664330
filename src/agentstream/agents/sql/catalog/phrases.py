"""Noun phrases describing what a query selects ("open urgent work orders in the North region")."""

from agentstream.agents.sql.catalog import vocabulary as v
from agentstream.agents.sql.catalog.questions import Slots

_NOUNS = {
    v.TECHNICIANS: ("technician", "technicians"),
    v.WORK_ORDERS: ("work order", "work orders"),
    v.CUSTOMERS: ("customer", "customers"),
}
_DATE_VERBS = {"created_at": "created", "completed_at": "completed", "scheduled_for": "scheduled"}


def status_label(status: str) -> str:
    """A status as people write it: ``on_leave`` -> ``on leave``."""
    return status.replace("_", " ")


def name_phrase(slots: Slots) -> str:
    """How a named person or customer qualifies a set of work orders."""
    if slots.name is None:
        return ""
    role = {"technician": "assigned to", "customer": "for"}.get(slots.name.role or "", "involving")
    return f" {role} {slots.name.text}"


def _technician_phrase(slots: Slots, noun: str) -> str:
    status = slots.tech_status
    prefix = f"{status} " if status in ("active", "inactive") else ""
    suffix = " on leave" if status == "on_leave" else ""
    if slots.skill:
        suffix += f" with {slots.skill} skills"
    return f"{prefix}{noun}{suffix}"


def _work_order_phrase(slots: Slots, noun: str) -> str:
    words = []
    # "completed work orders completed last month" says the same thing twice.
    if slots.wo_status and not (
        slots.wo_status == "completed" and slots.date_field == "completed_at"
    ):
        words.append(slots.wo_status.replace("_", "-"))  # "in-progress work orders"
    if slots.priority:
        words.append(slots.priority if slots.priority == "urgent" else f"{slots.priority}-priority")
    if slots.category:
        words.append(slots.category)
    phrase = " ".join([*words, noun])
    if slots.tier:
        phrase += f" for {slots.tier} customers"
    return phrase + name_phrase(slots)


def noun_phrase(slots: Slots, entity: str, *, plural: bool = True, period: bool = True) -> str:
    """Describe the rows of `entity` that the question's filters select."""
    noun = _NOUNS[entity][1 if plural else 0]
    if entity == v.TECHNICIANS:
        phrase = _technician_phrase(slots, noun)
    elif entity == v.WORK_ORDERS:
        phrase = _work_order_phrase(slots, noun)
    else:
        phrase = f"{slots.tier} {noun}" if slots.tier else noun
    if slots.region:
        phrase += f" in the {slots.region} region"
    if period and slots.period:
        verb = _DATE_VERBS.get(slots.date_field or "", "")
        phrase += (
            f" {verb} {slots.period.label}" if entity == v.WORK_ORDERS else f" {slots.period.label}"
        )
    return phrase
