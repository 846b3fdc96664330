"""A `Question` assembled from the parts read by the other modules of the interpretation."""

from dataclasses import replace

from agentstream.agents.sql.catalog.fields import (
    ATTRIBUTES,
    NOUNS,
    OWNED_ROWS,
    entity_of,
    reachable,
)
from agentstream.agents.sql.catalog.filters import add_relations_of_mentions, read_filters
from agentstream.agents.sql.catalog.follow_ups import merged
from agentstream.agents.sql.catalog.grouping import GROUPABLE, read_group
from agentstream.agents.sql.catalog.lexicon import (
    ATTRIBUTE,
    CMP,
    COMPARE,
    COPULA,
    ENTITY,
    GROUP,
    MEASURE,
    ORDER,
    RANK,
    VALUE,
)
from agentstream.agents.sql.catalog.measure import lookup_fields, read_measure, share_split
from agentstream.agents.sql.catalog.parse import (
    NOT_ADDITIVE,
    NUMERIC,
    VALUE_SUBJECT,
    NotUnderstood,
    Parse,
    field_of,
    measure_words,
    resolve_attribute,
)
from agentstream.agents.sql.catalog.question import (
    COUNTED_WITH_NONE,
    ROW_GROUPS,
    Filter,
    Measure,
    Period,
    Question,
    Threshold,
)
from agentstream.agents.sql.catalog.ranking import (
    COMPARATIVES,
    DATED_BY,
    asks_which_of,
    compared_sides,
    compares_values,
    head_of,
    read_rank,
)
from agentstream.agents.sql.catalog.thresholds import read_thresholds

# Sides that are rows (people, customers, skills) are grouped by the row, which answers by name.
SIDE_ROWS = {
    "technician.name": "technician",
    "customer.name": "customer",
    "technician.skill": "skill",
}


