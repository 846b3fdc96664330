"""The words a question never used: answering without them would answer another question."""

from agentstream.agents.sql.catalog.fields import reachable
from agentstream.agents.sql.catalog.lexicon import (
    ATTRIBUTE,
    CONJ,
    COPULA,
    CUE,
    ENTITY,
    MEASURE,
    REF,
)
from agentstream.agents.sql.catalog.parse import Parse, resolve_attribute
from agentstream.agents.sql.catalog.question import Question


def fields_used_by(question: Question) -> set[str]:
    used = set(question.measure.fields) | {t.field for t in question.thresholds}
    used |= {t.other for t in question.thresholds if t.other}
    used |= {f.field for f in question.filters}
    used |= {f.field for f in question.measure.part}
    for limit in question.measure.part_thresholds:
        used |= {limit.field, limit.other or limit.field}
    if question.rank and question.rank.field:
        used.add(question.rank.field)
    if question.period:
        used.add(question.period.field)
    used |= {period.field for period in question.periods}
    if question.group_by:
        used.add(question.group_by)
    if question.within is not None:
        # "same for high priority": a value the rows pointed at are now chosen by
        used |= {f.field for f in question.within.filters}
    return used


def unused_words(p: Parse, question: Question) -> tuple[str, ...]:
    """Content words the question never used: it would be answered without them."""
    used_fields = fields_used_by(question)
    leftover = []
    for i, word in enumerate(p.words):
        kind = word.sense.kind
        if i in p.used or kind in (COPULA, CONJ, CUE, MEASURE, REF):
            continue
        if kind == ENTITY:
            entity = word.sense.value
            if (
                entity == question.subject
                or entity == question.group_by
                or reachable(question.subject, entity)
            ):
                continue
            if question.subject == "skill" and entity == "technician":
                continue
        if kind == ATTRIBUTE:
            value = word.sense.value
            if (
                value == "region:located"
                or resolve_attribute(value, question.subject, p) in used_fields
            ):
                continue
            created = value == "work_order.created_at" and question.subject == "work_order"
            if created and not p.kinds("date"):
                continue  # "how many work orders have they raised": their work orders
            held = any(f.field.startswith("technician.") for f in question.filters)
            if value == "technician.skill_level" and question.subject == "skill" and held:
                continue  # "what skills does she have, at what level": listed with each
            if value == "hours" and used_fields & {
                "timesheet.hours",
                "timesheet.overtime_hours",
                "work_order.actual_hours",
                "work_order.estimated_hours",
                "timesheet.work_date",
            }:
                continue
            if value in (
                "region",
                "status",
                "work_order.priority",
                "work_order.category",
                "customer.tier",
            ) and any(
                f.startswith(("technician.", "customer.", "work_order."))
                and f.endswith(value.split(".")[-1])
                for f in used_fields
            ):
                continue
        leftover.append(word.text)
    return tuple(leftover)
