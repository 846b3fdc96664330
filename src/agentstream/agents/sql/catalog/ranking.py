"""Rankings and comparisons: "which technician has the most …", "top 3", "North vs South"."""

from agentstream.agents.sql.catalog.lexicon import (
    ATTRIBUTE,
    CMP,
    COMPARE,
    COPULA,
    ENTITY,
    MEASURE,
    RANK,
    REF,
    VALUE,
)
from agentstream.agents.sql.catalog.parse import NUMERIC, Parse, field_of, resolve_attribute
from agentstream.agents.sql.catalog.question import Filter, Question, Rank


def head_of(p: Parse) -> tuple[int, str] | None:
    """ "which technician", "who", "which region": what a ranking question asks to name."""
    for i, word in enumerate(p.words):
        if word.sense.kind == MEASURE and word.text in ("which", "who", "what", "whom"):
            if word.text == "who":
                nxt = i + 1
                while p.sense(nxt) in (COPULA,):
                    nxt += 1
                if p.sense(nxt) == ENTITY and p.words[nxt].sense.value == "customer":
                    return nxt, "customer"
                return i, "technician"
            nxt = i + 1
            if p.sense(nxt) == VALUE and p.sense(nxt + 1) in (ENTITY, ATTRIBUTE):
                nxt += 1  # "which active technician"
            if p.sense(nxt) in (ENTITY, ATTRIBUTE):
                return nxt, p.words[nxt].sense.value
    return None


# The words that compare two sides ("more repairs or installations?").
COMPARATIVES = frozenset(("more", "fewer", "higher", "lower"))
_ASKING = frozenset(("which", "what", "the", "name", "list", "show"))


# The date "the most recent" and "the oldest" rank each subject's rows by.
DATED_BY = {
    "technician": "technician.hire_date",
    "work_order": "work_order.created_at",
    "timesheet": "timesheet.work_date",
}


def read_rank(p: Parse, subject: str) -> tuple[Rank | None, str | None]:
    """The ranking asked for and the attribute ranked by (None: by the count)."""
    ranks = p.kinds(RANK)
    if not ranks:
        return None, None
    i = ranks[0]
    p.use(*ranks)
    direction = p.words[i].sense.value
    n: int | None = 1
    # "top 3", "3 highest", or the number of the rows asked for: "which 3 customers have..."
    counted = [j for j in p.kinds(ENTITY) if j > 1 and p.words[j - 2].text in _ASKING]
    numbers = [
        j
        for j in (i + 1, i - 1, *(k - 1 for k in counted))
        if p.sense(j) == "number" and j not in p.used and float(p.words[j].number or 0) < 1000
    ]
    if numbers:
        n = int(p.words[numbers[0]].number or 1)
        p.use(numbers[0])
    elif plural_head(p):
        n = 5
    place = 1
    if p.sense(i - 1) == "ordinal":  # "the second highest"
        place = int(p.words[i - 1].number or 1)
        p.use(i - 1)
    if direction in ("recent", "senior"):
        # the newest work order was created last; the newest technician hired last
        field = DATED_BY.get(subject, "technician.hire_date")
        return Rank(direction == "recent", n, field, place), field
    attribute = next(
        (
            j
            for j in p.kinds(ATTRIBUTE)
            if p.words[j].sense.value in NUMERIC
            # a level is a technician's in one skill: "highest level in HVAC"
            and (p.words[j].sense.value != "technician.skill_level" or _one_skill(p))
        ),
        None,
    )
    by = (
        resolve_attribute(p.words[attribute].sense.value, subject, p)
        if attribute is not None
        else None
    )
    if attribute is not None:
        # "cheapest tech by hourly rate": the word names the figure, "by" and the figure repeat it
        said = [j for j in p.kinds(ATTRIBUTE) if p.words[j].sense == p.words[attribute].sense]
        by_word = [j - 1 for j in said if j > 0 and p.words[j - 1].text == "by"]
        # "by plumbing level": the skill names whose level
        by_word += [
            j - 2 for j in said if j > 1 and p.words[j - 2].text == "by" and p.sense(j - 1) == VALUE
        ]
        p.use(*said, *by_word)
    return Rank(direction != "asc", n, by, place), by


def _one_skill(p: Parse) -> bool:
    skills = [
        i for i in p.kinds(VALUE) if field_of(p.words[i]) in ("skill.name", "technician.skill")
    ]
    return len(skills) == 1 and skills[0] not in p.negated


def asks_which_of(p: Parse) -> bool:
    """ "Which of them", "how many of those": rows of the previous result are asked for."""
    return any(
        word.sense.kind == MEASURE
        and word.text in ("which", "who", "how many")
        and p.sense(i + 1) == REF
        and p.words[i + 1].sense.value == "plural"
        for i, word in enumerate(p.words)
    )


def plural_head(p: Parse) -> bool:
    """ "Which technicians ...", "top customers": several are asked for."""
    head = head_of(p)
    if head is not None:
        return p.words[head[0]].text.endswith("s") or any(w.text == "who are" for w in p.words)
    return any(w.text in ("top", "bottom") for w in p.words)


def compared_sides(
    p: Parse, filters: list[tuple[Filter, int]], previous: Question | None
) -> tuple[str, tuple[str, ...]] | None:
    """The field and values a comparison sets side by side ("North vs South")."""
    cue = p.kinds(COMPARE) or [i for i in p.kinds(RANK) if p.words[i].text in COMPARATIVES]
    # "is Olga Mensah paid more than Hiro Sharma": a comparison word between two names
    cue += [i for i in p.kinds(CMP) if p.sense(i + 1) == "name" and p.sense(i - 1) != "number"]
    if not cue:
        return None
    sides = [f for f, _ in filters if not f.negated and len(f.values) >= 2]
    # sides named one by one ("Rosa Ferreira and Hiro Sharma") before a word that stands for
    # several values ("workload": the outstanding statuses)
    sides.sort(key=lambda f: sum(field_of(w) == f.field for w in p.words) < 2)
    if sides:
        p.use(*cue)
        return sides[0].field, sides[0].values
    if previous is not None and p.kinds(COMPARE):
        for filter_, _ in filters:
            earlier = next(
                (f for f in previous.filters if f.field == filter_.field and not f.negated), None
            )
            if earlier is not None and not filter_.negated:
                p.use(*cue)
                return filter_.field, tuple(dict.fromkeys(earlier.values + filter_.values))
    return None


def compares_values(p: Parse) -> bool:
    """A comparative ("more", "fewer") between two values of one field compares them."""
    comparative = [i for i in p.kinds(RANK) if p.words[i].text in COMPARATIVES]
    if not comparative:
        return False
    fields_ = [field_of(p.words[i]) for i in p.kinds(VALUE) if i not in p.negated]
    return any(fields_.count(name) >= 2 for name in set(fields_))
