"""From the senses of a question's words to a `Question`, or to what could not be understood.

Every word must be used: a negation that negates nothing, a comparison without a number, a
ranking without anything to rank make the question not understood, because answering it
without them would answer another question.
"""

from dataclasses import dataclass, field, replace
from datetime import timedelta

from agentstream.agents.sql.catalog.dates import DateRange
from agentstream.agents.sql.catalog.fields import OWN_REGION, reachable
from agentstream.agents.sql.catalog.lexicon import (
    ATTRIBUTE,
    CHANGE,
    CMP,
    COMPARE,
    CONJ,
    COPULA,
    CUE,
    ENTITY,
    GROUP,
    MEASURE,
    NEG,
    RANK,
    REF,
    VALUE,
)
from agentstream.agents.sql.catalog.question import (
    Filter,
    Measure,
    Period,
    Question,
    Rank,
    Threshold,
)
from agentstream.agents.sql.catalog.reading import Reading, Word
from agentstream.agents.sql.catalog.tenant import Vocabulary

OUTSTANDING = ("open", "scheduled", "in_progress")
_NUMERIC = {
    "technician.hourly_rate",
    "timesheet.overtime_hours",
    "work_order.actual_hours",
    "work_order.estimated_hours",
    "technician.skill_level",
    "hours",
    "overrun",
}
_DATE_DEFAULT = {
    "work_order": "work_order.created_at",
    "technician": "technician.hire_date",
    "timesheet": "timesheet.work_date",
}
_ATTRIBUTE_SUBJECT = {
    "technician.hourly_rate": "technician",
    "timesheet.overtime_hours": "timesheet",
    "hours": "timesheet",
    "work_order.actual_hours": "work_order",
    "work_order.estimated_hours": "work_order",
    "overrun": "work_order",
    "technician.skill_level": "technician",
    "technician.hire_date": "technician",
    "technician.email": "technician",
    "work_order.created_at": "work_order",
    "work_order.scheduled_for": "work_order",
}
_VALUE_SUBJECT = {
    "work_order.status": "work_order",
    "work_order.priority": "work_order",
    "work_order.category": "work_order",
    "work_order.technician": "work_order",
    "technician.status": "technician",
    "customer.tier": "customer",
    "technician.skill": "technician",
}
# Openings that continue an earlier question: without one, they are not understood.
_CONTINUATIONS = {"and", "what about", "how about", "same question", "same for", "also", "instead"}
# Values that a total would make meaningless: each row's own is what is asked.
_NOT_ADDITIVE = {"technician.hourly_rate", "technician.skill_level"}
_GROUPABLE = {"region", "status", "work_order.priority", "work_order.category", "customer.tier"}
_PROFILE = (
    "technician.region",
    "technician.status",
    "technician.hourly_rate",
    "technician.hire_date",
    "technician.email",
)
_CUSTOMER_PROFILE = ("customer.region", "customer.tier")


@dataclass(frozen=True)
class NotUnderstood:
    """The words the engine could not account for, and why."""

    words: tuple[str, ...]
    reason: str = ""
    # The tenant's database is not a field-service database at all.
    other_schema: bool = False
    # It continues the previous data question ("and which of them ..."): its words are about
    # the data, so documents that share a few of them do not answer it.
    follow_up: bool = False
    # Some of its words name rows of the data (an entity, a value, a name): a passage that
    # merely shares its other words does not answer it.
    about_data: bool = True


@dataclass
class _Parse:
    """Working state: the words and which of them the question has used."""

    words: list[Word]
    vocabulary: Vocabulary
    used: set[int] = field(default_factory=set)
    negated: set[int] = field(default_factory=set)

    def kinds(self, kind: str) -> list[int]:
        return [i for i, w in enumerate(self.words) if w.sense.kind == kind]

    def values(self, kind: str) -> list[str]:
        return [self.words[i].sense.value for i in self.kinds(kind)]

    def use(self, *positions: int) -> None:
        self.used.update(positions)

    def sense(self, i: int) -> str:
        return self.words[i].sense.kind if 0 <= i < len(self.words) else ""


def _expand(reading: Reading) -> list[Word]:
    """Words whose text carries a second sense ("headcount", "electricians") as two words."""
    words: list[Word] = []
    for word in reading.words:
        words.append(replace(word, position=len(words)))
        if word.sense.also is not None:
            words.append(Word(word.text, word.sense.also, len(words)))
    return words