def assemble(
    p: Parse,
    subject: str,
    base: Question | None,
    previous: Question | None,
    referenced: str | None = None,
) -> Question | NotUnderstood:
    """The question's own parts; an elliptical follow-up keeps what `base` said and it did not.
    `referenced` is the entity of the previous result a pronoun designates."""
    limits = read_thresholds(p, subject)
    if isinstance(limits, NotUnderstood):
        return limits
    thresholds, having, periods = limits
    period = periods[0] if len(periods) == 1 else None
    totalled = _totalled(p, subject, thresholds, having)
    if isinstance(totalled, NotUnderstood):
        return totalled
    if totalled is not None:
        thresholds, having = totalled
    if having is None:
        having = _has_described_rows(p, subject, periods)
    per = _counted_per(having, subject)
    if per is not None:
        # "customers with more than 3 urgent work orders": the work orders are the rows read,
        # filtered and counted; each customer is a group of them
        subject = entity_of(having.field.split(":", 1)[1])  # type: ignore[union-attr]
    compared_fields = {t.field for t in thresholds} | {t.other or "" for t in thresholds}
    if having is not None and having.field.startswith("sum:"):
        compared_fields.add(having.field.removeprefix("sum:"))  # "logged more than 10 hours"
    if compares_values(p):
        rank, rank_attribute = None, None  # "more repairs or installations?": both sides
    else:
        rank, rank_attribute = read_rank(p, subject)
    if (
        rank_attribute is not None
        and rank_attribute in DATED_BY.values()
        and entity_of(rank_attribute) != subject
    ):
        # "the most recent customer": customers have no date of their own to rank by
        words = tuple(p.words[i].text for i in p.kinds(RANK))
        return NotUnderstood(words, f"{NOUNS[subject][1]} have no date of their own")
    group: str | None = None
    measure: Measure | NotUnderstood
    if rank is not None:
        for i in p.kinds(GROUP):
            if p.sense(i + 1) == MEASURE and p.words[i + 1].sense.value == "count":
                p.use(i)  # "top customers by number of work orders"
            elif any(
                p.sense(j) == ENTITY and p.words[j].sense.value == subject
                for j in range(i + 1, len(p.words))
                if all(p.sense(k) == VALUE for k in range(i + 1, j))
            ):
                p.use(i)  # "top customers by (completed) work orders": by how many
        head = head_of(p)
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
                group = resolve_attribute(value, subject, p)
                if group in NUMERIC or group.endswith(("_at", "_date", "email")):
                    group = None
        elif others and others[0] in ("technician", "customer", "skill"):
            group = others[0]
        elif (
            referenced in ("technician", "customer") and referenced != subject and asks_which_of(p)
        ):
            group = referenced  # "which of them has the most open work orders"
        elif base is not None and base.group_by is not None and rank_attribute is None:
            group = base.group_by  # "and the fewest?": the same ranking, the other way
        kinds = {p.words[i].sense.value for i in p.kinds(MEASURE)}
        p.use(*p.kinds(MEASURE))
        if group is not None:
            if rank_attribute is not None and rank.field == "technician.hire_date":
                return NotUnderstood(
                    ("hired",), "I can rank people by hire date, not groups of them"
                )
            fields_ = (rank_attribute,) if rank_attribute else ()
            if "share" in kinds:
                # "the region with the highest share of cancelled work orders": each group's
                # percentage, not its count
                measure = Measure("share", fields_)
            elif fields_:
                measure = Measure("avg" if "avg" in kinds else "sum", fields_)
            else:
                measure = Measure("count")
            rank = replace(rank, field=None)
        elif rank_attribute is not None and entity_of(rank_attribute) != subject:
            # "top 5 customers by overtime hours": no customer logs hours of its own
            return NotUnderstood(
                tuple(p.words[i].text for i in p.kinds(ATTRIBUTE)),
                f"I can rank {NOUNS[subject][1]} by their own figures, or by the totals of "
                "their records",
            )
        elif rank_attribute is not None:
            measure = Measure("list")
        else:
            return NotUnderstood(
                tuple(w.text for w in p.words if w.sense.kind == RANK),
                "I could not tell what to rank them by",
            )
    else:
        group_or_error = read_group(p, subject, referenced)
        if isinstance(group_or_error, NotUnderstood):
            return group_or_error
        group = group_or_error
        measure = read_measure(p, subject, compared_fields)
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
        words = tuple(
            p.words[i].text
            for i in p.kinds(ATTRIBUTE)
            if resolve_attribute(p.words[i].sense.value, subject, p) in unreachable
        )
        return NotUnderstood(words, "those figures belong to different records")
    if measure.kind == "sum" and set(measure.fields) & NOT_ADDITIVE:
        if "sum" in measure_words(p):
            return NotUnderstood(("total",), "hourly rates and skill levels do not add up")
        measure = Measure("lookup", measure.fields)  # "the hourly rate of the techs on leave"
    filters_or_error = read_filters(p, subject)
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
    compared = compared_sides(p, positioned, previous)
    ratio = [i for i in p.kinds(MEASURE) if p.words[i].text == "ratio"]
    as_ratio = False
    if compared is None and ratio and measure.kind == "share":
        # "ratio of completed to cancelled": the two counts side by side, not one share of both
        sides = [(f.field, f.values) for f, _ in positioned if not f.negated and len(f.values) == 2]
        if sides:
            compared = sides[0]
            measure = Measure("count")
            p.use(*ratio)
            as_ratio = True
    as_percent = False
    if compared is None and ratio and measure.kind == "share" and len(measure.fields) == 2:
        # "ratio of actual to estimated hours": the two totals, and one over the other
        measure = Measure("sum", measure.fields)
        p.use(*ratio)
        as_ratio = True
    elif (
        compared is None
        and measure.kind == "share"
        and _share_of_a_figure(p)
        and len(figures := _figures(p, subject)) == 2
    ):
        # "what share of her logged hours were overtime": one total as a percentage of the other
        measure = Measure("sum", _part_then_whole(p, figures))
        as_percent = True
    if measure.kind in ("sum", "avg") and len(measure.fields) >= 2 and p.kinds(COMPARE):
        p.use(*p.kinds(COMPARE))  # "actual vs estimated hours": both, side by side
    names = [f for f, _ in positioned if f.field.endswith(".name") and not f.negated]
    if (
        names
        and rank is None
        and group is None
        and measure.kind in ("list", "sum")
        and names[0].field.split(".")[0] == subject
        and (measure.kind == "list" or not p.kinds(MEASURE) or "count" not in measure_words(p))
    ):
        measure = Measure("lookup", lookup_fields(p, subject))
    numbered = any(f.field == "work_order.id" and not f.negated for f, _ in positioned)
    asked_figure = measure.kind in ("sum", "avg") and not {"sum", "avg"} & measure_words(p)
    if numbered and rank is None and group is None and (measure.kind == "list" or asked_figure):
        # "how long did job 5 take", "status of work order 12": the order, with what is asked
        measure = Measure("list", _asked_of_work_orders(p))
    add_relations_of_mentions(p, subject, group, positioned)
    filters = [f for f, _ in positioned]
    dated = {t.field for t in thresholds} | {each.field for each in periods}
    if measure.kind == "list":
        dated |= set(measure.fields)  # "when is job 299 scheduled": the date, not the status
    if "work_order.scheduled_for" in dated:
        # "scheduled last week" dates the visit; the job may be done by now ("scheduled before
        # January and still open": open, not scheduled or open)
        filters = [kept for f in filters if (kept := _without_scheduled(f)) is not None]
        positioned = [(f, i) for f, i in positioned if f in filters]
    if measure.kind == "share":
        conditions_after = [i for _, i in positioned] + overruns
        split = share_split(p, subject, conditions_after)
        compared_rows = [t for t in thresholds if t.other is not None]
        if compared_rows:
            # "what % of completed jobs took longer than estimated": the row's own comparison
            # is the part; the other conditions are the part only after a verb
            split = share_split(p, subject, [])
            split = split if split >= 0 else len(p.words)
            thresholds = [t for t in thresholds if t.other is None]

        # "what percent of jobs are cancelled in the South": the South is where to look, unless
        # nothing else after the verb says which part ("what % of customers are in the South")
        after = [position for f, position in positioned if position > split]
        alone = len(after) == 1 and not any(i > split for i in overruns)

        subject_nouns = [i for i in p.kinds(ENTITY) if p.words[i].sense.value == subject]
        # "the region with the highest share of urgent work orders among premium customers":
        # in a ranking, what is named before the noun is the part, what follows it the whole
        ranked_part_first = rank is not None and subject_nouns[:1] == [split]

        def scopes_whole(filter_: Filter, position: int) -> bool:
            if ranked_part_first:
                return position > split
            located = filter_.field.endswith(".region") and not any(
                p.sense(j) == ENTITY for j in (position - 1, position + 1)
            )
            return position <= split or (located and not alone)

        part = [f for f, position in positioned if not scopes_whole(f, position)]
        whole = [f for f, position in positioned if scopes_whole(f, position)]
        part_limits = [overran for i in overruns[:1] if i > split] + compared_rows
        thresholds += [overran for i in overruns[:1] if i <= split]
        p.use(*overruns)
        if not part and not part_limits:
            return NotUnderstood(
                ("percentage",), "I could not tell which part to take a percentage of"
            )
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
        ratio=as_ratio and compared is None,
        percent=as_percent,
    )
    if having is not None:
        if group is None and per is None:
            per = _grouped_head(p, subject)  # "which regions have more than 50 work orders"
        if per is None or group is not None:
            return NotUnderstood(_count_words(p), "I could not tell what to count them per")
        counted_with_none = subject in COUNTED_WITH_NONE.get(per, ())
        if having.op not in (">", ">=") and per in ROW_GROUPS and not counted_with_none:
            # every group must be a row, those with none counted as 0
            return NotUnderstood(
                _count_words(p), f"I cannot count {NOUNS[subject][1]} per {per} with none"
            )
        measure = Measure("count")
        if having.field.startswith("sum:"):
            measure = Measure("sum", (having.field.split(":", 1)[1],))
        question = replace(question, group_by=per, measure=measure)
    if compared is not None and compared[0] == f"{subject}.name":
        # "who earns more, Olga Mensah or Hiro Sharma?": each side's own value, side by side
        asked = _numeric_fields(p, subject)
        if not asked:
            return NotUnderstood(_comparison_words(p), "I could not tell what to compare")
        field_name, values = compared
        return replace(
            question.with_filter(Filter(field_name, values)),
            measure=Measure("lookup", asked),
            rank=None,
            compared=values,
        )
    if compared is not None:
        field_name, values = compared
        question = replace(question, rank=None)  # every side is shown
        # "urgent vs low: which one averages more?": the verdict each comparison states
        p.use(*(i for i in p.kinds(RANK) if p.words[i].text in COMPARATIVES))
        p.use(*(i for i in p.kinds("number") if i and p.words[i - 1].text == "which"))
        if question.measure.kind == "list":
            question = replace(question, measure=Measure("count"))  # each side's rows, counted
        # a person's or a skill's rows are grouped by the row, which answers by its name
        group_by = SIDE_ROWS.get(field_name, field_name)
        question = replace(
            question.with_filter(Filter(field_name, values)),
            group_by=group_by,
            compared=values,
            ratio=as_ratio,
        )
    if p.kinds(ORDER):
        if question.group_by is None or question.rank is not None:
            words = tuple(p.words[i].text for i in p.kinds(ORDER))
            return NotUnderstood(words, "I can list a breakdown by its figure, not other rows")
        p.use(*p.kinds(ORDER))
        question = replace(question, ordered=p.words[p.kinds(ORDER)[0]].sense.value)
    if len(periods) > 1:
        if question.group_by is not None or question.compared:
            return NotUnderstood(
                (p.words[max(p.kinds("date"))].text,), "I can compare one thing at a time"
            )
        if question.measure.kind == "list":
            question = replace(question, measure=Measure("count"))  # each period's rows, counted
        p.use(*p.kinds(COMPARE))  # "compare Q1 vs Q2": what it asks, side by side
        labels = tuple(each.label for each in periods)
        question = replace(question, group_by="period", compared=labels, periods=tuple(periods))
    if base is not None:
        if question.rank is not None and question.rank.field and base.group_by is not None:
            # "and the top one's hourly rate?" after a ranking of people by their overtime: a
            # figure of one of its rows, which the ranking's own figure would replace
            words = tuple(p.words[i].text for i in (*p.kinds(RANK), *p.kinds(ATTRIBUTE)))
            return NotUnderstood(words, "name the person whose figure you mean")
        question = merged(question, base, p)
    return question


