"""Queries about named people and customers, skills and pay rates."""

from typing import Any

from agentstream.agents.sql.catalog import vocabulary as v
from agentstream.agents.sql.catalog.compose import day, join, money, number
from agentstream.agents.sql.catalog.intent import GROUP_LIMIT, LIST_LIMIT, Query, statement
from agentstream.agents.sql.catalog.phrases import noun_phrase
from agentstream.agents.sql.catalog.plan import QueryPlan
from agentstream.agents.sql.catalog.questions import Slots
from agentstream.agents.sql.catalog.sources import TECHNICIANS, Source
from agentstream.agents.sql.result import SqlResult

TECHNICIAN_PROFILE = Source(
    from_clause=(
        "technicians t LEFT JOIN technician_skills tsk ON tsk.technician_id = t.id"
        " LEFT JOIN skills sk ON sk.id = tsk.skill_id"
    ),
    columns={},
    name_columns={None: ("t.name",)},
)
SKILL_COVERAGE = Source(
    from_clause="skills sk LEFT JOIN technician_skills tsk ON tsk.skill_id = sk.id",
    columns={"tech_status": "t.status", "region": "t.region"},
)
# A name that may be a technician's or a customer's: the lookup accepts no other filter.
NAMED = Source(from_clause="technicians t", columns={}, name_columns={None: ("t.name",)})
_STANDING = {
    "active": "an active technician",
    "inactive": "a former (inactive) technician",
    "on_leave": "a technician currently on leave",
}


def _name_hints(slots: Slots) -> dict[str, Any]:
    return {"name": slots.name.text if slots.name else ""}


def build_technician_profile(slots: Slots) -> Query:
    """One row per skill of every technician whose name matches (a row even without skills)."""
    where, params = TECHNICIAN_PROFILE.where(slots)
    sql = statement(
        "SELECT t.id, t.name, t.email, t.region, t.status, t.hire_date, t.hourly_rate,",
        "sk.name AS skill, tsk.level AS skill_level",
        f"FROM {TECHNICIAN_PROFILE.from_clause}",
        where,
        "ORDER BY t.name, t.id, tsk.level DESC, sk.name",
        f"LIMIT {GROUP_LIMIT}",
    )
    description = f"technicians named {slots.name.text}" if slots.name else "technicians"
    return Query(sql, params, description, _name_hints(slots))


def _profiles(result: SqlResult) -> list[tuple[dict[str, Any], list[str]]]:
    """Rows grouped per technician: the first row's fields and the skill list."""
    profiles: dict[Any, tuple[dict[str, Any], list[str]]] = {}
    for record in result.records():
        _, skills = profiles.setdefault(record["id"], (record, []))
        if record["skill"] is not None:
            skills.append(f"{record['skill']} (level {int(number(record['skill_level']))})")
    return list(profiles.values())


def _no_match(plan: QueryPlan, kind: str) -> str:
    return f"I found no {kind} matching '{plan.hints['name']}'."


def _several(plan: QueryPlan, count: int, kind: str) -> str:
    return f"{count} {kind} match '{plan.hints['name']}'. " if count > 1 else ""


def compose_technician_details(plan: QueryPlan, result: SqlResult) -> str:
    """``Ben Costa is an active technician in the North region, hired on ...``"""
    profiles = _profiles(result)
    if not profiles:
        return _no_match(plan, "technician")
    sentences = []
    for record, skills in profiles:
        standing = _STANDING.get(record["status"], f"a technician ({record['status']})")
        sentence = (
            f"{record['name']} is {standing} in the {record['region']} region, hired on "
            f"{day(record['hire_date'])}, with an hourly rate of {money(record['hourly_rate'])}"
            f" (email {record['email']})."
        )
        sentence += f" Skills: {join(skills)}." if skills else " No skills are on record."
        sentences.append(sentence)
    return _several(plan, len(profiles), "technicians") + " ".join(sentences)


def _skills_count(count: int) -> str:
    return "1 skill" if count == 1 else f"{count} skills"


def compose_technician_skills(plan: QueryPlan, result: SqlResult) -> str:
    """``Ben Costa has 3 skills: HVAC (level 5), Solar (level 2) and Boilers (level 1).``"""
    profiles = _profiles(result)
    if not profiles:
        return _no_match(plan, "technician")
    sentences = [
        f"{record['name']} has {_skills_count(len(skills))}: {join(skills)}."
        if skills
        else f"{record['name']} has no skills on record."
        for record, skills in profiles
    ]
    return _several(plan, len(profiles), "technicians") + " ".join(sentences)