def _negation(p: _Parse) -> NotUnderstood | None:
    """Mark what each negation word negates; a negation that negates nothing is not understood."""
    pending: int | None = None
    for i, word in enumerate(p.words):
        kind = word.sense.kind
        if kind == NEG:
            if pending is not None and word.text not in ("nor", "n't", "not", "no"):
                return NotUnderstood((p.words[pending].text,), "negates nothing I can apply")
            pending = i
            p.use(i)
            if word.text in ("nobody", "no one"):
                p.words[i] = Word(word.text, word.sense, i)
                p.negated.add(i)  # nobody: no technician
                pending = None
            continue
        if pending is None:
            if (
                kind == VALUE
                and i >= 2
                and p.sense(i - 1) == CONJ
                and i - 2 in p.negated
                and _field(p.words[i - 2]) == _field(word)
            ):
                p.negated.add(i)  # "not in the North or the East"
            continue
        if kind in (VALUE, ENTITY, "name"):
            p.negated.add(i)
            pending = None
        elif (
            kind in (COPULA, CONJ)
            or (kind == ATTRIBUTE and word.sense.value == "region:located")
            or (kind == ATTRIBUTE and i + 1 < len(p.words) and p.sense(i + 1) == VALUE)
        ):
            continue
        else:
            return NotUnderstood((p.words[pending].text,), "I could not tell what it negates")
    if pending is not None:
        return NotUnderstood((p.words[pending].text,), "I could not tell what it negates")
    return None


def _field(word: Word) -> str:
    return word.sense.value.split("|", 1)[0]


def _subject(p: _Parse, previous: Question | None) -> str | None:
    entities = [i for i in p.kinds(ENTITY) if i not in p.negated]
    measures = p.kinds(MEASURE) + p.kinds(RANK)
    # The entity right after "how many" / "number of" / "most" is the one counted.
    for m in measures:
        kind = p.words[m].sense.value
        for j in range(m + 1, min(m + 5, len(p.words))):
            sense = p.sense(j)
            if sense == ENTITY and j not in p.negated:
                if kind in ("count", "share", "desc", "asc", "sum", "avg") or not entities:
                    return p.words[j].sense.value
                break
            if sense == ATTRIBUTE and p.words[j].sense.value in _NUMERIC:
                return _ATTRIBUTE_SUBJECT[p.words[j].sense.value]
            if sense not in (VALUE, NEG, COPULA, "number", CONJ):
                break
    if any(w.text in ("who", "who are") for w in p.words) and not any(
        p.words[i].sense.value == "customer" for i in entities
    ):
        return "technician"  # "who" asks for people
    if entities:
        return p.words[entities[0]].sense.value
    for value in p.values(ATTRIBUTE):
        if value in _ATTRIBUTE_SUBJECT:
            return _ATTRIBUTE_SUBJECT[value]
    for i in p.kinds(VALUE):
        subject = _VALUE_SUBJECT.get(_field(p.words[i]))
        if subject:
            return subject
    names = p.values("name")
    if names:
        return names[0].split(".", 1)[0]
    return previous.subject if previous else None


def _resolve_attribute(value: str, subject: str, p: _Parse) -> str:
    if value == "hours":
        if subject == "work_order":
            estimated = "work_order.estimated_hours" in p.values(ATTRIBUTE)
            return "work_order.estimated_hours" if estimated else "work_order.actual_hours"
        if "timesheet.overtime_hours" in p.values(ATTRIBUTE):
            return "timesheet.overtime_hours"
        return "timesheet.hours"
    if value == "overrun":
        return "work_order.overrun"
    if value == "region":
        return OWN_REGION.get(subject, "technician.region")
    if value == "status":
        return "work_order.status" if subject == "work_order" else "technician.status"
    return value


def _region_field(p: _Parse, i: int, subject: str) -> str:
    """A region qualifies the entity noun next to it ("North technicians", "customers in the
    North"), else the subject's own region."""
    for j in (i + 1, i - 1, i - 2):
        if p.sense(j) == ENTITY and j not in p.negated:
            entity = p.words[j].sense.value
            if entity in OWN_REGION:
                return OWN_REGION[entity]
    return OWN_REGION.get(subject, "technician.region")


def _filters(p: _Parse, subject: str) -> list[tuple[Filter, int]] | NotUnderstood:
    """The filters of the values and names the question mentions, each with its position."""
    grouped: dict[tuple[str, bool], list[str]] = {}
    first: dict[tuple[str, bool], int] = {}
    for i in p.kinds(VALUE) + p.kinds("name"):
        word = p.words[i]
        field_name, _, value = word.sense.value.partition("|")
        negated = i in p.negated
        p.use(i)
        if field_name == "region":
            field_name = _region_field(p, i, subject)
        elif field_name.startswith("skill:"):
            wanted = field_name.split(":", 1)[1]
            skills = [s for s in p.vocabulary.of("skill.name") if s.lower() == wanted]
            if not skills:
                return NotUnderstood((word.text,), "no such skill in the data")
            field_name, value = "technician.skill", skills[0]
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
            relation = _relation(
                subject, p.words[i].sense.value if p.sense(i) == ENTITY else "technician"
            )
            if relation is None:
                return NotUnderstood((p.words[i].text,), "I cannot tell what lacks it")
            grouped.setdefault((relation, True), [])
            first.setdefault((relation, True), i)
            p.use(i)
    filters = []
    for (field_name, negated), values in grouped.items():
        if not reachable(subject, field_name):
            return NotUnderstood((field_name.split(".")[-1],), f"not a property of {subject}s")
        filters.append(
            (
                Filter(field_name, tuple(dict.fromkeys(values)), negated),
                first[(field_name, negated)],
            )
        )
    return filters