def _share_of_a_figure(p: Parse) -> bool:
    """Whether a percentage is of a figure ("what share of her logged hours"), not of rows
    ("what percent of completed jobs took longer than estimated")."""
    shares = [i for i in p.kinds(MEASURE) if p.words[i].sense.value == "share"]
    for j in range(shares[0] + 1 if shares else len(p.words), len(p.words)):
        if p.sense(j) in (ENTITY, VALUE):
            return False
        if p.sense(j) == ATTRIBUTE:
            return True
    return False


def _figures(p: Parse, subject: str) -> dict[str, int]:
    """The figures the question names, each at the place it is first named."""
    named: dict[str, int] = {}
    for i in p.kinds(ATTRIBUTE):
        value = p.words[i].sense.value
        if value not in NUMERIC:
            continue
        # plain "hours" beside "overtime" are all the hours, of which overtime is a part
        plain = f"{subject}.hours" if value == "hours" else None
        named.setdefault(plain if plain in ATTRIBUTES else resolve_attribute(value, subject, p), i)
    return named


def _part_then_whole(p: Parse, figures: dict[str, int]) -> tuple[str, str]:
    """Which of two figures is the part: the one said after the verb ("what share of her
    hours were overtime"), else the one said first ("overtime as a share of hours")."""
    (first, at_first), (second, at_second) = sorted(figures.items(), key=lambda item: item[1])
    p.use(at_first, at_second)
    if any(at_first < verb < at_second for verb in p.kinds(COPULA)):
        return second, first
    return first, second


