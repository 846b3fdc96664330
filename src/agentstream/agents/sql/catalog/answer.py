"""Answers composed from the rows of a question's query: the figure first, then what it counts."""

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from agentstream.agents.sql.catalog.describe import describe, label, qualifiers, said
from agentstream.agents.sql.catalog.fields import ATTRIBUTES, NOUNS, SHOWN_IN_LISTS, entity_of
from agentstream.agents.sql.catalog.question import Measure, Question, Rank
from agentstream.agents.sql.result import SqlResult


def _decimal(value: Any) -> Decimal:
    # Through str() so that a REAL from SQLite and a NUMERIC from PostgreSQL round alike.
    return Decimal(0) if value is None else Decimal(str(value))


def _rounded(value: Any, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    return f"{_decimal(value).quantize(quantum, ROUND_HALF_UP):,}"


def _hours(value: Any) -> str:
    """Logged hours and their totals in the quarters they are logged in (18.75, 16.5, 13.0);
    other figures (averages) to one decimal."""
    if (_decimal(value) * 4) % 1 != 0:
        return _rounded(value, 1)
    text = _rounded(value, 2)
    return text[:-1] if text.endswith("0") else text


def _day(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value)[:10]


def _value(name: str, value: Any) -> str:
    if value is None:
        return "none recorded"
    if ATTRIBUTES[name].unit == "hours":
        return f"{_hours(value)} hours"
    if ATTRIBUTES[name].unit == "money":
        return _rounded(value, 2)
    if ATTRIBUTES[name].kind in ("date", "timestamp"):
        return _day(value)
    return said(str(value))


def _figure(name: str, value: Any) -> str:
    """A figure with what it is: "19.75 actual hours", "completed 2026-10-01", "no actual
    hours recorded"."""
    if value is None:
        return f"no {label(name)} recorded"
    if ATTRIBUTES[name].unit == "hours":
        return f"{_hours(value)} {label(name)}"
    return f"{label(name)} {_value(name, value)}"


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _count(value: Any) -> int:
    return int(_decimal(value))


def _there_are(count: int, question: Question) -> str:
    one, many = NOUNS[question.subject]
    rows = describe(question)
    if count == 0:
        return f"There are no {rows}"
    if count == 1:
        return f"There is 1 {describe(question, plural=False)}".replace(f"1 {many}", f"1 {one}")
    return f"There are {count} {rows}"


def _item(question: Question, record: dict[str, Any]) -> str:
    subject = question.subject
    shown = [said(str(record[ATTRIBUTES[f].column])) for f in SHOWN_IN_LISTS.get(subject, ())]
    if subject == "technician":
        details = shown
        ranked_by = question.rank.field if question.rank is not None else None
        if ranked_by:
            value = record[ATTRIBUTES[ranked_by].column]
            details.append(f"{label(ranked_by)} {_value(ranked_by, value)}")
        elif any(t.field == "technician.hourly_rate" for t in question.thresholds):
            details.append(f"hourly rate {_rounded(record['hourly_rate'], 2)}")
        return f"{record['name']} ({', '.join(details)})"
    if subject == "customer":
        return f"{record['name']} ({', '.join(shown)})"
    if subject == "skill":
        if "level" in record:
            return f"{record['name']} (level {record['level']}, {record['technician']})"
        return str(record["name"])
    if subject == "work_order":
        who = f", assigned to {record['technician']}" if record["technician"] else ", unassigned"
        asked = "".join(
            f", {_figure(name, record[ATTRIBUTES[name].column])}"
            for name in question.listed_fields()
        )
        return (
            f"#{record['id']} '{record['title']}' for {record['customer']} ({record['priority']},"
            f" {said(str(record['status']))}, created {_day(record['created_at'])}{who}{asked})"
        )
    overtime = record["overtime_hours"]
    extra = f" ({_hours(overtime)} overtime)" if overtime else ""
    return f"{_day(record['work_date'])} {record['name']} {_hours(record['hours'])} hours{extra}"


def _list(question: Question, result: SqlResult) -> str:
    records = result.records()
    if question.rank is not None and question.rank.field:
        return _ranked_rows(question, records)
    total = _count(records[0]["total_count"]) if records else 0
    sentence = _there_are(total, question)
    if not records:
        return sentence + "."
    if total > len(records):
        sentence += f" (showing the first {len(records)})"
    return f"{sentence}: {_join([_item(question, r) for r in records])}."


def _above(rank: Rank) -> Rank:
    """The places before the one asked for ("the second": the first)."""
    return replace(rank, place=1, n=rank.place - 1)


def _placed(rows: list[dict[str, Any]], key: str, rank: Rank) -> list[dict[str, Any]]:
    """The ranked rows whose place is within the `n` asked from `rank.place` on; rows level with
    each other share a place (as SQL's rank()), so a tie for the last place shows them all."""
    last = rank.place + (rank.n or 1) - 1
    shown = []
    place = 0
    for index, row in enumerate(rows):
        if not index or row[key] != rows[index - 1][key]:
            place = index + 1  # else level with the row before, in its place
        if rank.place <= place <= last:
            shown.append(row)
    return shown


def _ranked_rows(question: Question, records: list[dict[str, Any]]) -> str:
    assert question.rank is not None and question.rank.field is not None
    field = question.rank.field
    column = ATTRIBUTES[field].column
    shown = _placed(records, column, question.rank)
    if not shown and records:
        ahead = [_item(question, r) for r in _placed(records, column, _above(question.rank))]
        return f"Nobody ranks {question.rank.ordinal.strip()}: {_join(ahead)} tie ahead."
    if not shown:
        return f"There are no {describe(question)}."
    extreme = _extreme(question, field)
    items = _join([_item(question, r) for r in shown])
    rows = describe(question)
    if ATTRIBUTES[field].kind in ("date", "timestamp"):
        return f"The {extreme} of the {rows}: {items}."
    return f"By {label(field)}, the {extreme} of the {rows}: {items}."


def _extreme(question: Question, field: str | None) -> str:
    assert question.rank is not None
    ordinal = question.rank.ordinal
    if field == "technician.hire_date":
        return ordinal + ("most recently hired" if question.rank.descending else "longest-serving")
    if field is not None and ATTRIBUTES[field].kind in ("date", "timestamp"):
        when = "most recently" if question.rank.descending else "earliest"
        return f"{ordinal}{when} {label(field)}"
    return ordinal + ("highest" if question.rank.descending else "lowest")


def _measure_label(question: Question) -> str:
    measure = question.measure
    if measure.kind == "count":
        return f"number of {NOUNS[question.subject][1]}"
    if measure.kind == "share":
        part = " and ".join(qualifiers(measure.part_question(question.subject)))
        return f"percentage of {NOUNS[question.subject][1]} {part}"
    words = "average" if measure.kind == "avg" else "total"
    return f"{words} {_join([label(f) for f in measure.fields])}"


def _group_value(question: Question, record: dict[str, Any], columns: Sequence[str]) -> str:
    measure = question.measure
    if measure.kind in ("sum", "avg"):
        return "; ".join(
            _value(name, record[f"value_{i}"]) for i, name in enumerate(measure.fields)
        )
    if measure.kind == "share" and not measure.fields:
        counted = f"{_count(record['part'])} of {_count(record['whole'])}"
        return f"{_rounded(record['share'], 1)}% ({counted})"
    if measure.kind == "share":
        return f"{_rounded(record['share'], 1)}%"
    return str(_count(record["row_count"]))


def _group_name(value: Any) -> str:
    # Work orders without a technician form a group of their own.
    return "not assigned" if value is None else said(str(value))


def _grouped(question: Question, result: SqlResult) -> str:
    assert question.group_by is not None
    records = result.records()
    key = "name" if question.group_by in ("technician", "customer", "skill") else result.columns[0]
    rows = describe(question)
    group_label = label(question.group_by)
    if question.compared:
        present = {str(r[key]).lower() for r in records}
        for value in question.compared:
            if value.lower() not in present:
                records.append({key: value, "row_count": 0, "value_0": None})
    if question.periods:
        # periods in the order asked, not their labels' alphabetical order
        records.sort(key=lambda r: question.compared.index(str(r[key])))
    if question.rank is not None:
        if question.rank.descending and question.measure.kind in ("count", "sum"):
            # every technician is a group, those with none too: none of them holds "the most"
            records = [r for r in records if r.get(_value_key(question.measure))]
        if not records:
            if question.group_by in NOUNS:
                # the rows may exist with none of them held by one ("open work orders", all
                # unassigned)
                return f"No {group_label} has any {rows}, so none ranks first."
            return f"There are no {rows}, so no {group_label} ranks first."
        value_key = _value_key(question.measure)
        shown = _placed(records, value_key, question.rank)
        if not shown:
            ahead = _join(
                [
                    _ranked_item(question, r, key, result.columns)
                    for r in _placed(records, value_key, _above(question.rank))
                ]
            )
            return f"No {group_label} ranks {question.rank.ordinal.strip()}: {ahead} tie ahead."
        items = _join([_ranked_item(question, r, key, result.columns) for r in shown])
        extreme = "most" if question.rank.descending else "fewest"
        if question.measure.kind in ("sum", "avg", "share"):
            extreme = "highest" if question.rank.descending else "lowest"
        extreme = question.rank.ordinal + extreme
        ranked = _ranked_groups(question, len(shown))
        if question.measure.kind == "count":
            # "the technician with the most urgent work orders", not "most number of"
            return f"The {ranked} the {extreme} {rows}: {items}."
        what = _measure_label(question)
        return f"The {ranked} the {extreme} {what}{_scope(question, rows)}: {items}."
    if question.having is not None:
        return _having(question, records, key, result.columns)
    if not records:
        return f"There are no {rows}."
    items = _join(
        [f"{_group_name(r[key])}: {_group_value(question, r, result.columns)}" for r in records]
    )
    measured = _measure_label(question).capitalize()
    if question.ordered is not None:
        group_label += ", highest first" if question.ordered == "desc" else ", lowest first"
    stated = f"{measured} by {group_label}{_scope(question, rows)}: {items}."
    value_key = _value_key(question.measure)
    sides = [
        (_group_name(r[key]), r.get(value_key), _group_value(question, r, result.columns))
        for r in records
    ]
    if question.ratio:
        return f"{stated} {_ratio(question, sides)}"
    more = "more" if question.measure.kind == "count" else "higher"
    return f"{stated} {_verdict(sides, more)}" if question.compared else stated


def _ratio(question: Question, sides: Sequence[tuple[str, Any, str]]) -> str:
    """ "The ratio of premium to standard is 12 to 28 (0.43 to 1).", in the order asked."""
    by_name = {name.lower(): (name, value, stated) for name, value, stated in sides}
    ordered = [by_name.get(said(value).lower()) for value in question.compared]
    if len(ordered) != 2 or None in ordered:
        return ""
    (first, a, a_said), (second, b, b_said) = ordered  # type: ignore[misc]
    if not b:
        return f"There are no {second} to compare with."
    times = f"{(a or 0) / b:.2f}".rstrip("0").removesuffix(".")
    return f"The ratio of {first} to {second} is {a_said} to {b_said} ({times} to 1)."


def _ranked_item(
    question: Question, record: dict[str, Any], key: str, columns: Sequence[str]
) -> str:
    """ "North (7)"; a share says what it is of: "North, 10.9% (7 of 64)"."""
    value = _group_value(question, record, columns)
    name = _group_name(record[key])
    return f"{name}, {value}" if "(" in value else f"{name} ({value})"


def _ranked_groups(question: Question, shown: int) -> str:
    """ "technician with", "3 technicians with" when the question asked for the top 3, or
    "technicians tied for" when several share the first place."""
    assert question.rank is not None and question.group_by is not None
    group_label = label(question.group_by)
    if shown == 1:
        return f"{group_label} with"
    plural = NOUNS[question.group_by][1] if question.group_by in NOUNS else f"{group_label}s"
    n = question.rank.n or 1
    if n == 1:
        return f"{plural} tied for"
    return f"{n} {plural} with" if n == shown else f"{plural} with"


def _value_key(measure: Measure) -> str:
    """The column of a grouped result that holds each group's figure."""
    if measure.kind == "share":
        return "share"
    return "value_0" if measure.kind in ("sum", "avg") else "row_count"


def _scope(question: Question, rows: str) -> str:
    """Which rows a figure is over, when the question narrowed them: " (urgent work orders)"."""
    return "" if rows == NOUNS[question.subject][1] else f" ({rows})"


def _verdict(sides: Sequence[tuple[str, Any, str]], more: str) -> str:
    """Which of two compared sides (name, value, value as stated) is ahead: "High has more
    (56 vs 33)", "Low is higher (4.4 hours vs 3.6 hours)"."""
    if len(sides) != 2 or any(value is None for _, value, _ in sides):
        return ""
    first, second = sides
    if first[1] == second[1]:
        return f"{_sentence(first[0])} and {second[0]} are level ({first[2]})."
    ahead, behind = (first, second) if first[1] > second[1] else (second, first)
    if more == "more" and behind[1]:
        # counts: how many times as many, the ratio a manager asks for
        times = f"{ahead[1] / behind[1]:.1f}".removesuffix(".0")
        return f"{_sentence(ahead[0])} has more ({ahead[2]} vs {behind[2]}, {times} to 1)."
    verb = "is" if more == "higher" else "has"
    return f"{_sentence(ahead[0])} {verb} {more} ({ahead[2]} vs {behind[2]})."


def _sentence(start: str) -> str:
    """A value that begins a sentence, capitalised ("low" -> "Low")."""
    return start[:1].upper() + start[1:]


def _having(
    question: Question, records: list[dict[str, Any]], key: str, columns: Sequence[str]
) -> str:
    """ "There are 8 customers with more than 10 work orders: A (21), B (17) ..."."""
    assert question.having is not None and question.group_by is not None
    group = question.group_by
    # The conditions on the grouped entity ("active", "premium") describe the groups; the
    # others the rows counted. Counting per technician already means one is assigned.
    own = tuple(f for f in question.filters if entity_of(f.field) == group)
    rest = tuple(
        f for f in question.filters if f not in own and f.field != f"{question.subject}.{group}"
    )
    # "hired in 2024" and "hired before 2015" describe the technicians; "logged in October"
    # the rows counted
    dated = (
        question.period if question.period and entity_of(question.period.field) == group else None
    )
    own_limits = tuple(t for t in question.thresholds if entity_of(t.field) == group)
    if group in NOUNS:
        grouped = Question(group, filters=own, thresholds=own_limits, period=dated)
        one, many = (describe(grouped, plural) for plural in (False, True))
    else:
        one = label(group)
        many = _plural(one)
    bound = {">": "more than", ">=": "at least", "<": "fewer than", "<=": "at most"}[
        question.having.op
    ]
    rows = replace(
        question,
        filters=rest,
        thresholds=tuple(t for t in question.thresholds if t not in own_limits),
        period=None if dated else question.period,
        having=None,
        group_by=None,
    )
    counted = describe(rows)
    kind, _, summed = question.having.field.partition(":")
    if kind == "sum":
        bound = bound.replace("fewer", "less")
        scope = _scope(question, counted)
        limit = f"with {bound} {question.having.value:g} {label(summed)} in total{scope}"
    elif question.having.op == ">=" and question.having.value == 1:
        limit = f"with {counted}"  # "customers with urgent work orders", each with its count
    elif question.having.op == "<" and question.having.value == 1:
        limit = f"with no {counted}"  # "customers that never had an urgent work order"
    else:
        limit = f"with {bound} {question.having.value:g} {counted}"
    if not records:
        return f"There are no {many} {limit}."
    items = _join(
        [f"{_group_name(r[key])} ({_group_value(question, r, columns)})" for r in records]
    )
    noun = one if len(records) == 1 else many
    verb = "is" if len(records) == 1 else "are"
    return f"There {verb} {len(records)} {noun} {limit}: {items}."


def _aggregate(question: Question, result: SqlResult) -> str:
    record = result.records()[0] if result.rows else {}
    measure = question.measure
    rows = describe(question)
    count = _count(record.get("row_count"))
    if measure.kind == "share":
        share = record.get("share")
        if share is None:
            return f"There are no {rows} to take a percentage of."
        part = " and ".join(qualifiers(measure.part_question(question.subject)))
        if measure.fields:
            return (
                f"{_rounded(share, 1)}% of the {label(measure.fields[0])} of {rows} are of"
                f" {part} (out of {_value(measure.fields[0], record['whole'])})."
            )
        return (
            f"{_rounded(share, 1)}% of the {rows} are those {part}"
            f" ({_count(record['part'])} of {_count(record['whole'])})."
        )
    if measure.kind == "count":
        return _there_are(count, question) + "."
    values = [
        f"{_measure_label_for(measure.kind, name)}: {_value(name, record.get(f'value_{i}'))}"
        for i, name in enumerate(measure.fields)
    ]
    valued = _count(record.get("valued_count", count))
    if len(measure.fields) == 1 and valued < count:
        missing = f"{count - valued} with no {label(measure.fields[0])} recorded"
        return f"{'; '.join(values)} — over {valued} of the {count} {rows} ({missing})."
    totals = f"{'; '.join(values)} — over {count} {rows}."
    if (question.ratio or question.percent) and len(measure.fields) == 2:
        first, second = (record.get(f"value_{i}") for i in range(2))
        if first is None or not second:
            return f"{totals} There is no {label(measure.fields[1])} to divide by."
        if question.percent:
            share = _rounded(100 * _decimal(first) / _decimal(second), 1)
            part, whole = (label(name) for name in measure.fields)
            return f"{totals} The {part} are {share}% of the {whole}."
        times = f"{_decimal(first) / _decimal(second):.2f}"
        names = " to ".join(label(name) for name in measure.fields)
        return f"{totals} The ratio of {names} is {times} to 1."
    return totals


def _measure_label_for(kind: str, name: str) -> str:
    return f"{'Average' if kind == 'avg' else 'Total'} {label(name)}"


def _lookup(question: Question, result: SqlResult) -> str:
    records = result.records()
    noun = NOUNS[question.subject][0]
    if not records:
        return f"There is no {describe(question, plural=False)}."
    parts = []
    for record in records:
        facts = [
            f"{ATTRIBUTES[name].label} {_value(name, record[ATTRIBUTES[name].column])}"
            for name in question.measure.fields
        ]
        parts.append(f"{record['name']}: {', '.join(facts)}.")
    total = _count(records[0]["total_count"])
    shown = f" (showing the first {len(records)})" if total > len(records) else ""
    lead = f"{total} {noun}s match{shown}. " if total > 1 else ""
    fields = question.measure.fields
    if question.compared and len(fields) == 1 and ATTRIBUTES[fields[0]].kind == "number":
        column = ATTRIBUTES[fields[0]].column
        sides = [(str(r["name"]), r[column], _value(fields[0], r[column])) for r in records]
        parts.append(_verdict(sides, f"the higher {label(fields[0])}"))
    return (lead + " ".join(parts)).strip()


def compose(question: Question, result: SqlResult) -> str:
    """The answer to `question` from its query's rows."""
    if question.measure.kind == "lookup":
        return _lookup(question, result)
    if question.group_by is not None:
        return _grouped(question, result)
    if question.measure.kind == "list":
        return _list(question, result)
    return _aggregate(question, result)


def _plural(noun: str) -> str:
    """ "priority" -> "priorities", "status" -> "statuses", "customer region" -> "... regions"."""
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith("s") else "s")