def _relation(subject: str, entity: str) -> str | None:
    return {
        ("work_order", "technician"): "work_order.technician",
        ("technician", "work_order"): "technician.work_orders",
        ("customer", "work_order"): "customer.work_orders",
        ("technician", "skill"): "technician.skill",
    }.get((subject, entity))


def _numbers_after(p: _Parse, i: int) -> list[int]:
    """Positions of the number(s) or date(s) a comparison word at `i` governs."""
    found = []
    for j in range(i + 1, min(i + 5, len(p.words))):
        kind = p.sense(j)
        if kind in ("number", "date"):
            found.append(j)
            if p.words[i].sense.value != "between" or len(found) == 2:
                break
        elif kind in (CONJ, COPULA) or (kind == ATTRIBUTE and not found):
            continue
        else:
            break
    return found


def _threshold_field(p: _Parse, number: int, subject: str) -> str | None:
    """What a number measures: its unit after it, else the attribute the question names."""
    for j in range(number + 1, min(number + 4, len(p.words))):
        kind, value = p.sense(j), p.words[j].sense.value
        if kind == ENTITY:
            p.use(j)
            return f"count:{value}"
        if kind == ATTRIBUTE and value in _NUMERIC:
            p.use(j)
            return _resolve_attribute(value, subject, p)
        if kind not in (CONJ, CMP, VALUE):  # "3 urgent work orders"
            break
    named = [
        i
        for i in p.kinds(ATTRIBUTE)
        if p.words[i].sense.value in _NUMERIC and p.words[i].sense.value != "overrun"
    ]
    specific = [i for i in named if p.words[i].sense.value != "hours"] or named
    if specific:
        p.use(*specific)
        return _resolve_attribute(p.words[specific[0]].sense.value, subject, p)
    return None


def _date_field(p: _Parse, subject: str) -> str | None:
    for value in p.values(ATTRIBUTE):
        if value in ("work_order.created_at", "work_order.scheduled_for", "technician.hire_date"):
            return value
        if value == "hours" and subject in ("timesheet", "technician"):
            return "timesheet.work_date"
    for i in p.kinds(VALUE):
        word = p.words[i]
        if word.sense.value == "work_order.status|completed":
            return "work_order.completed_at"
        if word.sense.value == "work_order.status|scheduled":
            return "work_order.scheduled_for"
    return _DATE_DEFAULT.get(subject)


def _date_threshold(op: str, when: DateRange, field_name: str) -> list[Threshold]:
    if op == ">":
        return [Threshold(field_name, ">=", when.end)]
    if op == ">=":
        return [Threshold(field_name, ">=", when.start)]
    if op == "<":
        return [Threshold(field_name, "<", when.start)]
    return [Threshold(field_name, "<", when.end)]


