"""Thresholds and periods: a comparison word with the number or date it governs ("more than 40",
"after March"), what that number measures, and the date a period applies to.
"""

from dataclasses import replace
from datetime import timedelta

from agentstream.agents.sql.catalog.dates import DateRange
from agentstream.agents.sql.catalog.grouping import GROUPABLE
from agentstream.agents.sql.catalog.lexicon import (
    ATTRIBUTE,
    CMP,
    COMPARE,
    CONJ,
    COPULA,
    ENTITY,
    GROUP,
    MEASURE,
    RANK,
    VALUE,
)
from agentstream.agents.sql.catalog.parse import NUMERIC, NotUnderstood, Parse, resolve_attribute
from agentstream.agents.sql.catalog.question import Period, Threshold

DATE_DEFAULT = {
    "work_order": "work_order.created_at",
    "technician": "technician.hire_date",
    "timesheet": "timesheet.work_date",
}


def numbers_after(p: Parse, i: int) -> list[int]:
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


def threshold_field(p: Parse, number: int, subject: str) -> str | None:
    """What a number measures: its unit after it, else the attribute the question names."""
    for j in range(number + 1, min(number + 4, len(p.words))):
        kind, value = p.sense(j), p.words[j].sense.value
        percent_over = p.sense(j + 1) == ATTRIBUTE and p.words[j + 1].sense.value == "overrun"
        if kind == MEASURE and value == "share" and percent_over:
            p.use(j, j + 1)  # "more than 50% over their estimated hours"
            return "work_order.overrun_percent"
        if kind == ENTITY:
            p.use(j)
            return f"count:{value}"
        if kind == ATTRIBUTE and value == "hours" and (over := _overrun_of(p, number, j)):
            p.use(j, *over)  # "3 hours over the estimate": actual minus estimated hours
            return "work_order.overrun"
        if kind == ATTRIBUTE and value in NUMERIC:
            p.use(j)
            return resolve_attribute(value, subject, p)
        if kind == ATTRIBUTE and value in GROUPABLE:
            continue  # "3 high priority work orders": the value's own attribute
        if kind not in (CONJ, CMP, VALUE):  # "3 urgent work orders"
            break
    named = [
        i
        for i in p.kinds(ATTRIBUTE)
        if p.words[i].sense.value in NUMERIC and p.words[i].sense.value != "overrun"
    ]
    specific = [i for i in named if p.words[i].sense.value != "hours"] or named
    if specific:
        p.use(*specific)
        return resolve_attribute(p.words[specific[0]].sense.value, subject, p)
    return None


def _overrun_of(p: Parse, number: int, hours: int) -> list[int]:
    """The words that make "N hours" an overrun: "3 hours over the estimate", "2 hours longer
    than estimated", or "ran over their estimate by more than 2 hours"."""
    overruns = [
        k for k in p.kinds(ATTRIBUTE) if p.words[k].sense.value == "overrun" and k not in p.used
    ]
    if hours + 1 in overruns:
        return [hours + 1]
    longer = hours + 1
    estimate = longer + 1
    if (
        estimate < len(p.words)
        and p.sense(longer) == CMP
        and p.words[longer].sense.value == ">"
        and p.words[estimate].sense.value == "work_order.estimated_hours"
    ):
        # "took 2 hours longer than estimated": actual minus estimated hours is over 2, and
        # "took" names the actual hours it is read from
        took = [
            k
            for k in range(number)
            if p.words[k].sense.value == "work_order.actual_hours" and k not in p.used
        ]
        return [longer, estimate, *took[-1:]]
    by = number - 2
    if overruns and by >= 0 and p.words[by].text == "by" and overruns[0] < by:
        return [overruns[0], by]
    return []


