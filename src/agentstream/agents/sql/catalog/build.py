"""The planner: a `Question` as one SQLAlchemy Core SELECT over the schema's tables.

Values only ever reach SQL as bound parameters; the statement's shape comes from the question's
parts, never from its text.
"""

from dataclasses import replace
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    and_,
    case,
    exists,
    func,
    literal_column,
    or_,
    select,
    true,
)

from agentstream.agents.sql.catalog.fields import (
    ATTRIBUTES,
    OWNER_KEYS,
    TABLES,
    TS,
    C,
    K,
    S,
    T,
    W,
    entity_of,
)
from agentstream.agents.sql.catalog.question import (
    COUNTED_WITH_NONE,
    Filter,
    Period,
    Question,
    Threshold,
)
from agentstream.demo.fieldservice.schema import (
    skills,
    technician_skills,
    timesheets,
    work_orders,
)

# Lists and groups are capped; a list answer says how many there are in all.
LIST_LIMIT = 20
GROUP_LIMIT = 100


def _cap(rows: int) -> ColumnElement[Any]:
    """A LIMIT written as a number: the guard accepts only literal limits."""
    return literal_column(str(int(rows)))


def _column(name: str) -> ColumnElement[Any]:
    return ATTRIBUTES[name].expression()


def _needs(question: Question, entity: str) -> bool:
    """Whether the question refers to `entity` anywhere (then a skill subject joins it)."""
    names = [f.field for f in question.filters] + [t.field for t in question.thresholds]
    if question.within is not None:
        names.append(f"{question.within.result_entity()}.id")
    return any(entity_of(name) == entity for name in names)


def _from(question: Question) -> FromClause:
    subject = question.subject
    if subject == "work_order":
        return W.join(C, C.c.id == W.c.customer_id).outerjoin(T, T.c.id == W.c.technician_id)
    if subject == "timesheet":
        return S.join(T, T.c.id == S.c.technician_id)
    if subject == "skill":
        if _needs(question, "technician") or question.group_by == "technician":
            return K.join(TS, TS.c.skill_id == K.c.id).join(T, T.c.id == TS.c.technician_id)
        return K
    if subject == "technician" and (question.group_by == "skill" or _ranks_levels(question)):
        return T.join(TS, TS.c.technician_id == T.c.id).join(K, K.c.id == TS.c.skill_id)
    return TABLES[subject]


def _ranks_levels(question: Question) -> bool:
    """ "Who has the highest level in HVAC": technicians ranked by their level in one skill."""
    return question.rank is not None and question.rank.field == "technician.skill_level"


def _compare(column: ColumnElement[Any], op: str, value: Any) -> ColumnElement[bool]:
    operations = {
        "=": column.__eq__,
        "<>": column.__ne__,
        ">": column.__gt__,
        ">=": column.__ge__,
        "<": column.__lt__,
        "<=": column.__le__,
    }
    result: ColumnElement[bool] = operations[op](value)
    return result


def _bound(name: str, value: Any) -> Any:
    """Dates compared with a TIMESTAMP column are timestamps (PostgreSQL is strict)."""
    if isinstance(value, date) and ATTRIBUTES[name].kind == "timestamp":
        return datetime.combine(value, time())
    return value


def _skill_condition(question: Question, skill: Filter | None) -> ColumnElement[bool]:
    skill_link = technician_skills.alias("tsx")
    skill_row = skills.alias("kx")
    conditions: list[ColumnElement[bool]] = [skill_link.c.technician_id == T.c.id]
    if skill is not None and skill.values:
        names = [value.lower() for value in skill.values]
        conditions.append(func.lower(skill_row.c.name).in_(names))
    if skill is None or skill == _level_owner(question):
        for limit in question.thresholds:
            if limit.field == "technician.skill_level":
                conditions.append(_compare(skill_link.c.level, limit.op, limit.value))
    held = exists(
        select(literal_column("1"))
        .select_from(skill_link.join(skill_row, skill_row.c.id == skill_link.c.skill_id))
        .where(and_(*conditions))
    )
    return ~held if skill is not None and skill.negated else held