def _thresholds(
    p: _Parse, subject: str
) -> tuple[list[Threshold], Threshold | None, Period | None] | NotUnderstood:
    thresholds: list[Threshold] = []
    having: Threshold | None = None
    period: Period | None = None
    date_field = _date_field(p, subject)
    for i in p.kinds(CMP):
        op = p.words[i].sense.value
        targets = _numbers_after(p, i)
        if not targets:
            # "2 hours or less", "level 4 or higher": the comparison follows its number
            before = [j for j in range(max(0, i - 3), i) if p.sense(j) == "number"]
            if before and op in (">=", "<=", ">", "<"):
                targets = before[-1:]
            elif op == "between" and ("overrun" in p.values(ATTRIBUTE) or p.kinds(COMPARE)):
                p.use(i)  # "the difference between actual and estimated", "compare between"
                continue
            elif op == "between":
                return NotUnderstood((p.words[i].text,), "an incomplete range")
            else:
                attribute = next(
                    (j for j in range(i + 1, min(i + 3, len(p.words))) if p.sense(j) == ATTRIBUTE),
                    None,
                )
                left = [
                    j for j in p.kinds(ATTRIBUTE) if j < i and p.words[j].sense.value in _NUMERIC
                ]
                if attribute is None or not left:
                    return NotUnderstood((p.words[i].text,), "compared with nothing I can read")
                other = _resolve_attribute(p.words[attribute].sense.value, subject, p)
                mine = _resolve_attribute(p.words[left[-1]].sense.value, subject, p)
                p.use(i, attribute, left[-1])
                thresholds.append(Threshold(mine, op, other=other))  # type: ignore[arg-type]
                continue
        p.use(i, *targets)
        if all(p.sense(t) == "date" for t in targets):
            if date_field is None:
                return NotUnderstood((p.words[i].text,), "no date to compare")
            ranges = [p.words[t].when for t in targets]
            if op == "between" and len(ranges) == 2 and ranges[0] and ranges[1]:
                thresholds.append(Threshold(date_field, ">=", ranges[0].start))
                thresholds.append(Threshold(date_field, "<", ranges[1].end))
            elif ranges[0] is not None and op != "between":
                thresholds.extend(_date_threshold(op, ranges[0], date_field))
            else:
                return NotUnderstood((p.words[i].text,), "an incomplete range")
            continue
        if any(p.sense(t) != "number" for t in targets):
            return NotUnderstood((p.words[i].text,), "compares a number with a date")
        target_field = _threshold_field(p, targets[0], subject)
        if target_field is None:
            return NotUnderstood(
                (p.words[i].text, p.words[targets[0]].text), "I could not tell what is compared"
            )
        numbers = [float(p.words[t].number or 0) for t in targets]
        if op == "between":
            if len(numbers) != 2:
                return NotUnderstood((p.words[i].text,), "an incomplete range")
            bounds = [(">=", min(numbers)), ("<=", max(numbers))]
        else:
            bounds = [(op, numbers[0])]
        for bound_op, number in bounds:
            if target_field.startswith("count:"):
                having = Threshold(target_field, bound_op, number)  # type: ignore[arg-type]
            else:
                thresholds.append(Threshold(target_field, bound_op, number))  # type: ignore[arg-type]
    for i in p.kinds(ATTRIBUTE):
        level = p.words[i].sense.value == "technician.skill_level"
        if level and p.sense(i + 1) == "number" and i + 1 not in p.used:
            p.use(i, i + 1)  # "any skill at level 5"
            thresholds.append(Threshold("technician.skill_level", "=", p.words[i + 1].number))
    for i in p.kinds("date"):
        if i in p.used:
            continue
        when = p.words[i].when
        if when is None or date_field is None:
            return NotUnderstood((p.words[i].text,), "no date to apply it to")
        if period is not None:
            return NotUnderstood((p.words[i].text,), "two periods")
        p.use(i)
        label = when.label
        if when.point:  # "in 2024", "in October 2026", "on 2026-10-30"
            label = f"{'on' if when.end - when.start == timedelta(days=1) else 'in'} {label}"
        period = Period(date_field, when.start, when.end, label)
    return thresholds, having, period


def _group(p: _Parse, subject: str) -> str | NotUnderstood | None:
    """The grouping a question asks for: "per region", "for each technician", "by priority"."""
    words = p.kinds(GROUP)
    failed: int | None = None
    for i in words:
        following = i + 1
        while p.sense(following) in (COPULA, CONJ, REF):
            following += 1
        kind = p.sense(following)
        if kind == MEASURE and p.words[following].sense.value == "count":
            p.use(i)  # "by number of ...": what to rank by, not a grouping
            continue
        if p.words[i].text == "by" and (
            kind in (VALUE, "name") or (kind == ENTITY and p.words[following].text.endswith("s"))
        ):
            p.use(i)  # "logged by active technicians": who did it, not a grouping
            continue
        if kind not in (ATTRIBUTE, ENTITY) or (
            kind == ENTITY and p.words[following].sense.value == subject
        ):
            failed = i if failed is None else failed
            continue
        p.use(*words)
        p.use(following)
        value = p.words[following].sense.value
        if (
            kind == ENTITY
            and p.sense(following + 1) == ATTRIBUTE
            and p.words[following + 1].sense.value in _GROUPABLE
        ):
            p.use(following + 1)  # "by customer tier", "per technician region"
            attribute = p.words[following + 1].sense.value
            if attribute == "region":
                return OWN_REGION.get(value, "technician.region")
            return _resolve_attribute(attribute, value, p)
        if kind == ENTITY:
            return value
        return _resolve_attribute(value, subject, p)
    if failed is not None:
        return NotUnderstood((p.words[failed].text,), "grouped by nothing I can read")
    return None


def _head(p: _Parse) -> tuple[int, str] | None:
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