def build_named_lookup(slots: Slots) -> Query:
    """Technicians and customers whose name matches, with their work-order counts."""
    sql = statement(
        "SELECT 'technician' AS kind, t.name, t.region, t.status AS standing,",
        "(SELECT COUNT(*) FROM work_orders wo WHERE wo.technician_id = t.id) AS work_order_count",
        "FROM technicians t",
        "WHERE LOWER(t.name) LIKE :name",
        "UNION ALL",
        "SELECT 'customer' AS kind, c.name, c.region, c.tier AS standing,",
        "(SELECT COUNT(*) FROM work_orders wo WHERE wo.customer_id = c.id) AS work_order_count",
        "FROM customers c",
        "WHERE LOWER(c.name) LIKE :name",
        "ORDER BY kind DESC, name",
        f"LIMIT {LIST_LIMIT}",
    )
    params = {"name": slots.name.like_pattern if slots.name else "%"}
    description = f"technicians and customers named {slots.name.text if slots.name else ''}"
    return Query(sql, params, description, _name_hints(slots))


def compose_named_lookup(plan: QueryPlan, result: SqlResult) -> str:
    """``Summit Logistics is a premium customer in the East region with 12 work orders.``"""
    sentences = []
    for record in result.records():
        count = int(number(record["work_order_count"]))
        orders = f"{count} work order{'s' if count != 1 else ''}"
        if record["kind"] == "technician":
            standing = _STANDING.get(record["standing"], "a technician")
            sentences.append(
                f"{record['name']} is {standing} in the {record['region']} region"
                f" with {orders} assigned."
            )
        else:
            sentences.append(
                f"{record['name']} is a {record['standing']} customer in the"
                f" {record['region']} region with {orders}."
            )
    if not sentences:
        return _no_match(plan, "technician or customer")
    return _several(plan, len(sentences), "records") + " ".join(sentences)


def build_skill_coverage(slots: Slots) -> Query:
    """Every skill with the number of (matching) technicians who have it."""
    conditions, params = SKILL_COVERAGE.conditions(slots)
    on = " AND ".join(["t.id = tsk.technician_id", *conditions])
    sql = statement(
        "SELECT sk.name AS skill, COUNT(t.id) AS technician_count",
        f"FROM {SKILL_COVERAGE.from_clause}",
        f"LEFT JOIN technicians t ON {on}",
        "GROUP BY sk.id, sk.name",
        "ORDER BY technician_count DESC, skill",
        f"LIMIT {GROUP_LIMIT}",
    )
    technicians = noun_phrase(slots, v.TECHNICIANS)
    return Query(sql, params, f"skills of {technicians}", {"technicians": technicians})


def compose_skill_coverage(plan: QueryPlan, result: SqlResult) -> str:
    """``There are 12 skills; technicians per skill: HVAC 5, Electrical 4, ...``"""
    if not result.rows:
        return "There are no skills on record."
    technicians = plan.hints["technicians"]
    items = join(f"{skill} {int(number(count))}" for skill, count in result.rows)
    return f"There are {len(result.rows)} skills; {technicians} per skill: {items}."


def build_average_rate(slots: Slots) -> Query:
    """Average, lowest and highest hourly rate of the matching technicians."""
    where, params = TECHNICIANS.where(slots)
    sql = statement(
        "SELECT COUNT(*) AS technician_count, AVG(t.hourly_rate) AS average_rate,",
        "MIN(t.hourly_rate) AS lowest_rate, MAX(t.hourly_rate) AS highest_rate",
        f"FROM {TECHNICIANS.from_clause}",
        where,
    )
    many = noun_phrase(slots, v.TECHNICIANS)
    hints = {"one": noun_phrase(slots, v.TECHNICIANS, plural=False), "many": many}
    return Query(sql, params, f"hourly rates of {many}", hints)


def compose_average_rate(plan: QueryPlan, result: SqlResult) -> str:
    """``The average hourly rate of the 10 active technicians is 41.27 (from 33.10 to 52.40).``"""
    record = result.records()[0] if result.rows else {}
    count = int(number(record.get("technician_count")))
    if count == 0:
        return f"There are no {plan.hints['many']}, so there is no hourly rate to average."
    if count == 1:
        return (
            f"The only {plan.hints['one']} has an hourly rate of {money(record['average_rate'])}."
        )
    return (
        f"The average hourly rate of the {count} {plan.hints['many']} is"
        f" {money(record['average_rate'])} (from {money(record['lowest_rate'])}"
        f" to {money(record['highest_rate'])})."
    )