def _level_owner(question: Question) -> Filter | None:
    """The skill filter a skill level describes: "no skill at level 4 or higher" is a level of
    the skills they lack; otherwise the level is of the skills they hold ("HVAC at level 5",
    not of "without Plumbing")."""
    skills_said = [f for f in question.filters if f.field == "technician.skill"]
    lacking_any = Filter("technician.skill", negated=True)
    if lacking_any in skills_said and not any(not f.negated for f in skills_said):
        return lacking_any
    return next((f for f in skills_said if not f.negated), None)


# The rows a technician or a customer has ("technicians with no timesheets"): each relation's
# table, its column naming the owner, and the owner's key.
_OWNED = {
    "technician.work_orders": (work_orders, "technician_id", T.c.id),
    "customer.work_orders": (work_orders, "customer_id", C.c.id),
    "technician.timesheets": (timesheets, "technician_id", T.c.id),
}
RELATIONS = ("work_order.technician", *_OWNED)


def _relation_condition(filter_: Filter) -> ColumnElement[bool]:
    if filter_.field == "work_order.technician":
        assigned = W.c.technician_id.is_not(None)
        return ~assigned if filter_.negated else assigned
    table, owner, key = _OWNED[filter_.field]
    linked = table.alias("owned")
    has = exists(select(literal_column("1")).select_from(linked).where(linked.c[owner] == key))
    return ~has if filter_.negated else has


def _groups_named_skills(question: Question, filter_: Filter) -> bool:
    """Whether a skill filter names the groups of a breakdown of technicians by skill."""
    return (
        question.subject == "technician"
        and question.group_by == "skill"
        and not filter_.negated
        and bool(filter_.values)
    )


def conditions(question: Question) -> list[ColumnElement[bool]]:
    """The WHERE conditions of the question's filters, thresholds, period and reference."""
    found: list[ColumnElement[bool]] = []
    skill_filters = [f for f in question.filters if f.field == "technician.skill"]
    for filter_ in question.filters:
        if filter_.field == "technician.skill" and _groups_named_skills(question, filter_):
            # "plumbing vs electrical": the groups are the skills named, not every skill
            # of the technicians who hold one of them
            found.append(func.lower(K.c.name).in_([value.lower() for value in filter_.values]))
        elif filter_.field == "technician.skill":
            found.append(_skill_condition(question, filter_))
        elif filter_.field in RELATIONS:
            found.append(_relation_condition(filter_))
        elif filter_.field == "work_order.id":
            numbers = [int(value) for value in filter_.values]
            found.append(W.c.id.not_in(numbers) if filter_.negated else W.c.id.in_(numbers))
        else:
            lowered = func.lower(_column(filter_.field))
            values = [value.lower() for value in filter_.values]
            found.append(lowered.not_in(values) if filter_.negated else lowered.in_(values))
    levels = [t for t in question.thresholds if t.field == "technician.skill_level"]
    if question.subject == "skill":  # rows of held skills: the level is the row's own
        found.extend(_compare(TS.c.level, t.op, t.value) for t in levels)
    elif levels and not skill_filters:
        found.append(_skill_condition(question, None))
    for limit in question.thresholds:
        if limit.field != "technician.skill_level":
            found.append(_threshold(limit))
    if question.period is not None:
        found.append(_within(question.period))
    if question.periods:
        found.append(or_(*(_within(period) for period in question.periods)))
    if compares_actuals(question):
        found.append(W.c.actual_hours.is_not(None))
    if _ranks_levels(question):
        # the joined skill row is the one whose level ranks them
        named = [value.lower() for f in skill_filters if not f.negated for value in f.values]
        found.append(func.lower(K.c.name).in_(named))
    if question.within is not None:
        entity = question.within.result_entity()
        owner = OWNER_KEYS.get((entity, question.subject))
        if owner is not None:
            # the subject's rows that the previous answer's rows point at
            key, row = owner
            pointed = select(key).where(row.in_(ids_of(question.within)))
            found.append(TABLES[question.subject].c.id.in_(pointed))
        else:
            found.append(TABLES[entity].c.id.in_(ids_of(question.within)))
    return found