def _rank(p: _Parse, subject: str) -> tuple[Rank | None, str | None]:
    """The ranking asked for and the attribute ranked by (None: by the count)."""
    ranks = p.kinds(RANK)
    if not ranks:
        return None, None
    i = ranks[0]
    p.use(*ranks)
    direction = p.words[i].sense.value
    n: int | None = 1
    numbers = [
        j
        for j in (i + 1, i - 1)
        if p.sense(j) == "number" and j not in p.used and float(p.words[j].number or 0) < 1000
    ]
    if numbers:
        n = int(p.words[numbers[0]].number or 1)
        p.use(numbers[0])
    elif _plural_head(p):
        n = 5
    if direction in ("recent", "senior"):
        return Rank(direction == "recent", n, "technician.hire_date"), "technician.hire_date"
    attribute = next(
        (
            j
            for j in p.kinds(ATTRIBUTE)
            if p.words[j].sense.value in _NUMERIC
            and p.words[j].sense.value != "technician.skill_level"
        ),
        None,
    )
    by = (
        _resolve_attribute(p.words[attribute].sense.value, subject, p)
        if attribute is not None
        else None
    )
    if attribute is not None:
        p.use(attribute)
    return Rank(direction != "asc", n, by), by


def _asks_which_of(p: _Parse) -> bool:
    """ "Which of them", "how many of those": rows of the previous result are asked for."""
    return any(
        word.sense.kind == MEASURE
        and word.text in ("which", "who", "how many")
        and p.sense(i + 1) == REF
        and p.words[i + 1].sense.value == "plural"
        for i, word in enumerate(p.words)
    )


def _plural_head(p: _Parse) -> bool:
    """ "Which technicians ...", "top customers": several are asked for."""
    head = _head(p)
    if head is not None:
        return p.words[head[0]].text.endswith("s") or any(w.text == "who are" for w in p.words)
    return any(w.text in ("top", "bottom") for w in p.words)