def _asked_of_work_orders(p: Parse) -> tuple[str, ...]:
    """The work orders' own attributes the question names ("the status of job 5"), and the
    date "when" asks for ("when was job 40 completed")."""
    asked = []
    if "when" in measure_words(p):
        statuses = {p.words[i].sense.value for i in p.kinds(VALUE)}
        if "work_order.status|completed" in statuses:
            asked.append("work_order.completed_at")
        elif "work_order.status|scheduled" in statuses:
            asked.append("work_order.scheduled_for")
    for i in p.kinds(ATTRIBUTE):
        value = p.words[i].sense.value
        resolved = resolve_attribute(value, "work_order", p) if value != "region:located" else ""
        if resolved in ATTRIBUTES and entity_of(resolved) == "work_order":
            asked.append(resolved)
            p.use(i)
    return tuple(dict.fromkeys(asked))


def _without_scheduled(filter_: Filter) -> Filter | None:
    """A status filter without the "scheduled" that dated the visit (None if nothing is left)."""
    if filter_.field != "work_order.status" or filter_.negated:
        return filter_
    values = tuple(v for v in filter_.values if v != "scheduled")
    return replace(filter_, values=values) if values else None


def _totalled(
    p: Parse, subject: str, thresholds: list[Threshold], having: Threshold | None
) -> tuple[list[Threshold], Threshold] | NotUnderstood | None:
    """A threshold on a figure of the rows a technician or customer owns, said of the owner
    ("technicians who logged more than 10 overtime hours"), is on each owner's total: the
    rows are read, and each owner's sum is compared (a `having` on "sum:<field>")."""
    owned = [
        t
        for t in thresholds
        if t.other is None
        and isinstance(t.value, float | int)
        and entity_of(t.field) in OWNED_ROWS.get(subject, ())
    ]
    if not owned:
        return None
    if having is not None or len(owned) > 1:
        return NotUnderstood(
            tuple(p.words[i].text for i in p.kinds(CMP)),
            f"I can compare one total per {NOUNS[subject][0]} with a number",
        )
    p.use(*(i for i in p.kinds(MEASURE) if p.words[i].sense.value == "sum"))  # "in total"
    limit = owned[0]
    kept = [t for t in thresholds if t is not limit]
    return kept, Threshold(f"sum:{limit.field}", limit.op, limit.value)


