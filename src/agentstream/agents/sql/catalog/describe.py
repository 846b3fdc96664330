"""Words for a `Question`: what its rows are, so that every answer states what it counted."""

from dataclasses import replace
from datetime import date

from agentstream.agents.sql.catalog.build import compares_actuals
from agentstream.agents.sql.catalog.fields import ATTRIBUTES, NOUNS, entity_of
from agentstream.agents.sql.catalog.question import Filter, Question, Threshold

_OPS = {
    ">": "above",
    ">=": "at least",
    "<": "below",
    "<=": "at most",
    "=": "equal to",
    "<>": "other than",
}
# A skill level as people say it: "at level 4 or higher".
_LEVEL_OPS = {
    ">": "above level {}",
    ">=": "at level {} or higher",
    "<": "below level {}",
    "<=": "at level {} or lower",
    "=": "at level {}",
    "<>": "at a level other than {}",
}
_DATE_OPS = {">=": "on or after", "<": "before", ">": "after", "<=": "on or before"}
_GROUP_LABELS = {
    "technician": "technician",
    "customer": "customer",
    "skill": "skill",
    "period": "period",
}


def said(value: str) -> str:
    """A coded value as people write it: ``on_leave`` -> ``on leave``."""
    return value.replace("_", " ")


def _either(values: tuple[str, ...], word: str = "or") -> str:
    shown = [said(v) for v in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + f" {word} " + shown[-1]


def label(name: str) -> str:
    """How an attribute or a grouping is named in an answer."""
    if name in _GROUP_LABELS:
        return _GROUP_LABELS[name]
    attribute = ATTRIBUTES[name]
    owner = entity_of(name)
    if attribute.column == "region" and owner == "customer":
        return "customer region"
    if attribute.column == "region" and owner == "technician":
        return "technician region"
    if owner == "technician" and attribute.column == "status":
        return "technician status"
    if owner == "customer" and attribute.column == "tier":
        return "customer tier"
    return attribute.label


def _filter_phrase(filter_: Filter, subject: str) -> str:
    field = filter_.field
    if field == "work_order.technician":
        return "with no technician assigned" if filter_.negated else "with a technician assigned"
    if field in ("technician.work_orders", "customer.work_orders"):
        return "with no work orders" if filter_.negated else "with work orders"
    if field == "technician.timesheets":
        return "with no timesheet entries" if filter_.negated else "with timesheet entries"
    if field == "technician.skill":
        if not filter_.values:
            return "with no skills on record" if filter_.negated else "with skills on record"
        skill = _either(filter_.values)
        return f"without the {skill} skill" if filter_.negated else f"with the {skill} skill"
    if field == "technician.name":
        link = {
            "technician": "named",
            "work_order": "assigned to",
            "timesheet": "logged by",
            "skill": "held by",
        }.get(subject, "of")
        names = _either(filter_.values, "nor" if filter_.negated else "or")
        return f"not {link} {names}" if filter_.negated else f"{link} {names}"
    if field == "skill.name":
        names = _either(filter_.values, "nor" if filter_.negated else "or")
        return f"not named {names}" if filter_.negated else f"named {names}"
    if field == "work_order.id":
        numbers = _either(tuple(f"#{value}" for value in filter_.values))
        return f"other than {numbers}" if filter_.negated else f"numbered {numbers}"
    if field == "customer.name":
        prefix = "" if subject == "customer" else "for customer "
        names = _either(filter_.values)
        return f"not {prefix}{names}" if filter_.negated else f"{prefix}{names}".strip()
    verb = "is not" if filter_.negated else "is"
    values = _either(filter_.values, "nor" if filter_.negated and len(filter_.values) > 1 else "or")
    if filter_.negated and len(filter_.values) > 1:
        return f"whose {label(field)} is neither {values}"
    return f"whose {label(field)} {verb} {values}"


def _threshold_phrase(limit: Threshold) -> str:
    name = label(limit.field) if limit.field != "technician.skill_level" else "skill level"
    if limit.other is not None:
        return f"whose {name} are {_OPS[limit.op]} their {label(limit.other)}"
    if isinstance(limit.value, date):
        return f"{name} {_DATE_OPS[limit.op]} {limit.value.isoformat()}"
    number = limit.value
    shown = f"{number:g}" if isinstance(number, float) else str(number)
    return f"whose {name} is {_OPS[limit.op]} {shown}"


def qualifiers(question: Question) -> list[str]:
    """Each filter, threshold and period of the question as words (a comparison's sides are
    named by the answer itself)."""
    any_skill = Filter("technician.skill")
    no_skill = Filter("technician.skill", negated=True)
    levels = [t for t in question.thresholds if t.field == "technician.skill_level"]
    parts = [
        _filter_phrase(f, question.subject)
        for f in question.filters
        if not (question.compared and f.values == question.compared)
        and not (levels and f in (any_skill, no_skill))
    ]
    if levels and (any_skill in question.filters or no_skill in question.filters):
        # "who has any skill at level 5", "no skill at level 4 or higher": one condition on
        # one skill
        bounds = " and ".join(_LEVEL_OPS[t.op].format(f"{t.value:g}") for t in levels)
        held = "a" if any_skill in question.filters else "no"
        parts.append(f"with {held} skill {bounds}")
        levels_said = set(map(id, levels))
    else:
        levels_said = set()
    parts += [_threshold_phrase(t) for t in question.thresholds if id(t) not in levels_said]
    if question.period is not None:
        verb = label(question.period.field)
        parts.append(f"{verb} {question.period.label}")
    if compares_actuals(question):
        parts.append("with actual hours recorded")
    if question.within is not None:
        parts.append(previous_rows(question.within))
    return parts


# Values said before the noun ("10 active technicians", "33 urgent work orders").
_ADJECTIVES = {
    "technician.status",
    "work_order.status",
    "work_order.priority",
    "work_order.category",
    "customer.tier",
}


def _owner_suffix(filter_: Filter, subject: str) -> str | None:
    """A status or tier of the rows' technician or customer, said of them: "completed work
    orders of active technicians", "work orders for premium customers"."""
    owner = entity_of(filter_.field)
    if owner == subject or filter_.field not in _ADJECTIVES:
        return None
    if filter_.negated or len(filter_.values) != 1:
        return None
    value = filter_.values[0]
    nouns = NOUNS[owner][1]
    people = f"{nouns} on leave" if value == "on_leave" else f"{said(value)} {nouns}"
    return f"{'for' if owner == 'customer' else 'of'} {people}"


def _adjective(filter_: Filter) -> str | None:
    if filter_.negated or len(filter_.values) != 1 or filter_.field not in _ADJECTIVES:
        return None
    value = filter_.values[0]
    if value == "on_leave":
        return None
    if filter_.field == "work_order.priority" and value.lower() != "urgent":
        return f"{value}-priority"
    return said(value).replace(" ", "-") if filter_.field == "work_order.status" else said(value)


def _region_suffix(filter_: Filter, subject: str) -> str | None:
    own = {"technician": "technician.region", "customer": "customer.region"}.get(subject)
    region_of = {"work_order": "customer.region", "timesheet": "technician.region"}.get(subject)
    if filter_.negated or len(filter_.values) != 1 or filter_.field not in (own, region_of):
        return None
    return f"in the {filter_.values[0]} region"


def describe(question: Question, plural: bool = True) -> str:
    """The rows of the question: "open urgent work orders in the North region whose ..."."""
    noun = NOUNS[question.subject][1 if plural else 0]
    adjectives: list[str] = []
    suffixes: list[str] = []
    rest = []
    for filter_ in question.filters:
        if question.compared and filter_.values == question.compared:
            continue
        if (owned := _owner_suffix(filter_, question.subject)) is not None:
            suffixes.append(owned)
        elif (word := _adjective(filter_)) is not None:
            period = question.period
            if period is None or label(period.field) != word:
                adjectives.append(word)  # not "completed work orders completed last month"
        elif (
            filter_.field == "technician.status"
            and filter_.values == ("on_leave",)
            and not filter_.negated
        ):
            suffixes.append("on leave")
        elif (suffix := _region_suffix(filter_, question.subject)) is not None:
            suffixes.append(suffix)
        else:
            rest.append(filter_)
    others = qualifiers(replace(question, filters=tuple(rest)))
    head = " ".join([*adjectives, noun, *suffixes])
    return " ".join([head, " and ".join(others)]).strip()


def previous_rows(within: Question) -> str:
    """The rows of the previous answer, said once however long the chain of follow-ups: "of
    Grace Dubois", "of the technician with the highest hourly rate", "among the active
    technicians of the previous answer"."""
    while (
        within.measure.kind == "lookup"
        and within.within is not None
        and within.within.result_entity() == within.result_entity()
    ):
        within = within.within  # a lookup ("which region is he in?") keeps the same rows
    names = [f for f in within.filters if f.field == f"{within.subject}.name" and not f.negated]
    if within.measure.kind == "lookup" and len(names) == 1 and len(names[0].values) == 1:
        return f"of {names[0].values[0]}"
    rank = within.rank
    if within.having is not None and within.group_by in NOUNS:
        # "customers with more than 10 work orders": those customers, not their work orders
        return f"among the {NOUNS[within.group_by][1]} of the previous answer"
    if rank is None:
        return f"among the {describe(replace(within, within=None))} of the previous answer"
    one = rank.n == 1
    if within.group_by in NOUNS:
        counted = describe(replace(within, within=None, rank=None, group_by=None))
        group = NOUNS[within.group_by][0 if one else 1]
        if within.measure.kind in ("sum", "avg") and within.measure.fields:
            # ranked by a figure of their rows, not by how many there are: "the technician
            # with the highest total overtime hours of timesheet entries logged in October"
            extreme = rank.ordinal + ("highest" if rank.descending else "lowest")
            figure = "total" if within.measure.kind == "sum" else "average"
            what = label(within.measure.fields[0])
            of_rows = f"{figure} {what} of {counted}"
            return f"{'of' if one else 'among'} the {group} with the {extreme} {of_rows}"
        most = rank.ordinal + ("most" if rank.descending else "fewest")
        return f"{'of' if one else 'among'} the {group} with the {most} {counted}"
    rows = describe(replace(within, within=None), plural=not one)
    if rank.field == "technician.hire_date":
        extreme = rank.ordinal + ("most recently hired" if rank.descending else "longest-serving")
        return f"{'of' if one else 'among'} the {extreme} {rows}"
    extreme = rank.ordinal + ("highest" if rank.descending else "lowest")
    what = label(rank.field) if rank.field else "number"
    return f"{'of' if one else 'among'} the {rows} with the {extreme} {what}"