def date_field_of(p: Parse, subject: str) -> str | None:
    for value in p.values(ATTRIBUTE):
        if value in ("work_order.created_at", "work_order.scheduled_for", "technician.hire_date"):
            return value
        logged = value in ("hours", "timesheet.overtime_hours")
        if logged and subject in ("timesheet", "technician"):
            return "timesheet.work_date"
    for i in p.kinds(VALUE):
        word = p.words[i]
        if word.sense.value == "work_order.status|completed":
            return "work_order.completed_at"
        if word.sense.value == "work_order.status|scheduled":
            return "work_order.scheduled_for"
    if subject in ("customer", "technician"):
        # "customers with no urgent tickets in 2026", "technicians with work orders in
        # September": the period dates the rows they have, not the people
        owned = [DATE_DEFAULT[e] for e in p.values(ENTITY) if e in ("work_order", "timesheet")]
        if owned:
            return owned[0]
    return DATE_DEFAULT.get(subject)


def date_threshold(op: str, when: DateRange, field_name: str) -> list[Threshold]:
    if op == ">":
        return [Threshold(field_name, ">=", when.end)]
    if op == ">=":
        return [Threshold(field_name, ">=", when.start)]
    if op == "<":
        return [Threshold(field_name, "<", when.start)]
    return [Threshold(field_name, "<", when.end)]


def read_thresholds(
    p: Parse, subject: str
) -> tuple[list[Threshold], Threshold | None, list[Period]] | NotUnderstood:
    """The thresholds on each row, the threshold on each group's count or total, and the
    period (or, "September vs October", the periods compared side by side)."""
    thresholds: list[Threshold] = []
    having: Threshold | None = None
    periods: list[Period] = []
    last_date = -1
    date_field = date_field_of(p, subject)
    thresholds.extend(_over_by(p))
    for i in p.kinds(CMP):
        if i in p.used:
            continue  # part of an overrun read with its number ("2 hours longer than estimated")
        op = p.words[i].sense.value
        targets = numbers_after(p, i)
        if not targets:
            # "2 hours or less", "level 4 or higher", "10/15/2026 or later": the comparison
            # follows its number or date
            before = [j for j in range(max(0, i - 3), i) if p.sense(j) in ("number", "date")]
            if before and op in (">=", "<=", ">", "<"):
                targets = before[-1:]
            elif p.sense(i + 1) == "name" and any(p.sense(j) == "name" for j in range(i)):
                continue  # "paid more than Hiro Sharma": the two names are compared
            elif p.words[i].text.startswith("or ") and any(p.sense(j) == RANK for j in range(i)):
                p.use(i)  # "more urgent or more high priority": 'or' and another 'more'
                continue
            elif op == "between" and ("overrun" in p.values(ATTRIBUTE) or p.kinds(COMPARE)):
                p.use(i)  # "the difference between actual and estimated", "compare between"
                continue
            elif op == "between":
                return NotUnderstood((p.words[i].text,), "a range needs both ends")
            else:
                attribute = next(
                    (j for j in range(i + 1, min(i + 3, len(p.words))) if p.sense(j) == ATTRIBUTE),
                    None,
                )
                left = [
                    j for j in p.kinds(ATTRIBUTE) if j < i and p.words[j].sense.value in NUMERIC
                ]
                if attribute is None or not left:
                    return NotUnderstood(
                        (p.words[i].text,), "I could not tell what it is compared with"
                    )
                other = resolve_attribute(p.words[attribute].sense.value, subject, p)
                mine = resolve_attribute(p.words[left[-1]].sense.value, subject, p)
                p.use(i, attribute, left[-1])
                thresholds.append(Threshold(mine, op, other=other))  # type: ignore[arg-type]
                continue
        p.use(i, *targets)
        if all(p.sense(t) == "date" for t in targets):
            if date_field is None:
                return NotUnderstood((p.words[i].text,), "there is no date to compare it with")
            ranges = [p.words[t].when for t in targets]
            if op == "between" and len(ranges) == 2 and ranges[0] and ranges[1]:
                thresholds.append(Threshold(date_field, ">=", ranges[0].start))
                thresholds.append(Threshold(date_field, "<", ranges[1].end))
            elif ranges[0] is not None and op != "between":
                thresholds.extend(date_threshold(op, ranges[0], date_field))
            else:
                return NotUnderstood((p.words[i].text,), "a range needs both ends")
            continue
        if any(p.sense(t) != "number" for t in targets):
            return NotUnderstood((p.words[i].text,), "it compares a number with a date")
        target_field = threshold_field(p, targets[0], subject)
        if target_field is None:
            return NotUnderstood(
                (p.words[i].text, p.words[targets[0]].text), "I could not tell what is compared"
            )
        numbers = [float(p.words[t].number or 0) for t in targets]
        if op == "between":
            if len(numbers) != 2:
                return NotUnderstood((p.words[i].text,), "a range needs both ends")
            bounds = [(">=", min(numbers)), ("<=", max(numbers))]
        else:
            bounds = [(op, numbers[0])]
        for bound_op, number in bounds:
            if target_field.startswith("count:"):
                if having is not None:
                    # one count per group is compared; a second would be dropped
                    return NotUnderstood(
                        (p.words[i].text,), "I can compare one count per row with a number"
                    )
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
            return NotUnderstood((p.words[i].text,), "I could not tell which date it applies to")
        if periods and not _joins_periods(p, last_date, i):
            return NotUnderstood((p.words[i].text,), "it names two periods; ask about one")
        if when.start == when.end:  # "at the start of 2024": before or after it?
            return NotUnderstood((p.words[i].text,), "it is a moment; ask before or after it")
        p.use(i)
        periods.append(period_of(when, date_field))
        last_date = i
    if len(periods) > 1:
        if any(a.end > b.start and b.end > a.start for a, b in _pairs(periods)):
            return NotUnderstood((p.words[last_date].text,), "the periods overlap; ask about each")
        # compared sides are named bare: "September 2026: 27 and October 2026: 20"
        periods = [replace(each, label=_bare(each.label)) for each in periods]
    return thresholds, having, periods