def _has_described_rows(p: Parse, subject: str, periods: list[Period]) -> Threshold | None:
    """ "Customers that had urgent work orders": customers with at least one work order that is
    urgent (a count per customer, as for "more than 3 urgent work orders"); "that never had
    one": customers with none (counted as 0)."""
    # a percentage is of rows, not of owners that have some ("% of premium customers' work
    # orders are urgent")
    if subject not in OWNED_ROWS or "share" in measure_words(p):
        return None
    rows = [i for i in p.kinds(ENTITY) if p.words[i].sense.value in OWNED_ROWS[subject]]
    if not rows:
        return None
    entity = p.words[rows[0]].sense.value
    described = [i for i in p.kinds(VALUE) if VALUE_SUBJECT.get(field_of(p.words[i])) == entity]
    # "customers that had work orders in October": the period dates the work orders
    dated = any(entity_of(each.field) == entity for each in periods)
    if not described and not dated:
        return None
    if p.negated:
        # "customers that never had an urgent work order": those with none of them
        if not p.negated <= {*described, rows[0]}:
            return None
        p.negated.clear()
        p.use(rows[0])
        return Threshold(f"count:{entity}", "<", 1)
    p.use(rows[0])
    return Threshold(f"count:{entity}", ">=", 1)


def _counted_per(having: Threshold | None, subject: str) -> str | None:
    """The entity each count is taken per, when the question counts rows of another one
    ("technicians with at least 3 skills": skills per technician)."""
    if having is None:
        return None
    counted = entity_of(having.field.split(":", 1)[1])
    if subject in ("technician", "customer") and counted != subject:
        return subject
    return None


def _grouped_head(p: Parse, subject: str) -> str | None:
    """ "which regions", "priorities with ...": the attribute whose values are the groups, named
    before the count they must reach."""
    head = head_of(p)
    if head is None:
        compared = p.kinds(CMP)
        named = [i for i in p.kinds(ATTRIBUTE) if i not in p.used and compared and i < compared[0]]
        head = (named[0], p.words[named[0]].sense.value) if named else None
    if head is None or head[1] not in GROUPABLE:
        return None
    p.use(head[0])
    return resolve_attribute(head[1], subject, p)


def _count_words(p: Parse) -> tuple[str, ...]:
    """The comparison and the number of a threshold on a count, as the question said them."""
    return (" ".join(p.words[i].text for i in sorted((*p.kinds(CMP), *p.kinds("number")))),)


def _numeric_fields(p: Parse, subject: str) -> tuple[str, ...]:
    """The subject's own figures the question names ("earns", "per hour": the hourly rate)."""
    named = [
        resolve_attribute(p.words[i].sense.value, subject, p)
        for i in p.kinds(ATTRIBUTE)
        if p.words[i].sense.value in NUMERIC
    ]
    own = [name for name in named if name.split(".")[0] == subject]
    return tuple(dict.fromkeys(own))


def _comparison_words(p: Parse) -> tuple[str, ...]:
    return tuple(p.words[i].text for i in (*p.kinds(COMPARE), *p.kinds(RANK), *p.kinds(CMP)))