def _measure(p: _Parse, subject: str, excluded: set[str]) -> Measure | NotUnderstood:
    """Count, list, total, average or share; numbers already compared in a threshold ("earn
    more than 40") are not what is measured."""
    positions = p.kinds(MEASURE)
    kinds = {p.words[i].sense.value for i in positions}
    p.use(*positions)
    numeric = [
        i
        for i in p.kinds(ATTRIBUTE)
        if p.words[i].sense.value in _NUMERIC
        and i not in p.used
        and p.words[i].sense.value != "technician.skill_level"
        and _resolve_attribute(p.words[i].sense.value, subject, p) not in excluded
    ]
    fields_ = tuple(
        dict.fromkeys(_resolve_attribute(p.words[i].sense.value, subject, p) for i in numeric)
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
        direct = [i for i in numeric if any(0 < i - c <= 2 for c in counts)]
        if direct:  # "how many hours"
            p.use(*numeric)
            return Measure("sum", fields_)
        return Measure("count")
    if fields_:
        p.use(*numeric)
        return Measure("sum", fields_)
    return Measure("count") if "sum" in kinds else Measure("list")


def _lookup_fields(p: _Parse, subject: str) -> tuple[str, ...]:
    asked = []
    for i in p.kinds(ATTRIBUTE):
        value = p.words[i].sense.value
        if value == "region:located":
            value = "region"
        resolved = _resolve_attribute(value, subject, p)
        if resolved == "timesheet.hours" or resolved.startswith("work_order"):
            continue
        if resolved.split(".")[0] == subject:
            asked.append(resolved)
            p.use(i)
    if asked:
        return tuple(dict.fromkeys(asked))
    return _PROFILE if subject == "technician" else _CUSTOMER_PROFILE


def _compared(
    p: _Parse, filters: list[tuple[Filter, int]], previous: Question | None
) -> tuple[str, tuple[str, ...]] | None:
    """The field and values a comparison sets side by side ("North vs South")."""
    cue = p.kinds(COMPARE) or [
        i for i in p.kinds(RANK) if p.words[i].text in ("more", "fewer", "higher", "lower")
    ]
    if not cue:
        return None
    for filter_, _ in filters:
        if not filter_.negated and len(filter_.values) >= 2:
            p.use(*cue)
            return filter_.field, filter_.values
    if previous is not None and p.kinds(COMPARE):
        for filter_, _ in filters:
            earlier = next(
                (f for f in previous.filters if f.field == filter_.field and not f.negated), None
            )
            if earlier is not None and not filter_.negated:
                p.use(*cue)
                return filter_.field, tuple(dict.fromkeys(earlier.values + filter_.values))
    return None


def _referenced(previous: Question, person: bool) -> Question | None:
    """The rows a pronoun designates: the previous answer's people, or its result."""
    if not person:
        return previous
    if previous.subject == "technician" or previous.group_by == "technician":
        return previous
    named = [f for f in previous.filters if f.field == "technician.name" and not f.negated]
    if named:
        return Question("technician", Measure("list"), filters=(named[0],))
    return None


def _result_entity(question: Question) -> str:
    if question.group_by in ("technician", "customer", "skill") and question.rank is not None:
        return question.group_by
    return question.subject


def _plain(question: Question) -> bool:
    return (
        question.rank is None
        and question.group_by is None
        and question.having is None
        and question.within is None
        and not question.compared
    )


def interpret(
    reading: Reading, vocabulary: Vocabulary, previous: Question | None = None
) -> Question | NotUnderstood:
    """The question `reading` asks, read in the context of the `previous` one."""
    p = _Parse(_expand(reading), vocabulary)
    if reading.unknown:
        partitive = previous is not None and _asks_which_of(p)
        # attributes are not enough: policies speak of rates and hours too
        named = any(p.kinds(kind) for kind in (ENTITY, VALUE, "name"))
        return NotUnderstood(tuple(reading.unknown), follow_up=partitive, about_data=named)
    if p.kinds(CHANGE):
        words = tuple(p.words[i].text for i in p.kinds(CHANGE))
        return NotUnderstood(words, "I only read the data; I cannot change it")
    for i in p.kinds(REF):
        if p.words[i].text == "that" and p.sense(i - 1) == ENTITY:
            p.use(i)  # "technicians that are active": a relative pronoun
        reflexive = p.words[i].text in ("their", "its") and p.sense(i + 1) == ATTRIBUTE
        if reflexive and p.words[i + 1].sense.value in ("work_order.estimated_hours", "overrun"):
            p.use(i)  # "went over their estimate": each work order's own estimate
    if (failure := _negation(p)) is not None:
        return failure
    refs = [i for i in p.kinds(REF) if i not in p.used]
    leading_and = bool(p.words) and p.sense(0) == CONJ
    p.use(*p.kinds(CUE), *p.kinds(COPULA), *p.kinds(CONJ), *refs)
    person = any(p.words[i].sense.value == "person" for i in refs)
    own_subject = _subject(p, None)
    cued = bool(p.kinds(CUE)) or leading_and
    elliptical = previous is not None and (cued or own_subject is None) and not refs
    continues = bool(p.words) and p.words[0].text in _CONTINUATIONS
    if (refs or elliptical or continues) and previous is None:
        words = tuple(p.words[i].text for i in refs) or ("and",)
        return NotUnderstood(words, "it refers to an earlier question I do not have")
    referenced = _referenced(previous, person) if refs and previous else None
    if refs and referenced is None:
        words = tuple(p.words[i].text for i in refs)
        return NotUnderstood(words, "I cannot tell whom it means", follow_up=True)
    bound = bool(refs) or elliptical or continues
    subject = own_subject or (
        _result_entity(referenced) if referenced else previous.subject if previous else None
    )
    if subject is None:
        return NotUnderstood((), "I could not tell what it asks about")
    result_entity = _result_entity(referenced) if referenced else None
    built = _build(p, subject, previous if elliptical else None, previous, result_entity)
    if isinstance(built, NotUnderstood):
        return replace(built, follow_up=bound)
    question = built
    if referenced is not None and question.compared and previous is not None:
        # "compare that with maintenance": the previous question, side by side
        question, referenced = _merged(question, previous, p), None
    if referenced is not None:
        if _plain(referenced) and referenced.subject == subject:
            question = replace(
                question,
                filters=(*referenced.filters, *question.filters),
                thresholds=(*referenced.thresholds, *question.thresholds),
                period=question.period or referenced.period,
            )
        elif reachable(subject, _result_entity(referenced)) or (
            subject == "skill" and _result_entity(referenced) == "technician"
        ):
            question = replace(question, within=referenced)
        else:
            words = tuple(p.words[i].text for i in refs)
            return NotUnderstood(words, "I cannot link it here", follow_up=True)
    if (
        referenced is not None
        and question.subject in ("technician", "customer")
        and question.measure.kind in ("sum", "list")
        and question.rank is None
        and not ({"count", "sum", "avg"} & _measure_words(p))
    ):
        asked = _lookup_fields(p, question.subject)
        if asked not in (_PROFILE, _CUSTOMER_PROFILE):
            question = replace(question, measure=Measure("lookup", asked))
    leftover = _unused(p, question)
    if leftover:
        return NotUnderstood(leftover, follow_up=bound)
    return replace(question, corrections=tuple(reading.corrections))


def _build(
    p: _Parse,
    subject: str,
    base: Question | None,
    previous: Question | None,
    referenced: str | None = None,
) -> Question | NotUnderstood:
    """The question's own parts; an elliptical follow-up keeps what `base` said and it did not.
    `referenced` is the entity of the previous result a pronoun designates."""
    limits = _thresholds(p, subject)
    if isinstance(limits, NotUnderstood):
        return limits
    thresholds, having, period = limits
    compared_fields = {t.field for t in thresholds} | {t.other or "" for t in thresholds}
    if _compares_values(p):
        rank, rank_attribute = None, None  # "more repairs or installations?": both sides
    else:
        rank, rank_attribute = _rank(p, subject)
    group: str | None = None
    measure: Measure | NotUnderstood
    if rank is not None:
        for i in p.kinds(GROUP):
            if p.sense(i + 1) == MEASURE and p.words[i + 1].sense.value == "count":
                p.use(i)  # "top customers by number of work orders"
        head = _head(p)
        others = [
            p.words[i].sense.value
            for i in p.kinds(ENTITY)
            if i not in p.negated and p.words[i].sense.value != subject
        ]
        if head is not None:
            p.use(head[0])
            value = head[1]
            if value in ("technician", "customer", "skill") and value != subject:
                group = value
            elif value not in ("technician", "customer", "skill", "work_order", "timesheet"):
                group = _resolve_attribute(value, subject, p)
                if group in _NUMERIC or group.endswith(("_at", "_date", "email")):
                    group = None
        elif others and others[0] in ("technician", "customer", "skill"):
            group = others[0]
        elif (
            referenced in ("technician", "customer") and referenced != subject and _asks_which_of(p)
        ):
            group = referenced  # "which of them has the most open work orders"
        elif base is not None and base.group_by is not None and rank_attribute is None:
            group = base.group_by  # "and the fewest?": the same ranking, the other way
        kinds = {p.words[i].sense.value for i in p.kinds(MEASURE)}
        p.use(*p.kinds(MEASURE))
        if group is not None:
            if rank_attribute is not None and rank.field == "technician.hire_date":
                return NotUnderstood(("hired",), "a ranking of groups by hire date")
            fields_ = (rank_attribute,) if rank_attribute else ()
            measure = (
                Measure("avg" if "avg" in kinds else "sum", fields_)
                if fields_
                else Measure("count")
            )
            rank = replace(rank, field=None)
        elif rank_attribute is not None:
            measure = Measure("list")
        else:
            return NotUnderstood(
                tuple(w.text for w in p.words if w.sense.kind == RANK),
                "I could not tell what to rank",
            )
    else:
        group_or_error = _group(p, subject)
        if isinstance(group_or_error, NotUnderstood):
            return group_or_error
        group = group_or_error
        measure = _measure(p, subject, compared_fields)
        if isinstance(measure, Measure) and measure.kind == "list" and group is not None:
            measure = Measure("count")
        if (
            isinstance(measure, Measure)
            and measure.kind == "avg"
            and group in ("technician", "customer")
            and group != subject
        ):
            # "average overtime per technician": per entry of each, or across technicians?
            return NotUnderstood(
                ("average", "per"),
                f"ask for the total per {group} or the average of each {group}'s entries",
            )
    if isinstance(measure, NotUnderstood):
        return measure
    unreachable = [f for f in measure.fields if not reachable(subject, f)]
    if unreachable:
        # "how much did we pay in overtime": rates and hours of different rows
        return NotUnderstood(tuple(label_of(f) for f in unreachable), "not measured together")
    if measure.kind == "sum" and set(measure.fields) & _NOT_ADDITIVE:
        if "sum" in _measure_words(p):
            return NotUnderstood(("total",), "hourly rates and skill levels do not add up")
        measure = Measure("lookup", measure.fields)  # "the hourly rate of the techs on leave"
    filters_or_error = _filters(p, subject)
    if isinstance(filters_or_error, NotUnderstood):
        return filters_or_error
    positioned = filters_or_error
    overruns = [
        i for i in p.kinds(ATTRIBUTE) if i not in p.used and p.words[i].sense.value == "overrun"
    ]
    overran = Threshold("work_order.actual_hours", ">", other="work_order.estimated_hours")
    if overruns and measure.kind in ("count", "list"):
        thresholds.append(overran)  # "went over their estimate": a condition on each row
        p.use(*overruns)
    compared = _compared(p, positioned, previous)
    if measure.kind in ("sum", "avg") and len(measure.fields) >= 2 and p.kinds(COMPARE):
        p.use(*p.kinds(COMPARE))  # "actual vs estimated hours": both, side by side
    names = [f for f, _ in positioned if f.field.endswith(".name") and not f.negated]
    if (
        names
        and rank is None
        and group is None
        and measure.kind in ("list", "sum")
        and names[0].field.split(".")[0] == subject
        and (measure.kind == "list" or not p.kinds(MEASURE) or "count" not in _measure_words(p))
    ):
        measure = Measure("lookup", _lookup_fields(p, subject))
    _relations_of_mentions(p, subject, group, positioned)
    filters = [f for f, _ in positioned]
    dated = {t.field for t in thresholds} | ({period.field} if period else set())
    if "work_order.scheduled_for" in dated:
        # "scheduled last week" dates the visit; the job may be done by now
        filters = [f for f in filters if f != Filter("work_order.status", ("scheduled",))]
        positioned = [(f, i) for f, i in positioned if f in filters]
    if measure.kind == "share":
        conditions_after = [i for _, i in positioned] + overruns
        split = _share_split(p, subject, conditions_after)

        def scopes_whole(filter_: Filter, position: int) -> bool:
            # "what percent of jobs are cancelled in the South": the South is where to look
            located = filter_.field.endswith(".region") and not any(
                p.sense(j) == ENTITY for j in (position - 1, position + 1)
            )
            return position <= split or located

        part = [f for f, position in positioned if not scopes_whole(f, position)]
        whole = [f for f, position in positioned if scopes_whole(f, position)]
        part_limits = [overran for i in overruns[:1] if i > split]
        thresholds += [overran for i in overruns[:1] if i <= split]
        p.use(*overruns)
        if not part and not part_limits:
            return NotUnderstood(("percentage",), "a percentage of what part")
        measure = replace(measure, part=tuple(part), part_thresholds=tuple(part_limits))
        filters = whole
    question = Question(
        subject=subject,
        measure=measure,
        filters=tuple(filters),
        thresholds=tuple(thresholds),
        group_by=group,
        rank=rank,
        having=having,
        period=period,
    )
    if having is not None and having.field.startswith("count:"):
        counted = having.field.split(":", 1)[1]
        if counted == subject or subject not in ("technician", "customer") or group is not None:
            return NotUnderstood((counted,), "I cannot count that per row")
        if having.op not in (">", ">="):
            # "fewer than 2 skills": those with none would not be listed
            return NotUnderstood((), "an upper bound on a count per row is not supported yet")
        # "customers with more than 10 work orders": work orders grouped by customer
        question = replace(question, subject=counted, group_by=subject, measure=Measure("count"))
    if compared is not None:
        field_name, values = compared
        question = replace(question, rank=None)  # every side is shown
        group_by = "skill" if field_name == "technician.skill" else field_name
        question = replace(
            question.with_filter(Filter(field_name, values)), group_by=group_by, compared=values
        )
    if base is not None:
        question = _merged(question, base, p)
    return question


def _relations_of_mentions(
    p: _Parse, subject: str, group: str | None, positioned: list[tuple[Filter, int]]
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
        relation = _relation(subject, entity)
        if relation is None or any(f.field == relation for f, _ in positioned):
            continue
        positioned.append((Filter(relation), i))
        p.use(i)


def _compares_values(p: _Parse) -> bool:
    """A comparative ("more", "fewer") between two values of one field compares them."""
    comparative = [
        i for i in p.kinds(RANK) if p.words[i].text in ("more", "fewer", "higher", "lower")
    ]
    if not comparative:
        return False
    fields_ = [_field(p.words[i]) for i in p.kinds(VALUE) if i not in p.negated]
    return any(fields_.count(name) >= 2 for name in set(fields_))


def label_of(name: str) -> str:
    """The attribute part of a field name, as a word: "overtime_hours" -> "overtime hours"."""
    return name.split(".")[-1].replace("_", " ")


def _measure_words(p: _Parse) -> set[str]:
    return {p.words[i].sense.value for i in p.kinds(MEASURE)}


def _share_split(p: _Parse, subject: str, conditions: list[int]) -> int:
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


def _merged(question: Question, base: Question, p: _Parse) -> Question:
    """An elliptical follow-up ("and in the South?"): what it says replaces what the previous
    question said about the same thing; everything else is kept."""
    filters = list(base.filters)
    for new in question.filters:
        filters = [f for f in filters if f.field != new.field]
        filters.append(new)
    explicit_measure = bool({"count", "sum", "avg", "share"} & _measure_words(p))
    # a lookup of a person ("and Marco Chen?") only follows a lookup of a person
    lookup = question.measure.kind == "lookup" and base.measure.kind == "lookup"
    measure = question.measure if explicit_measure or lookup else base.measure
    if lookup and question.measure.fields in (_PROFILE, _CUSTOMER_PROFILE):
        measure = base.measure  # "and Marco Chen's?": the same facts of another person
    if question.measure.kind in ("sum", "avg") and question.measure.fields:
        measure = question.measure
    return replace(
        base,
        measure=measure,
        filters=tuple(filters),
        thresholds=(*base.thresholds, *question.thresholds),
        group_by=question.group_by or base.group_by,
        compared=question.compared or base.compared,
        period=_period_in(question.period, base.period),
        rank=question.rank or base.rank,
        having=question.having or base.having,
        within=base.within,
    )


def _period_in(new: Period | None, earlier: Period | None) -> Period | None:
    """ "And in October?" after "completed last month": another range of the same date."""
    if new is None or earlier is None:
        return new or earlier
    return replace(new, field=earlier.field)


def _used_fields(question: Question) -> set[str]:
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
    if question.group_by:
        used.add(question.group_by)
    return used


def _unused(p: _Parse, question: Question) -> tuple[str, ...]:
    """Content words the question never used: it would be answered without them."""
    used_fields = _used_fields(question)
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
                or _resolve_attribute(value, question.subject, p) in used_fields
            ):
                continue
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
