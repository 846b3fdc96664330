"""The measure of a question: a count, a list, a total, an average, a share or a lookup, and how
a share splits its whole from its part.
"""

from agentstream.agents.sql.catalog.lexicon import ATTRIBUTE, COPULA, ENTITY, MEASURE, REF
from agentstream.agents.sql.catalog.parse import (
    CUSTOMER_PROFILE,
    NOT_ADDITIVE,
    NUMERIC,
    PROFILE,
    NotUnderstood,
    Parse,
    resolve_attribute,
)
from agentstream.agents.sql.catalog.question import Measure


def read_measure(p: Parse, subject: str, excluded: set[str]) -> Measure | NotUnderstood:
    """Count, list, total, average or share; numbers already compared in a threshold ("earn
    more than 40") are not what is measured."""
    # a "%" a threshold read as its unit ("more than 50% over estimate") asks for no share
    positions = [
        i for i in p.kinds(MEASURE) if not (p.words[i].sense.value == "share" and i in p.used)
    ]
    kinds = {p.words[i].sense.value for i in positions}
    p.use(*positions)
    numeric = [
        i
        for i in p.kinds(ATTRIBUTE)
        if p.words[i].sense.value in NUMERIC
        and i not in p.used
        and p.words[i].sense.value != "technician.skill_level"
        and resolve_attribute(p.words[i].sense.value, subject, p) not in excluded
    ]
    fields_ = tuple(
        dict.fromkeys(resolve_attribute(p.words[i].sense.value, subject, p) for i in numeric)
    )
    if "work_order.overrun" in fields_:
        fields_ = ("work_order.overrun",)  # actual and estimated are what it subtracts
    if "share" in kinds:
        if "work_order.overrun" in fields_:
            return Measure("share")  # "what % ran over": a share of rows meeting a condition
        p.use(*numeric)
        return Measure("share", fields_)
    if "work_order.overrun" in fields_ and not kinds & {"sum", "avg"}:
        return Measure("count")  # "went over their estimate": a condition, not a measure
    if "avg" in kinds:
        if not fields_:
            return NotUnderstood(("average",), "an average of what")
        p.use(*numeric)
        return Measure("avg", fields_)
    if "count" in kinds:
        counts = [i for i in positions if p.words[i].sense.value == "count"]
        if numeric and any(p.sense(c + 1) == REF for c in counts):
            # "how many of them logged overtime": a count of them, by hours they logged
            return NotUnderstood(
                tuple(p.words[i].text for i in numeric),
                "I can count them by a condition on their hours (more than 10 hours), or "
                "total their hours, not count who logged some",
            )
        direct = [i for i in numeric if any(0 < i - c <= 2 for c in counts)]
        if direct:  # "how many hours"
            p.use(*numeric)
            return Measure("sum", fields_)
        return Measure("count")
    if fields_ and kinds == {"list"} and set(fields_) - NOT_ADDITIVE and not p.kinds("number"):
        # "who knows electrical work": people are asked for; a total of their hours would
        # answer another question
        return NotUnderstood(
            tuple(p.words[i].text for i in numeric),
            "I can list who matches a condition on hours, not who relates to hours",
        )
    if fields_:
        p.use(*numeric)
        return Measure("sum", fields_)
    return Measure("count") if "sum" in kinds else Measure("list")


def lookup_fields(p: Parse, subject: str) -> tuple[str, ...]:
    asked = []
    for i in p.kinds(ATTRIBUTE):
        value = p.words[i].sense.value
        if value == "region:located":
            value = "region"
        resolved = resolve_attribute(value, subject, p)
        if resolved == "timesheet.hours" or resolved.startswith("work_order"):
            continue
        if resolved.split(".")[0] == subject:
            asked.append(resolved)
            p.use(i)
    if asked:
        return tuple(dict.fromkeys(asked))
    return PROFILE if subject == "technician" else CUSTOMER_PROFILE


def share_split(p: Parse, subject: str, conditions: list[int]) -> int:
    """Filters before the first verb after the subject noun select the whole; after it, the
    part ("of work orders in the North, how many are urgent"). Without a verb, a condition
    after the noun is the part and those before it the whole ("% of completed jobs ran over");
    with none after it, every condition is the part ("% of urgent work orders")."""
    nouns = [i for i in p.kinds(ENTITY) if p.words[i].sense.value == subject]
    start = nouns[0] if nouns else 0
    verbs = [i for i in p.kinds(COPULA) if i > start]
    if verbs:
        return verbs[0]
    return start if nouns and any(i > start for i in conditions) else -1
