"""Filters: the values and names a question mentions, each with its polarity, and the relations
("assigned to a technician", "no work orders") its nouns presuppose or deny.
"""

from agentstream.agents.sql.catalog.fields import NOUNS, OWN_REGION, reachable
from agentstream.agents.sql.catalog.lexicon import CONJ, ENTITY, NEG, VALUE
from agentstream.agents.sql.catalog.parse import OUTSTANDING, NotUnderstood, Parse
from agentstream.agents.sql.catalog.question import Filter


def region_field(p: Parse, i: int, subject: str) -> str:
    """A region qualifies the entity noun next to it ("North technicians", "customers in the
    North"), else the subject's own region."""
    for j in (i + 1, i - 1, i - 2):
        if p.sense(j) == ENTITY and j not in p.negated:
            entity = p.words[j].sense.value
            if entity in OWN_REGION:
                return OWN_REGION[entity]
    return OWN_REGION.get(subject, "technician.region")


def read_filters(p: Parse, subject: str) -> list[tuple[Filter, int]] | NotUnderstood:
    """The filters of the values and names the question mentions, each with its position."""
    grouped: dict[tuple[str, bool], list[str]] = {}
    first: dict[tuple[str, bool], int] = {}
    for i in p.kinds(VALUE) + p.kinds("name"):
        word = p.words[i]
        field_name, _, value = word.sense.value.partition("|")
        negated = i in p.negated
        p.use(i)
        if field_name == "region":
            field_name = region_field(p, i, subject)
        elif field_name.startswith("skill:"):
            wanted = field_name.split(":", 1)[1]
            skills = [s for s in p.vocabulary.of("skill.name") if s.lower() == wanted]
            if not skills:
                return NotUnderstood((word.text,), "there is no such skill in the data")
            # "Elena's level in electrical": the skill rows' own name, else who holds it
            field_name = "skill.name" if subject == "skill" else "technician.skill"
            value = skills[0]
        elif field_name == "skill.name":
            field_name = "skill.name" if subject == "skill" else "technician.skill"
        if field_name == "work_order.technician":
            grouped.setdefault((field_name, not negated), [])
            first.setdefault((field_name, not negated), i)
            continue
        first.setdefault((field_name, negated), i)
        if field_name == "work_order.status" and value == "outstanding":
            grouped.setdefault((field_name, negated), []).extend(OUTSTANDING)
            continue
        grouped.setdefault((field_name, negated), []).append(value)
    for i in p.negated:
        if p.sense(i) == NEG or (p.sense(i) == ENTITY):
            relation = relation_of(
                subject, p.words[i].sense.value if p.sense(i) == ENTITY else "technician"
            )
            if relation is None:
                return NotUnderstood((p.words[i].text,), "I could not tell what should have none")
            grouped.setdefault((relation, True), [])
            first.setdefault((relation, True), i)
            p.use(i)
    filters: list[tuple[Filter, int]] = []
    for (field_name, negated), values in grouped.items():
        if not reachable(subject, field_name):
            said = p.words[first[(field_name, negated)]].text
            return NotUnderstood((said,), f"it does not describe {NOUNS[subject][1]}")
        position = first[(field_name, negated)]
        if field_name == "technician.skill" and not negated and _all_of(p):
            # "HVAC and plumbing", "both": a person holds several skills, each of them asked
            filters.extend((Filter(field_name, (value,)), position) for value in values)
            continue
        filters.append((Filter(field_name, tuple(dict.fromkeys(values)), negated), position))
    return filters


def _all_of(p: Parse) -> bool:
    """Whether the skills a question names are joined by "and" (or "both"), not "or"."""
    joins = [p.words[i].text for i in p.kinds(CONJ)]
    return "both" in joins or ("and" in joins and "or" not in joins)


def relation_of(subject: str, entity: str) -> str | None:
    return {
        ("work_order", "technician"): "work_order.technician",
        ("technician", "work_order"): "technician.work_orders",
        ("customer", "work_order"): "customer.work_orders",
        ("technician", "timesheet"): "technician.timesheets",
        ("technician", "skill"): "technician.skill",
    }.get((subject, entity))


def add_relations_of_mentions(
    p: Parse, subject: str, group: str | None, positioned: list[tuple[Filter, int]]
) -> None:
    """A mention of a related entity presupposes one: "work orders assigned to a technician"
    are those that have one. A skill noun after a skill ("the HVAC skill") is that skill."""
    for i in p.kinds(ENTITY):
        entity = p.words[i].sense.value
        if i in p.used or i in p.negated or entity in (subject, group):
            continue
        if entity == "skill" and p.sense(i - 1) == VALUE:
            p.use(i)
            continue
        relation = relation_of(subject, entity)
        if relation is None or any(f.field == relation for f, _ in positioned):
            continue
        positioned.append((Filter(relation), i))
        p.use(i)
