"""Grouping: "per region", "for each technician", "by customer tier"."""

from agentstream.agents.sql.catalog.fields import OWN_REGION
from agentstream.agents.sql.catalog.lexicon import (
    ATTRIBUTE,
    COMPARE,
    CONJ,
    COPULA,
    ENTITY,
    GROUP,
    MEASURE,
    REF,
    VALUE,
)
from agentstream.agents.sql.catalog.parse import (
    NotUnderstood,
    Parse,
    measure_words,
    resolve_attribute,
)
from agentstream.agents.sql.catalog.question import ROW_GROUPS

GROUPABLE = {"region", "status", "work_order.priority", "work_order.category", "customer.tier"}


def read_group(p: Parse, subject: str, referenced: str | None = None) -> str | NotUnderstood | None:
    """The grouping a question asks for: "per region", "for each technician", "by priority",
    or "each of them" of the previous answer's people or customers (`referenced`)."""
    words = [i for i in p.kinds(GROUP) if i not in p.used]  # "over by 2 hours" is a threshold
    failed: int | None = None
    for i in words:
        if (
            p.words[i].text in ("each", "every", "for each", "for every")
            and p.sense(i + 1) == REF
            and referenced in ROW_GROUPS
            and referenced != subject
        ):
            p.use(*words)
            return referenced  # "how many work orders does each of them have"
        following = i + 1
        while p.sense(following) in (COPULA, CONJ, REF):
            following += 1
        kind = p.sense(following)
        if kind == MEASURE and p.words[following].sense.value == "count":
            p.use(i)  # "by number of ...": what to rank by, not a grouping
            continue
        if p.words[i].text == "each" and following >= len(p.words) and p.kinds(COMPARE):
            p.use(i)  # "urgent vs high: how many each?": each side of the comparison
            continue
        if p.words[i].text == "by" and (
            kind in (VALUE, "name") or (kind == ENTITY and p.words[following].text.endswith("s"))
        ):
            p.use(i)  # "logged by active technicians": who did it, not a grouping
            continue
        if kind == VALUE and p.sense(following + 1) == ENTITY:
            following += 1  # "for each active technician": the value filters the groups
            kind = ENTITY
        if (
            kind == ENTITY
            and p.words[following].sense.value == subject
            and p.sense(following + 1) == ATTRIBUTE
        ):
            following += 1  # "rate by technician status": the subject's own attribute
            kind = ATTRIBUTE
        own_rows = kind == ENTITY and p.words[following].sense.value == subject
        if own_rows and "avg" in measure_words(p):
            p.use(i, following)  # "average hours per completed job": the average of those jobs
            continue
        if kind not in (ATTRIBUTE, ENTITY) or own_rows:
            failed = i if failed is None else failed
            continue
        more = [(j, k) for j in words if j > following and (k := _group_named(p, j, subject))]
        if more:
            # "per customer per technician": two breakdowns, and one would be dropped
            phrases = [(i, following), *more]
            return NotUnderstood(
                tuple(f"{p.words[j].text} {p.words[k].text}" for j, k in phrases),
                "I can break it down by one thing at a time",
            )
        p.use(*words)
        p.use(following)
        value = p.words[following].sense.value
        if (
            kind == ENTITY
            and p.sense(following + 1) == ATTRIBUTE
            and p.words[following + 1].sense.value in GROUPABLE
        ):
            p.use(following + 1)  # "by customer tier", "per technician region"
            attribute = p.words[following + 1].sense.value
            if attribute == "region":
                return OWN_REGION.get(value, "technician.region")
            return resolve_attribute(attribute, value, p)
        if kind == ENTITY:
            return value
        return resolve_attribute(value, subject, p)
    if failed is not None:
        return NotUnderstood((p.words[failed].text,), "I could not tell what to break it down by")
    return None


def _group_named(p: Parse, i: int, subject: str) -> int | None:
    """The position of what the grouping word at `i` groups by, if anything."""
    following = i + 1
    while p.sense(following) in (COPULA, CONJ, REF):
        following += 1
    kind = p.sense(following)
    if kind not in (ATTRIBUTE, ENTITY):
        return None
    value = p.words[following].sense.value
    if (kind == ATTRIBUTE and value in GROUPABLE) or (kind == ENTITY and value != subject):
        return following
    return None