def _within(period: Period) -> ColumnElement[bool]:
    column = _column(period.field)
    return and_(
        column >= _bound(period.field, period.start), column < _bound(period.field, period.end)
    )


def compares_actuals(question: Question) -> bool:
    """Actual against estimated hours is only compared where actual hours are recorded."""
    fields = set(question.measure.fields)
    both = {"work_order.actual_hours", "work_order.estimated_hours"} <= fields
    # a share of work orders that ran over: of those whose actual hours are known
    part = {t.field for t in question.measure.part_thresholds}
    return both or "work_order.overrun" in fields or "work_order.actual_hours" in part


def _threshold(limit: Threshold) -> ColumnElement[bool]:
    column = _column(limit.field)
    if limit.other is not None:
        return _compare(column, limit.op, _column(limit.other))
    return _compare(column, limit.op, _bound(limit.field, limit.value))


def _group_columns(question: Question) -> list[ColumnElement[Any]]:
    group = question.group_by
    if group == "technician":
        return [T.c.id, T.c.name]
    if group == "customer":
        return [C.c.id, C.c.name]
    if group == "skill":
        return [K.c.id, K.c.name]
    if group == "period":
        labels = case(*((_within(p), p.label) for p in question.periods))
        return [labels.label("period")]
    assert group is not None
    return [_column(group)]


def _measure_columns(question: Question) -> list[ColumnElement[Any]]:
    measure = question.measure
    if measure.kind == "share":
        part = and_(true(), *conditions(measure.part_question(question.subject)))
        if measure.fields:
            value = _column(measure.fields[0])
            share = 100.0 * func.sum(case((part, value), else_=0)) / func.sum(value)
            return [share.label("share"), func.sum(value).label("whole")]
        counted = func.sum(case((part, 1), else_=0))
        return [
            (100.0 * counted / func.count()).label("share"),
            counted.label("part"),
            func.count().label("whole"),
        ]
    if measure.kind in ("sum", "avg"):
        aggregate = func.sum if measure.kind == "sum" else func.avg
        columns = [
            aggregate(_column(name)).label(f"value_{i}") for i, name in enumerate(measure.fields)
        ]
        # A sum or an average is over the rows that hold a value: an order without actual
        # hours recorded is not in the average of actual hours.
        valued = [func.count(_column(name)).label("valued_count") for name in measure.fields[:1]]
        return [*columns, func.count().label("row_count"), *valued]
    if question.subject == "technician" and question.group_by == "skill":
        return [func.count(T.c.id.distinct()).label("row_count")]
    return [func.count().label("row_count")]


def ids_of(question: Question) -> Select[Any]:
    """The ids of the rows (or ranked groups) a question selects, for a follow-up's reference:
    for a ranking, those its answer shows, ties with the last of them included."""
    entity = question.result_entity()
    key = TABLES[entity].c.id
    where = conditions(question)
    source = _from(question)
    rank = question.rank
    if question.having is not None and entity == question.group_by:
        # the groups that reach the threshold are those its answer lists
        return select(build(question).subquery("reached").c.id)
    if rank is None or (question.group_by is None and not rank.field):
        return select(key).select_from(source).where(*where).distinct()
    if question.group_by is None:
        assert rank.field is not None
        value = _column(rank.field)
        places = select(key.label("id"), _place(value, rank.descending)).select_from(source)
        ranked = places.where(*where).subquery("ranked")
    else:
        groups = _group_columns(question)
        value = _measure_columns(question)[0]
        places = select(groups[0].label("id"), _place(value, rank.descending))
        # work orders nobody is assigned to are no technician of a ranking (as in its answer)
        where.append(groups[0].is_not(None))
        ranked = places.select_from(source).where(*where).group_by(*groups).subquery("ranked")
    last = rank.place + (rank.n or 1) - 1
    return select(ranked.c.id).where(ranked.c.place.between(rank.place, last))


def _place(value: ColumnElement[Any], descending: bool) -> ColumnElement[Any]:
    """A row's place in a ranking by `value`; rows level with each other share it."""
    ordered = value.desc() if descending else value.asc()
    return func.rank().over(order_by=ordered.nulls_last()).label("place")


