"""The subject of a question: the rows it counts, lists or measures."""

from agentstream.agents.sql.catalog.fields import OWNED_ROWS
from agentstream.agents.sql.catalog.lexicon import (
    ATTRIBUTE,
    CONJ,
    COPULA,
    ENTITY,
    GROUP,
    MEASURE,
    NEG,
    RANK,
    VALUE,
)
from agentstream.agents.sql.catalog.parse import (
    ATTRIBUTE_SUBJECT,
    NUMERIC,
    VALUE_SUBJECT,
    Parse,
    field_of,
)
from agentstream.agents.sql.catalog.question import Question


def subject_of(p: Parse, previous: Question | None) -> str | None:
    named = [i for i in p.kinds(ENTITY) if i not in p.negated]
    # "overtime hours per technician": the hours are measured, per technician
    entities = [i for i in named if not _grouped_by(p, i)]
    if not entities and not any(v in ATTRIBUTE_SUBJECT for v in p.values(ATTRIBUTE)):
        entities = named
    measures = p.kinds(MEASURE) + p.kinds(RANK)
    # The entity right after "how many" / "number of" / "most" is the one counted.
    for m in measures:
        kind = p.words[m].sense.value
        for j in range(m + 1, min(m + 5, len(p.words))):
            sense = p.sense(j)
            if sense == ENTITY and j not in p.negated:
                if kind in ("desc", "asc"):
                    return _rows_ranked(p, p.words[j].sense.value)
                if kind in ("count", "share", "sum", "avg") or not entities:
                    return p.words[j].sense.value
                break
            if sense == ATTRIBUTE and p.words[j].sense.value in NUMERIC:
                if kind in ("count", "share", "desc", "asc", "sum", "avg") or not entities:
                    return _subject_of_figure(p, p.words[j].sense.value)
                break  # "technicians who worked more than 150 hours": the technicians
            if sense not in (VALUE, NEG, COPULA, "number", CONJ):
                break
    if any(name.startswith("work_order.id|") for name in p.values("name")):
        return "work_order"  # "who is assigned to job 12": the order says who
    if any(w.text in ("who", "who are") for w in p.words) and not any(
        p.words[i].sense.value == "customer" for i in entities
    ):
        return "technician"  # "who" asks for people
    if entities:
        return p.words[entities[0]].sense.value
    for value in p.values(ATTRIBUTE):
        if value in ATTRIBUTE_SUBJECT:
            return ATTRIBUTE_SUBJECT[value]
    for i in p.kinds(VALUE):
        subject = VALUE_SUBJECT.get(field_of(p.words[i]))
        if subject:
            return subject
    names = p.values("name")
    if names:
        return names[0].split(".", 1)[0]
    return previous.subject if previous else None


def _rows_ranked(p: Parse, entity: str) -> str:
    """The rows a ranking reads: "top 5 techs by overtime hours" ranks technicians by the
    hours of their timesheets, summed for each, so the timesheets are the rows (grouped by
    technician); "top 5 techs by hourly rate" ranks their own figure."""
    figures = [_subject_of_figure(p, value) for value in p.values(ATTRIBUTE) if value in NUMERIC]
    # "top 3 customers by work orders": by how many of their work orders
    counted = [p.words[i].sense.value for i in p.kinds(ENTITY) if _after_by(p, i)]
    owned = [rows for rows in (*figures, *counted) if rows in OWNED_ROWS.get(entity, ())]
    return owned[0] if owned and entity not in figures else entity


def _after_by(p: Parse, i: int) -> bool:
    """Whether the entity at `i` follows "by", its values between ("by completed work
    orders")."""
    j = i - 1
    while j >= 0 and p.sense(j) == VALUE:
        j -= 1
    return j >= 0 and p.words[j].text == "by"


def _subject_of_figure(p: Parse, value: str) -> str:
    """The rows a figure belongs to; plain "hours" are logged on timesheets, unless the
    question is about work orders ("by how many hours did repairs overrun")."""
    if value != "hours":
        return ATTRIBUTE_SUBJECT[value]
    others = [ATTRIBUTE_SUBJECT.get(v) for v in p.values(ATTRIBUTE) if v != "hours"]
    about_jobs = [VALUE_SUBJECT.get(field_of(p.words[i])) for i in p.kinds(VALUE)]
    about_jobs += [p.words[i].sense.value for i in p.kinds(ENTITY)]
    if "work_order" in others or ("work_order" in about_jobs and "timesheet" not in others):
        return "work_order"
    return ATTRIBUTE_SUBJECT[value]


def _grouped_by(p: Parse, i: int) -> bool:
    """Whether the entity at `i` is what a question breaks down by ("per technician", "for
    each active technician"), not what it counts or measures."""
    before = i - 2 if p.sense(i - 1) == VALUE else i - 1
    return p.sense(before) == GROUP