def _bare(label: str) -> str:
    for preposition in ("in ", "on "):
        label = label.removeprefix(preposition)
    return label[:1].upper() + label[1:]


def _over_by(p: Parse) -> list[Threshold]:
    """ "Ran over the estimate by 3 hours": an overrun of at least that much (the answer says
    "at least", so a reader sees how it was taken)."""
    for i in p.kinds(GROUP):
        hours = i + 2
        if not (
            p.words[i].text == "by"
            and p.sense(i + 1) == "number"
            and p.sense(hours) == ATTRIBUTE
            and p.words[hours].sense.value == "hours"
        ):
            continue
        overruns = [
            k
            for k in p.kinds(ATTRIBUTE)
            if k < i and p.words[k].sense.value == "overrun" and k not in p.used
        ]
        if overruns:
            p.use(i, i + 1, hours, overruns[-1])
            return [Threshold("work_order.overrun", ">=", p.words[i + 1].number)]
    return []


def _joins_periods(p: Parse, before: int, after: int) -> bool:
    """Whether the words between two dates set them side by side ("September vs October",
    "sept or oct", "2025 compared with 2026"); the joining words are then read."""
    between = range(before + 1, after)
    if not between or any(p.sense(j) not in (COMPARE, CONJ) for j in between):
        return False
    p.use(*between)
    return True


def _pairs(periods: list[Period]) -> list[tuple[Period, Period]]:
    return [(a, b) for n, a in enumerate(periods) for b in periods[n + 1 :]]


def period_of(when: DateRange, date_field: str) -> Period:
    """The period a date phrase names, on a date field, labelled as an answer says it."""
    label = when.label
    if when.point:  # "in 2024", "in October 2026", "on 2026-10-30"
        label = f"{'on' if when.end - when.start == timedelta(days=1) else 'in'} {label}"
    return Period(date_field, when.start, when.end, label)