def _list_columns(question: Question) -> list[ColumnElement[Any]]:
    subject = question.subject
    if subject == "technician":
        columns: list[ColumnElement[Any]] = [
            T.c.name,
            T.c.region,
            T.c.status,
            T.c.hourly_rate,
            T.c.hire_date,
        ]
        return [*columns, TS.c.level.label("skill_level")] if _ranks_levels(question) else columns
    if subject == "customer":
        return [C.c.name, C.c.region, C.c.tier]
    if subject == "skill":
        if _needs(question, "technician") or question.group_by == "technician":
            return [K.c.name, TS.c.level, T.c.name.label("technician")]
        return [K.c.name]
    if subject == "work_order":
        columns = [
            W.c.id,
            W.c.title,
            C.c.name.label("customer"),
            T.c.name.label("technician"),
            W.c.status,
            W.c.priority,
            W.c.created_at,
        ]
        return columns + [
            _column(name).label(ATTRIBUTES[name].column) for name in question.listed_fields()
        ]
    return [S.c.work_date, T.c.name, S.c.hours, S.c.overtime_hours]


def counts_below(question: Question) -> bool:
    """Whether the question keeps the groups whose count stays under a bound ("fewer than")."""
    return question.having is not None and question.having.op in ("<", "<=")


# Every row of a group's table, joined to the rows counted in it (none gives one empty row),
# for each pair of `COUNTED_WITH_NONE`.
EVERY_ROW: dict[str, dict[str, FromClause]] = {
    "technician": {
        "timesheet": T.outerjoin(S, S.c.technician_id == T.c.id),
        "work_order": T.outerjoin(
            W.join(C, C.c.id == W.c.customer_id), W.c.technician_id == T.c.id
        ),
        "skill": T.outerjoin(TS.join(K, K.c.id == TS.c.skill_id), TS.c.technician_id == T.c.id),
    },
    "customer": {
        "work_order": C.outerjoin(
            W.outerjoin(T, T.c.id == W.c.technician_id), W.c.customer_id == C.c.id
        ),
    },
    "skill": {
        "technician": K.outerjoin(
            TS.join(T, T.c.id == TS.c.technician_id), TS.c.skill_id == K.c.id
        ),
    },
}


def _having_term(question: Question) -> ColumnElement[Any]:
    """What each row adds to its group's figure under a `having`: 1 (a count) or its value."""
    assert question.having is not None
    kind, _, name = question.having.field.partition(":")
    # a technician with no entry adds nothing (NULL would make the whole sum NULL)
    return func.coalesce(_column(name), 0) if kind == "sum" else literal_column("1")


def _split_by_entity(question: Question, entity: str) -> tuple[Question, Question]:
    """What the question says of `entity`'s rows, and what it says of the others."""

    def own(name: str) -> bool:
        return entity_of(name) == entity

    of_entity = replace(
        question,
        filters=tuple(f for f in question.filters if own(f.field)),
        thresholds=tuple(t for t in question.thresholds if own(t.field)),
        period=None,
        within=question.within
        if question.within and own(question.within.result_entity())
        else None,
    )
    of_counted = replace(
        question,
        filters=tuple(f for f in question.filters if not own(f.field)),
        thresholds=tuple(t for t in question.thresholds if not own(t.field)),
        within=None if of_entity.within else question.within,
    )
    return of_entity, of_counted


def _counts_every_group(question: Question) -> bool:
    """Whether each technician (customer) is a group of its own, those with no rows counted
    included: "work orders per technician" lists a technician with none as 0, and "the fewest"
    finds them."""
    return (
        question.group_by is not None
        and question.having is None
        and question.measure.kind in ("count", "sum")
        and question.subject in COUNTED_WITH_NONE.get(question.group_by, ())
    )


