"""Follow-ups: the rows a pronoun designates, and an elliptical question ("and in the South?")
merged with the previous one.
"""

from dataclasses import replace

from agentstream.agents.sql.catalog.lexicon import CMP, COMPARE, CONJ, COPULA, CUE, REF
from agentstream.agents.sql.catalog.parse import CUSTOMER_PROFILE, PROFILE, Parse, measure_words
from agentstream.agents.sql.catalog.question import Filter, Measure, Period, Question
from agentstream.agents.sql.catalog.thresholds import period_of

# Openings that continue an earlier question: without one, they are not understood.
CONTINUATIONS = {"and", "what about", "how about", "same question", "same for", "also", "instead"}


def referenced_rows(previous: Question, person: bool) -> Question | None:
    """The rows a pronoun designates: the previous answer's people, or its result."""
    if not person:
        return previous
    if previous.subject == "technician" or previous.result_entity() == "technician":
        return previous
    named = [f for f in previous.filters if f.field == "technician.name" and not f.negated]
    if named:
        return Question("technician", Measure("list"), filters=(named[0],))
    if previous.group_by == "technician":
        return previous
    within = previous.within
    if within is not None and "technician" in (within.subject, within.result_entity()):
        return within  # "what skills does he have? ... and his work orders?": still the same man
    return None


def is_plain(question: Question) -> bool:
    return (
        question.rank is None
        and question.group_by is None
        and question.having is None
        and question.within is None
        and not question.compared
    )


def merged(question: Question, base: Question, p: Parse) -> Question:
    """An elliptical follow-up ("and in the South?"): what it says replaces what the previous
    question said about the same thing; everything else is kept."""
    filters = list(base.filters)
    within = base.within
    for new in question.filters:
        if within is not None and any(f.field == new.field for f in within.filters):
            # "same for high priority" after "who are they assigned to?" of urgent orders: the
            # rows pointed at are the high priority ones now
            kept = tuple(f for f in within.filters if f.field != new.field)
            within = replace(within, filters=(*kept, new))
            continue
        filters = [f for f in filters if f.field != new.field]
        filters.append(new)
    explicit_measure = bool({"count", "sum", "avg", "share"} & measure_words(p))
    # a lookup of a person ("and Marco Chen?") only follows a lookup of a person
    lookup = question.measure.kind == "lookup" and base.measure.kind == "lookup"
    measure = question.measure if explicit_measure or lookup else base.measure
    if lookup and question.measure.fields in (PROFILE, CUSTOMER_PROFILE):
        measure = base.measure  # "and Marco Chen's?": the same facts of another person
    if question.rank is not None and question.rank.field and base.group_by is None:
        measure = question.measure  # "and the most recent one?": that row, not the count
    if question.measure.kind in ("sum", "avg") and question.measure.fields:
        measure = question.measure
        if not explicit_measure and base.measure.kind in ("sum", "avg"):
            # "what about estimated hours?" after an average: the average of those
            measure = replace(measure, kind=base.measure.kind)
    # "what about level 3?" after "at level 4 or higher": the new bound replaces the old one
    restated = {t.field for t in question.thresholds}
    thresholds = (*(t for t in base.thresholds if t.field not in restated), *question.thresholds)
    return replace(
        base,
        measure=measure,
        filters=tuple(filters),
        thresholds=thresholds,
        group_by=question.group_by or base.group_by,
        compared=question.compared or _sides_kept(base, question),
        periods=question.periods or base.periods,
        period=period_in(question.period, base.period),
        rank=question.rank or base.rank,
        having=question.having or base.having,
        within=within,
    )


def _sides_kept(base: Question, question: Question) -> tuple[str, ...]:
    """The sides of the previous comparison that still stand: "same for Central and East"
    after "North vs South" names other sides (and a single side is no comparison)."""
    if not base.compared or question.periods:
        return base.compared
    named = [f for f in question.filters if f.field in _fields_of(base) and not f.negated]
    if not named:
        return base.compared
    values = named[0].values
    return values if len(values) > 1 else ()


def _fields_of(question: Question) -> set[str]:
    """The fields whose values a comparison set side by side."""
    return {f.field for f in question.filters if set(question.compared) <= set(f.values)}


def period_in(new: Period | None, earlier: Period | None) -> Period | None:
    """ "And in October?" after "completed last month": another range of the same date."""
    if new is None or earlier is None:
        return new or earlier
    return replace(new, field=earlier.field)


def compared_with_previous(p: Parse, previous: Question | None) -> Question | None:
    """ "Is that more than Marco Chen's?" after "what's Olga Mensah's hourly rate": the same
    figure of both people, side by side, with which is higher."""
    if previous is None or previous.measure.kind != "lookup" or len(previous.measure.fields) != 1:
        return None
    names = [f for f in previous.filters if f.field.endswith(".name") and not f.negated]
    asked = [
        i for i in p.kinds("name") if p.words[i].sense.value.startswith(f"{previous.subject}.")
    ]
    if len(names) != 1 or len(names[0].values) != 1 or len(asked) != 1:
        return None
    if not p.kinds(REF) or not p.kinds(CMP) or len(p.words) != len(_compared_words(p)):
        return None
    other = p.words[asked[0]].sense.value.partition("|")[2]
    sides = (names[0].values[0], other)
    p.use(*range(len(p.words)))
    return replace(previous.with_filter(Filter(names[0].field, sides)), compared=sides)


def compared_period_with_previous(p: Parse, previous: Question | None) -> Question | None:
    """ "How does that compare with September?" after October's overtime: the same figure in
    both periods, side by side."""
    if previous is None or previous.period is None or previous.group_by is not None:
        return None
    dates = p.kinds("date")
    if len(dates) != 1 or not p.kinds(COMPARE):
        return None
    if any(w.sense.kind not in (REF, COMPARE, COPULA, CONJ, CUE, "date") for w in p.words):
        return None
    when = p.words[dates[0]].when
    if when is None:
        return None
    later = period_of(when, previous.period.field)
    if later.start < previous.period.end and previous.period.start < later.end:
        return None  # the same or an overlapping period: nothing to set beside it
    sides = tuple(sorted((previous.period, later), key=lambda period: period.start))
    p.use(*range(len(p.words)))
    measure = Measure("count") if previous.measure.kind == "list" else previous.measure
    return replace(
        previous,
        measure=measure,
        period=None,
        periods=sides,
        group_by="period",
        compared=tuple(side.label for side in sides),
    )


def _compared_words(p: Parse) -> list[int]:
    """The words such a follow-up is made of: a pronoun, a comparison, a name and verbs."""
    return [i for i, w in enumerate(p.words) if w.sense.kind in (REF, CMP, "name", COPULA, CONJ)]