def _every_group(
    question: Question,
) -> tuple[FromClause, list[ColumnElement[bool]], list[ColumnElement[Any]]]:
    """The source, conditions and figures of a breakdown over every row of the group's table:
    what is said of the group's rows chooses the groups, what is said of the counted rows
    chooses what each group counts."""
    assert question.group_by is not None
    source = EVERY_ROW[question.group_by][question.subject]
    own, counted_rows = _split_by_entity(question, question.group_by)
    present = TABLES[question.subject].c.id.is_not(None)  # a group with no rows has one empty
    counted = and_(present, *conditions(counted_rows))
    values: list[ColumnElement[Any]] = [
        func.sum(case((counted, func.coalesce(_column(name), 0)), else_=0)).label(f"value_{i}")
        for i, name in enumerate(question.measure.fields)
        if question.measure.kind == "sum"
    ]
    values.append(func.sum(case((counted, 1), else_=0)).label("row_count"))
    return source, conditions(own), values


def build(question: Question) -> Select[Any]:
    """The SELECT that answers `question`."""
    where = conditions(question)
    source = _from(question)
    measure = question.measure
    if measure.kind == "lookup":
        columns = [
            TABLES[question.subject].c.name,
            *(_column(f) for f in measure.fields),
            func.count().over().label("total_count"),
        ]
        statement = select(*columns).select_from(source).where(*where)
        return statement.order_by(columns[0]).limit(_cap(LIST_LIMIT))
    if question.group_by is not None and counts_below(question):
        # "regions with fewer than 3 open jobs": a region with none is counted as 0, not left
        # out, so the conditions select what is counted, not which groups exist
        groups = _group_columns(question)
        kept: list[ColumnElement[bool]] = []
        if question.subject in COUNTED_WITH_NONE.get(question.group_by or "", ()):
            # "technicians with fewer than 10 work orders": every technician is a group, those
            # with none included; what is said of the technicians chooses the groups
            source = EVERY_ROW[question.group_by][question.subject]
            own, counted_rows = _split_by_entity(question, question.group_by)
            kept, where = conditions(own), conditions(counted_rows)
        counted = func.sum(case((and_(true(), *where), _having_term(question)), else_=0))
        assert question.having is not None
        name = "value_0" if question.measure.kind == "sum" else "row_count"
        return (
            select(*groups, counted.label(name))
            .select_from(source)
            .where(*kept)
            .group_by(*groups)
            .having(_compare(counted, question.having.op, question.having.value))
            .order_by(groups[-1].asc().nulls_last())
            .limit(_cap(GROUP_LIMIT))
        )
    if question.group_by is not None:
        groups = _group_columns(question)
        values = _measure_columns(question)
        if _counts_every_group(question):
            source, where, values = _every_group(question)
        statement = select(*groups, *values).select_from(source).where(*where).group_by(*groups)
        if question.having is not None:
            total = func.sum(_having_term(question))
            statement = statement.having(_compare(total, question.having.op, question.having.value))
        if question.group_by in ("technician", "customer", "skill") and (
            question.rank is not None or question.having is not None
        ):
            # work orders nobody is assigned to are not a technician in a ranking or a list
            statement = statement.where(groups[0].is_not(None))
        if question.rank is not None or question.ordered is not None:
            value = values[0]
            descending = question.rank.descending if question.rank else question.ordered == "desc"
            ordered = value.desc() if descending else value.asc()
            statement = statement.order_by(ordered.nulls_last(), groups[-1].asc().nulls_last())
        else:
            # NULL (work orders without a technician) sorts last on SQLite and PostgreSQL alike
            statement = statement.order_by(groups[-1].asc().nulls_last())
        return statement.limit(_cap(GROUP_LIMIT))
    if measure.kind == "list":
        columns = [*_list_columns(question), func.count().over().label("total_count")]
        statement = select(*columns).select_from(source).where(*where)
        if question.rank is not None and question.rank.field:
            order = _column(question.rank.field)
            # an order without actual hours recorded took no known time: not the quickest
            statement = statement.where(order.is_not(None)).order_by(
                order.desc() if question.rank.descending else order.asc()
            )
            return statement.limit(_cap(GROUP_LIMIT))
        # a skill held by several people is listed once per holder, in their names' order
        holders = [T.c.name] if "technician" in {c.key for c in columns} else []
        return statement.order_by(columns[0], *holders).limit(_cap(LIST_LIMIT))
    return select(*_measure_columns(question)).select_from(source).where(*where)
