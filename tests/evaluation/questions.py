"""The question table: chat questions as users write them, each with a hand-written expectation.

Written before the engine was tuned to it. The SQL below is written by hand against the demo
schema (SQLite); it never comes from the engine. The demo's "today" is 2026-10-31 (a Saturday):
"last month" is September 2026, "this month" October 2026, "last week" 2026-10-19..25, "next
week" 2026-11-02..08. "Technicians" are all 25 staff unless a question says otherwise; a work
order's region is its customer's region; "unassigned" means no technician.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from tests.evaluation.judge import (
    Count,
    Expectation,
    Figures,
    Mentions,
    Names,
    Pairs,
    Quote,
    Refusal,
)


@dataclass(frozen=True)
class Question:
    """One table row: a category, the question, what a right answer states, earlier turns."""

    category: str
    text: str
    expect: Expectation
    history: tuple[str, ...] = ()


def _q(category: str, text: str, expect: Expectation, *history: str) -> Question:
    return Question(category, text, expect, history)


def count(sql: str) -> Count:
    """A scalar COUNT."""
    return Count(sql)


def wo(where: str = "1=1") -> Count:
    """How many work orders (joined to their customer) match `where`."""
    return Count(
        f"SELECT COUNT(*) FROM work_orders w JOIN customers c ON c.id = w.customer_id WHERE {where}"
    )


def techs(where: str = "1=1") -> Count:
    """How many technicians match `where`."""
    return Count(f"SELECT COUNT(*) FROM technicians t WHERE {where}")


def tech_names(where: str) -> Names:
    """The names of the technicians matching `where`."""
    return Names(f"SELECT name FROM technicians t WHERE {where}")


def share(part: str, whole: str = "1=1", table: str = "work_orders w") -> Count:
    """A percentage of rows, to one decimal."""
    return Count(
        f"SELECT ROUND(100.0 * SUM(CASE WHEN {part} THEN 1 ELSE 0 END) / COUNT(*), 1) "
        f"FROM {table} LEFT JOIN customers c ON c.id = w.customer_id WHERE {whole}"
        if table == "work_orders w"
        else f"SELECT ROUND(100.0 * SUM(CASE WHEN {part} THEN 1 ELSE 0 END) / COUNT(*), 1) "
        f"FROM {table} WHERE {whole}",
        places=1,
    )


HAS_SKILL = (
    "EXISTS (SELECT 1 FROM technician_skills ts JOIN skills s ON s.id = ts.skill_id "
    "WHERE ts.technician_id = t.id AND s.name = '{skill}'{level})"
)


def skilled(skill: str, level: str = "") -> str:
    """A condition on technician t: has `skill` (at a level condition such as ">= 4")."""
    return HAS_SKILL.format(skill=skill, level=f" AND ts.level {level}" if level else "")


WO_JOIN = "FROM work_orders w JOIN customers c ON c.id = w.customer_id"
SEPTEMBER = "BETWEEN '2026-09-01' AND '2026-09-30'"
OCTOBER = "BETWEEN '2026-10-01' AND '2026-10-31'"

COUNTS = [
    _q("count", "How many technicians do we have?", techs()),
    _q("count", "how many active techs are there", techs("status = 'active'")),
    _q("count", "What's our technician headcount?", techs()),
    _q("count", "How many customers do we have", count("SELECT COUNT(*) FROM customers")),
    _q(
        "count",
        "how many premium customers",
        count("SELECT COUNT(*) FROM customers WHERE tier = 'premium'"),
    ),
    _q("count", "Number of work orders?", wo()),
    _q("count", "How many urgent work orders are there?", wo("priority = 'urgent'")),
    _q("count", "how many jobs are in progress right now", wo("status = 'in_progress'")),
    _q("count", "How many work orders were cancelled?", wo("status = 'cancelled'")),
    _q("count", "how many repair jobs do we have", wo("category = 'repair'")),
    _q("count", "How many technicians are on leave?", techs("status = 'on_leave'")),
    _q("typo", "list everyone on leave rn", tech_names("status = 'on_leave'")),
    # Cold try c16-r38: a manager's "guys" are the technicians
    _q("typo", "which of our guys are on leave rn", tech_names("status = 'on_leave'")),
    _q(
        "typo", "how many high prio jobs are open?", wo("w.priority = 'high' AND w.status = 'open'")
    ),
    _q(
        "estimate",
        "how many jobs blew past their estimate by more than 2 hrs?",
        wo("w.actual_hours - w.estimated_hours > 2"),
    ),
    # a slip for a word that asks nothing is no slip for "actual" hours
    _q(
        "typo",
        "which techs in the south are actualy active",
        tech_names("region = 'South' AND status = 'active'"),
    ),
    _q(
        "count",
        "how many customers are in the West region?",
        count("SELECT COUNT(*) FROM customers WHERE region = 'West'"),
    ),
    _q("count", "How many skills do we track?", count("SELECT COUNT(*) FROM skills")),
    _q(
        "count",
        "How many high priority tickets are still open?",
        wo("priority = 'high' AND status = 'open'"),
    ),
    _q(
        "count",
        "How many inspections have been completed?",
        wo("category = 'inspection' AND status = 'completed'"),
    ),
    _q("count", "how many technicians work in the Central region", techs("region = 'Central'")),
    _q(
        "count",
        "Count the emergency work orders for premium customers",
        wo("category = 'emergency' AND c.tier = 'premium'"),
    ),
    _q("count", "How many work orders are scheduled?", wo("status = 'scheduled'")),
    _q("count", "How many technicians know plumbing?", techs(skilled("Plumbing"))),
    _q("count", "how many inactive technicians are there", techs("status = 'inactive'")),
    _q("count", "How many technicians are based in the East?", techs("region = 'East'")),
    _q(
        "count",
        "How many maintenance jobs were done for customers in the North?",
        wo("category = 'maintenance' AND status = 'completed' AND c.region = 'North'"),
    ),
]

NEGATIONS = [
    _q("negation", "How many work orders are not urgent?", wo("priority <> 'urgent'")),
    _q("negation", "How many technicians are not active?", techs("status <> 'active'")),
    _q("negation", "How many technicians aren't in the North region?", techs("region <> 'North'")),
    _q(
        "negation",
        "how many customers are not premium?",
        count("SELECT COUNT(*) FROM customers WHERE tier <> 'premium'"),
    ),
    _q("negation", "How many work orders are not completed?", wo("status <> 'completed'")),
    # Cold try c16-r35: not finished *yet* is work still to do; a cancelled order is not
    _q(
        "negation",
        "urgent jobs that arent finished yet - how many?",
        wo("w.priority = 'urgent' AND w.status NOT IN ('completed', 'cancelled')"),
    ),
    _q(
        "negation",
        "how many jobs in the north haven't been closed yet",
        wo("c.region = 'North' AND w.status NOT IN ('completed', 'cancelled')"),
    ),
    _q(
        "negation",
        "Which technicians don't have the HVAC skill?",
        tech_names(f"NOT {skilled('HVAC')}"),
    ),
    _q(
        "negation",
        "List technicians without any electrical skills",
        tech_names(f"NOT {skilled('Electrical')}"),
    ),
    _q(
        "negation",
        "How many work orders are outside the South region?",
        wo("c.region <> 'South'"),
    ),
    _q("negation", "how many jobs other than repairs?", wo("category <> 'repair'")),
    _q("negation", "how many work orders are not low priority", wo("priority <> 'low'")),
    _q(
        "negation",
        "How many customers are not in the East?",
        count("SELECT COUNT(*) FROM customers WHERE region <> 'East'"),
    ),
    _q(
        "negation",
        "How many technicians are active but not in the West region?",
        techs("status = 'active' AND region <> 'West'"),
    ),
    _q(
        "negation",
        "how many non-urgent open work orders are there",
        wo("status = 'open' AND priority <> 'urgent'"),
    ),
    _q(
        "negation",
        "How many work orders are there, except cancelled ones?",
        wo("status <> 'cancelled'"),
    ),
    _q(
        "negation",
        "How many technicians are not on leave?",
        techs("status <> 'on_leave'"),
    ),
    _q(
        "negation",
        "How many technicians are there excluding the inactive ones?",
        techs("status <> 'inactive'"),
    ),
    _q(
        "negation",
        "How many work orders are not for premium customers?",
        wo("c.tier <> 'premium'"),
    ),
    _q(
        "negation",
        "How many work orders aren't maintenance or inspection?",
        wo("category NOT IN ('maintenance', 'inspection')"),
    ),
    _q(
        "negation",
        "Which customers have no work orders?",
        Names(
            "SELECT name FROM customers c WHERE NOT EXISTS "
            "(SELECT 1 FROM work_orders w WHERE w.customer_id = c.id)",
            "customers",
        ),
    ),
    _q(
        "negation",
        "How many technicians have no skills recorded?",
        techs("NOT EXISTS (SELECT 1 FROM technician_skills ts WHERE ts.technician_id = t.id)"),
    ),
    _q(
        "negation",
        "how many work orders are neither urgent nor high priority?",
        wo("priority NOT IN ('urgent', 'high')"),
    ),
    _q(
        "negation",
        "How many techs don't have any work orders assigned?",
        techs("NOT EXISTS (SELECT 1 FROM work_orders w WHERE w.technician_id = t.id)"),
    ),
    _q(
        "negation",
        "Which technicians in the South are not active?",
        tech_names("region = 'South' AND status <> 'active'"),
    ),
    _q(
        "negation",
        "How many work orders are not in the North or the East?",
        wo("c.region NOT IN ('North', 'East')"),
    ),
    _q(
        "negation",
        "How many standard customers are outside the Central region?",
        count("SELECT COUNT(*) FROM customers WHERE tier = 'standard' AND region <> 'Central'"),
    ),
    _q(
        "negation",
        "how many completed work orders were not emergencies",
        wo("status = 'completed' AND category <> 'emergency'"),
    ),
]

UNASSIGNED = [
    _q(
        "unassigned",
        "How many work orders have no technician assigned?",
        wo("technician_id IS NULL"),
    ),
    _q("unassigned", "how many unassigned jobs are there", wo("technician_id IS NULL")),
    _q(
        "unassigned",
        "How many open work orders don't have a tech yet?",
        wo("status = 'open' AND technician_id IS NULL"),
    ),
    _q(
        "unassigned",
        "How many urgent tickets have nobody assigned?",
        wo("priority = 'urgent' AND technician_id IS NULL"),
    ),
    _q(
        "unassigned",
        "How many work orders are assigned to a technician?",
        wo("technician_id IS NOT NULL"),
    ),
    _q(
        "unassigned",
        "unassigned work orders in the North region: how many?",
        wo("technician_id IS NULL AND c.region = 'North'"),
    ),
    _q(
        "unassigned",
        "How many cancelled work orders never had a technician?",
        wo("status = 'cancelled' AND technician_id IS NULL"),
    ),
    _q(
        "unassigned",
        "Number of work orders without an assigned technician by priority",
        Pairs(
            "SELECT priority, COUNT(*) FROM work_orders WHERE technician_id IS NULL "
            "GROUP BY priority"
        ),
    ),
    _q(
        "unassigned",
        "How many work orders without a technician are for premium customers?",
        wo("technician_id IS NULL AND c.tier = 'premium'"),
    ),
]

COMPARISONS = [
    _q(
        "comparison",
        "Compare the number of work orders in North vs South",
        Pairs(
            f"SELECT c.region, COUNT(*) {WO_JOIN} WHERE c.region IN ('North', 'South') "
            "GROUP BY c.region"
        ),
    ),
    _q(
        "comparison",
        "North or South: which region has more technicians?",
        Pairs(
            "SELECT region, COUNT(*) FROM technicians WHERE region IN ('North', 'South') "
            "GROUP BY region"
        ),
    ),
    _q(
        "comparison",
        "How do premium and standard customers compare in number of work orders?",
        Pairs(f"SELECT c.tier, COUNT(*) {WO_JOIN} GROUP BY c.tier"),
    ),
    _q(
        "comparison",
        "urgent vs low priority work orders",
        Pairs(
            "SELECT priority, COUNT(*) FROM work_orders WHERE priority IN ('urgent', 'low') "
            "GROUP BY priority"
        ),
    ),
    _q(
        "comparison",
        "Compare the average hourly rate of active and inactive technicians",
        Pairs(
            "SELECT status, AVG(hourly_rate) FROM technicians "
            "WHERE status IN ('active', 'inactive') GROUP BY status",
            places=2,
        ),
    ),
    _q(
        "comparison",
        "Are there more repairs or installations?",
        Pairs(
            "SELECT category, COUNT(*) FROM work_orders "
            "WHERE category IN ('repair', 'installation') GROUP BY category"
        ),
    ),
    _q(
        "comparison",
        "East versus West: how many customers?",
        Pairs(
            "SELECT region, COUNT(*) FROM customers WHERE region IN ('East', 'West') "
            "GROUP BY region"
        ),
    ),
    _q(
        "comparison",
        "Compare total overtime hours between the North and Central regions",
        Pairs(
            "SELECT t.region, SUM(s.overtime_hours) FROM timesheets s "
            "JOIN technicians t ON t.id = s.technician_id "
            "WHERE t.region IN ('North', 'Central') GROUP BY t.region",
            places=1,
        ),
    ),
    _q(
        "comparison",
        "How many completed vs cancelled work orders?",
        Pairs(
            "SELECT status, COUNT(*) FROM work_orders WHERE status IN ('completed', 'cancelled') "
            "GROUP BY status"
        ),
    ),
    _q(
        "comparison",
        "Compare the average actual hours of repair and maintenance jobs",
        Pairs(
            "SELECT category, AVG(actual_hours) FROM work_orders "
            "WHERE category IN ('repair', 'maintenance') GROUP BY category",
            places=1,
        ),
    ),
    _q(
        "comparison",
        "Which has more technicians, HVAC or Plumbing?",
        Pairs(
            "SELECT s.name, COUNT(*) FROM technician_skills ts JOIN skills s ON s.id = ts.skill_id"
            " WHERE s.name IN ('HVAC', 'Plumbing') GROUP BY s.name"
        ),
    ),
    _q(
        "comparison",
        "open vs in progress work orders for premium customers",
        Pairs(
            f"SELECT w.status, COUNT(*) {WO_JOIN} WHERE c.tier = 'premium' "
            "AND w.status IN ('open', 'in_progress') GROUP BY w.status"
        ),
    ),
    _q(
        "comparison",
        "compare the headcount in the East and the West",
        Pairs(
            "SELECT region, COUNT(*) FROM technicians WHERE region IN ('East', 'West') "
            "GROUP BY region"
        ),
    ),
    _q(
        "comparison",
        "How does the average hourly rate in the North compare with the South?",
        Pairs(
            "SELECT region, AVG(hourly_rate) FROM technicians WHERE region IN ('North', 'South')"
            " GROUP BY region",
            places=2,
        ),
    ),
    _q(
        "comparison",
        "urgent work orders: premium vs standard customers",
        Pairs(f"SELECT c.tier, COUNT(*) {WO_JOIN} WHERE w.priority = 'urgent' GROUP BY c.tier"),
    ),
]

BREAKDOWNS = [
    _q(
        "breakdown",
        "How many work orders per region?",
        Pairs(f"SELECT c.region, COUNT(*) {WO_JOIN} GROUP BY c.region"),
    ),
    _q(
        "breakdown",
        "Work orders by priority",
        Pairs("SELECT priority, COUNT(*) FROM work_orders GROUP BY priority"),
    ),
    _q(
        "breakdown",
        "Break down technicians by status",
        Pairs("SELECT status, COUNT(*) FROM technicians GROUP BY status"),
    ),
    _q(
        "breakdown",
        "How many customers in each region?",
        Pairs("SELECT region, COUNT(*) FROM customers GROUP BY region"),
    ),
    _q(
        "breakdown",
        "Number of work orders for each category",
        Pairs("SELECT category, COUNT(*) FROM work_orders GROUP BY category"),
    ),
    _q(
        "breakdown",
        "How many work orders does each technician have?",
        Pairs(
            "SELECT t.name, COUNT(*) FROM work_orders w JOIN technicians t "
            "ON t.id = w.technician_id GROUP BY t.name"
        ),
    ),
    _q(
        "breakdown",
        "technicians per region",
        Pairs("SELECT region, COUNT(*) FROM technicians GROUP BY region"),
    ),
    _q(
        "breakdown",
        "work orders by status",
        Pairs("SELECT status, COUNT(*) FROM work_orders GROUP BY status"),
    ),
    _q(
        "breakdown",
        "How many urgent work orders per region?",
        Pairs(f"SELECT c.region, COUNT(*) {WO_JOIN} WHERE w.priority = 'urgent' GROUP BY c.region"),
    ),
    _q(
        "breakdown",
        "Total hours logged per technician last month",
        Pairs(
            "SELECT t.name, SUM(s.hours) FROM timesheets s JOIN technicians t "
            f"ON t.id = s.technician_id WHERE s.work_date {SEPTEMBER} GROUP BY t.name",
            places=1,
        ),
    ),
    _q(
        "breakdown",
        "average hourly rate by region",
        Pairs("SELECT region, AVG(hourly_rate) FROM technicians GROUP BY region", places=2),
    ),
    _q(
        "breakdown",
        "How many technicians have each skill?",
        Pairs(
            "SELECT s.name, COUNT(*) FROM technician_skills ts JOIN skills s "
            "ON s.id = ts.skill_id GROUP BY s.name"
        ),
    ),
    _q(
        "breakdown",
        "customers by tier",
        Pairs("SELECT tier, COUNT(*) FROM customers GROUP BY tier"),
    ),
    _q(
        "breakdown",
        "open work orders per priority",
        Pairs("SELECT priority, COUNT(*) FROM work_orders WHERE status = 'open' GROUP BY priority"),
    ),
    _q(
        "breakdown",
        "overtime per region this month",
        Pairs(
            "SELECT t.region, SUM(s.overtime_hours) FROM timesheets s JOIN technicians t "
            f"ON t.id = s.technician_id WHERE s.work_date {OCTOBER} GROUP BY t.region",
            places=1,
        ),
    ),
    _q(
        "breakdown",
        "average estimated hours by category",
        Pairs("SELECT category, AVG(estimated_hours) FROM work_orders GROUP BY category", places=1),
    ),
    _q(
        "breakdown",
        "premium customers per region",
        Pairs("SELECT region, COUNT(*) FROM customers WHERE tier = 'premium' GROUP BY region"),
    ),
    _q(
        "breakdown",
        "work orders by customer tier",
        Pairs(f"SELECT c.tier, COUNT(*) {WO_JOIN} GROUP BY c.tier"),
    ),
    _q(
        "breakdown",
        "How many completed jobs per technician?",
        Pairs(
            "SELECT t.name, COUNT(*) FROM work_orders w JOIN technicians t "
            "ON t.id = w.technician_id WHERE w.status = 'completed' GROUP BY t.name"
        ),
    ),
    _q(
        "breakdown",
        "split the active technicians by region",
        Pairs("SELECT region, COUNT(*) FROM technicians WHERE status = 'active' GROUP BY region"),
    ),
]

THRESHOLDS = [
    _q("threshold", "How many technicians earn more than 40 an hour?", techs("hourly_rate > 40")),
    _q(
        "threshold",
        "Which technicians have an hourly rate of at least 48?",
        tech_names("hourly_rate >= 48"),
    ),
    _q("threshold", "Technicians paid less than $33 per hour", tech_names("hourly_rate < 33")),
    _q("threshold", "How many work orders took more than 5 hours?", wo("actual_hours > 5")),
    _q(
        "threshold",
        "How many jobs were estimated at over 8 hours?",
        wo("estimated_hours > 8"),
    ),
    _q(
        "threshold",
        "How many technicians have HVAC at level 4 or higher?",
        techs(skilled("HVAC", ">= 4")),
    ),
    _q(
        "threshold",
        "Who has a plumbing level above 3?",
        tech_names(skilled("Plumbing", "> 3")),
    ),
    _q(
        "threshold",
        "How many work orders were created after 2026-10-15?",
        wo("created_at >= '2026-10-16'"),
    ),
    _q(
        "threshold",
        "How many work orders were created before September 2026?",
        wo("created_at < '2026-09-01'"),
    ),
    _q(
        "threshold",
        "How many jobs were completed since October 1st?",
        wo("completed_at >= '2026-10-01'"),
    ),
    _q(
        "threshold",
        "How many technicians were hired after 2020?",
        techs("hire_date >= '2021-01-01'"),
    ),
    _q(
        "threshold",
        "How many technicians were hired before 2015?",
        techs("hire_date < '2015-01-01'"),
    ),
    _q(
        "threshold",
        "How many work orders are scheduled for after October 31?",
        wo("scheduled_for >= '2026-11-01'"),
    ),
    _q("threshold", "work orders with actual hours under 2", wo("actual_hours < 2")),
    _q(
        "threshold",
        "How many technicians earn between 35 and 45 an hour?",
        techs("hourly_rate BETWEEN 35 AND 45"),
    ),
    _q(
        "threshold",
        "How many timesheet entries have more than 2 hours of overtime?",
        count("SELECT COUNT(*) FROM timesheets WHERE overtime_hours > 2"),
    ),
    # "but" joins a bound to the skill it is of
    _q(
        "threshold",
        "techs with HVAC skill but below level 3",
        tech_names(skilled("HVAC", "< 3")),
    ),
    # a timesheet line is one technician's working day
    _q(
        "threshold",
        "how many work days had over 10 hrs logged?",
        count("SELECT COUNT(*) FROM timesheets WHERE hours > 10"),
    ),
    _q(
        "threshold",
        "Which customers have more than 10 work orders?",
        Names(
            "SELECT c.name FROM customers c JOIN work_orders w ON w.customer_id = c.id "
            "GROUP BY c.id HAVING COUNT(*) > 10",
            "customers",
        ),
    ),
    _q(
        "threshold",
        "Which technicians have more than 20 work orders?",
        Names(
            "SELECT t.name FROM technicians t JOIN work_orders w ON w.technician_id = t.id "
            "GROUP BY t.id HAVING COUNT(*) > 20"
        ),
    ),
    _q(
        "threshold",
        "How many urgent jobs were created in October?",
        wo(f"priority = 'urgent' AND date(created_at) {OCTOBER}"),
    ),
    # Cold try c16-r36: tickets that "came in" then were raised then
    _q(
        "time",
        "how many urgent tickets came in during Q2 2026",
        wo("priority = 'urgent' AND date(created_at) BETWEEN '2026-04-01' AND '2026-06-30'"),
    ),
    _q(
        "threshold",
        "how many technicians make under 35 per hour?",
        techs("hourly_rate < 35"),
    ),
    _q(
        "threshold",
        "Who has any skill at level 5?",
        tech_names(
            "EXISTS (SELECT 1 FROM technician_skills ts WHERE ts.technician_id = t.id "
            "AND ts.level = 5)"
        ),
    ),
    _q(
        "threshold",
        "How many work orders estimated at 2 hours or less?",
        wo("estimated_hours <= 2"),
    ),
    _q(
        "threshold",
        "How many work orders were created between 2026-10-01 and 2026-10-15?",
        wo("date(created_at) BETWEEN '2026-10-01' AND '2026-10-15'"),
    ),
]

RATIOS = [
    _q("ratio", "What percentage of work orders are urgent?", share("w.priority = 'urgent'")),
    _q(
        "ratio",
        "What share of technicians are active?",
        share("status = 'active'", table="technicians"),
    ),
    _q("ratio", "what % of jobs are completed", share("w.status = 'completed'")),
    _q(
        "ratio",
        "What fraction of customers are premium, in percent?",
        share("tier = 'premium'", table="customers"),
    ),
    _q(
        "ratio",
        "percentage of work orders without a technician",
        share("w.technician_id IS NULL"),
    ),
    _q(
        "ratio",
        "What proportion of work orders in the North region are urgent?",
        share("w.priority = 'urgent'", "c.region = 'North'"),
    ),
    _q(
        "ratio",
        "What percentage of technicians are on leave?",
        share("status = 'on_leave'", table="technicians"),
    ),
    _q(
        "ratio",
        "What percentage of cancelled work orders were urgent?",
        share("w.priority = 'urgent'", "w.status = 'cancelled'"),
    ),
    _q(
        "ratio",
        "What share of work orders are for premium customers?",
        share("c.tier = 'premium'"),
    ),
    _q(
        "ratio",
        "What percentage of repairs are high priority?",
        share("w.priority = 'high'", "w.category = 'repair'"),
    ),
    _q(
        "ratio",
        "what percent of technicians know HVAC",
        share(skilled("HVAC"), table="technicians t"),
    ),
    _q(
        "ratio",
        "What percentage of overtime hours were logged by North technicians?",
        Count(
            "SELECT ROUND(100.0 * SUM(CASE WHEN t.region = 'North' THEN s.overtime_hours "
            "ELSE 0 END) / SUM(s.overtime_hours), 1) FROM timesheets s JOIN technicians t "
            "ON t.id = s.technician_id",
            places=1,
        ),
    ),
]

ESTIMATES = [
    _q(
        "estimate",
        "what % of completed work orders ran over the estimate?",
        share("w.actual_hours > w.estimated_hours", "w.status = 'completed'"),
    ),
    _q(
        "estimate",
        "What percentage of jobs went over their estimated hours?",
        share("w.actual_hours > w.estimated_hours", "w.actual_hours IS NOT NULL"),
    ),
    _q(
        "estimate",
        "How many work orders went over their estimated hours?",
        wo("actual_hours > estimated_hours"),
    ),
    _q(
        "estimate",
        "How many jobs took less time than estimated?",
        wo("actual_hours < estimated_hours"),
    ),
    _q(
        "estimate",
        "Total actual vs estimated hours for completed work orders",
        Figures(
            "SELECT SUM(actual_hours), SUM(estimated_hours) FROM work_orders "
            "WHERE status = 'completed'"
        ),
    ),
    _q(
        "estimate",
        "average actual compared to estimated hours for repairs",
        Figures(
            "SELECT AVG(actual_hours), AVG(estimated_hours) FROM work_orders "
            "WHERE category = 'repair' AND actual_hours IS NOT NULL"
        ),
    ),
    _q(
        "estimate",
        "Which category overruns its estimates the most?",
        Names(
            "SELECT category FROM work_orders WHERE actual_hours IS NOT NULL GROUP BY category "
            "ORDER BY AVG(actual_hours - estimated_hours) DESC LIMIT 1",
            "categories",
        ),
    ),
    _q(
        "estimate",
        "By how many hours in total did completed emergency jobs exceed their estimates?",
        Count(
            "SELECT SUM(actual_hours - estimated_hours) FROM work_orders "
            "WHERE category = 'emergency' AND status = 'completed'",
            places=1,
        ),
    ),
    _q(
        "estimate",
        "What is the average difference between actual and estimated hours?",
        Count(
            "SELECT AVG(actual_hours - estimated_hours) FROM work_orders "
            "WHERE actual_hours IS NOT NULL",
            places=1,
        ),
    ),
    _q(
        "estimate",
        "How many urgent jobs exceeded their estimate?",
        wo("priority = 'urgent' AND actual_hours > estimated_hours"),
    ),
    _q(
        "estimate",
        "total estimated hours of open work orders",
        Count("SELECT SUM(estimated_hours) FROM work_orders WHERE status = 'open'", places=1),
    ),
    _q(
        "estimate",
        "actual vs estimated hours for emergency jobs",
        Figures(
            "SELECT SUM(actual_hours), SUM(estimated_hours) FROM work_orders "
            "WHERE category = 'emergency' AND actual_hours IS NOT NULL"
        ),
    ),
]

FOLLOW_UPS = [
    _q(
        "follow_up",
        "And which of them has the most outstanding work orders?",
        tech_names(
            "t.id = (SELECT w.technician_id FROM work_orders w JOIN technicians x "
            "ON x.id = w.technician_id WHERE x.status = 'active' AND w.status IN "
            "('open', 'scheduled', 'in_progress') GROUP BY x.id ORDER BY COUNT(*) DESC LIMIT 1)"
        ),
        "How many technicians are active?",
    ),
    _q(
        "follow_up",
        "And which of them has the most open work orders?",
        tech_names(
            "t.id IN (SELECT w.technician_id FROM work_orders w JOIN technicians x "
            "ON x.id = w.technician_id WHERE x.status = 'active' AND w.status = 'open' "
            "GROUP BY x.id ORDER BY COUNT(*) DESC LIMIT 1)"
        ),
        "How many technicians are active?",
    ),
    _q(
        "follow_up",
        "and in the South?",
        techs("region = 'South'"),
        "How many technicians are in the North region?",
    ),
    _q(
        "follow_up",
        "how many of them are still open?",
        wo("priority = 'urgent' AND status = 'open'"),
        "How many urgent work orders are there?",
    ),
    _q(
        "follow_up",
        "what is his hourly rate?",
        Mentions("SELECT hourly_rate FROM technicians WHERE name = 'Jamal Nguyen'"),
        "Who is the highest paid technician?",
    ),
    _q(
        "follow_up",
        "which of them are active?",
        tech_names("region = 'East' AND status = 'active'"),
        "List the technicians in the East region",
    ),
    _q(
        "follow_up",
        "and standard?",
        count("SELECT COUNT(*) FROM customers WHERE tier = 'standard'"),
        "How many premium customers are there?",
    ),
    _q(
        "follow_up",
        "what about high?",
        wo("priority = 'high'"),
        "How many work orders are urgent?",
    ),
    _q(
        "follow_up",
        "break them down by priority",
        Pairs(f"SELECT w.priority, COUNT(*) {WO_JOIN} WHERE c.region = 'North' GROUP BY 1"),
        "How many work orders are in the North region?",
    ),
    _q(
        "follow_up",
        "who are they?",
        tech_names(skilled("Solar")),
        "How many technicians have the Solar skill?",
    ),
    _q(
        "follow_up",
        "how many work orders are assigned to them?",
        Count(
            "SELECT COUNT(*) FROM work_orders w JOIN technicians t ON t.id = w.technician_id "
            "WHERE t.status = 'on_leave'"
        ),
        "Which technicians are on leave?",
    ),
    _q(
        "follow_up",
        "and how many of those are urgent?",
        wo("status = 'open' AND priority = 'urgent'"),
        "How many open work orders are there?",
    ),
    _q(
        "follow_up",
        "and how many hours did she log last month?",
        Count(
            "SELECT SUM(s.hours) FROM timesheets s JOIN technicians t ON t.id = s.technician_id"
            f" WHERE t.name = 'Olga Mensah' AND s.work_date {SEPTEMBER}",
            places=1,
        ),
        "How many work orders did Olga Mensah complete?",
    ),
    _q(
        "follow_up",
        "what skills does she have?",
        Names(
            "SELECT s.name FROM technician_skills ts JOIN skills s ON s.id = ts.skill_id "
            "JOIN technicians t ON t.id = ts.technician_id WHERE t.name = 'Grace Dubois'",
            "skills",
        ),
        "Tell me about Grace Dubois",
    ),
    _q(
        "follow_up",
        "which of them are premium?",
        Names(
            "SELECT name FROM customers WHERE region = 'Central' AND tier = 'premium'",
            "customers",
        ),
        "How many customers are in the Central region?",
    ),
    _q(
        "follow_up",
        "and in October?",
        wo(f"date(created_at) {OCTOBER}"),
        "How many work orders were created in September?",
    ),
    _q(
        "follow_up",
        "and of inactive ones?",
        Count("SELECT AVG(hourly_rate) FROM technicians WHERE status = 'inactive'", places=2),
        "What is the average hourly rate of active technicians?",
    ),
    _q(
        "follow_up",
        "and how many of those are active?",
        techs("region <> 'West' AND status = 'active'"),
        "How many technicians are not in the West region?",
    ),
    _q(
        "follow_up",
        "compare that with maintenance",
        Pairs(
            "SELECT category, COUNT(*) FROM work_orders "
            "WHERE category IN ('repair', 'maintenance') GROUP BY category"
        ),
        "How many repair jobs are there?",
    ),
    _q(
        "follow_up",
        "what is his hourly rate?",
        Mentions("SELECT hourly_rate FROM technicians WHERE name = 'Marco Chen'"),
        "Tell me about Marco Chen",
    ),
    _q(
        "follow_up",
        "which of them are urgent?",
        Count(
            "SELECT COUNT(*) FROM work_orders WHERE technician_id IS NULL AND priority = 'urgent'"
        ),
        "How many unassigned work orders are there?",
    ),
    _q(
        "follow_up",
        "how many are there?",
        wo("status = 'open' AND priority = 'urgent'"),
        "Show the urgent open work orders",
    ),
    _q(
        "follow_up",
        "what is their average hourly rate?",
        Count("SELECT AVG(hourly_rate) FROM technicians WHERE region = 'East'", places=2),
        "How many technicians are in the East?",
    ),
    _q(
        "follow_up",
        "how many work orders do they have?",
        wo("c.tier = 'premium'"),
        "How many premium customers are there?",
    ),
    _q(
        "follow_up",
        "and her email?",
        Mentions("SELECT email FROM technicians WHERE name = 'Katrin Tanaka'"),
        "When was Katrin Tanaka hired?",
    ),
    _q(
        "follow_up",
        "what about the ones in the West?",
        techs("status = 'active' AND region = 'West'"),
        "How many active technicians are there?",
    ),
    _q(
        "follow_up",
        "and which of those are high priority?",
        wo("status = 'in_progress' AND priority = 'high'"),
        "how many work orders are in progress?",
    ),
    _q(
        "follow_up",
        "and by region?",
        Pairs(f"SELECT c.region, COUNT(*) {WO_JOIN} WHERE w.category = 'emergency' GROUP BY 1"),
        "How many emergency work orders are there?",
    ),
    _q(
        "follow_up",
        "how many of them are not urgent?",
        wo("c.tier = 'premium' AND w.priority <> 'urgent'"),
        "How many work orders are for premium customers?",
    ),
    _q(
        "follow_up",
        "same question for last week",
        Count(
            "SELECT SUM(hours) FROM timesheets WHERE work_date "
            "BETWEEN '2026-10-19' AND '2026-10-25'",
            places=1,
        ),
        "How many hours were logged this week?",
    ),
]

TYPOS = [
    _q("typo", "how many techs in the nrth region", techs("region = 'North'")),
    _q("typo", "HOW MANY URGENT WORKORDERS ARE THERE", wo("priority = 'urgent'")),
    _q("typo", "how many technicans are active", techs("status = 'active'")),
    _q(
        "typo",
        "how many premuim customers do we have",
        count("SELECT COUNT(*) FROM customers WHERE tier = 'premium'"),
    ),
    _q("typo", "list techs with plumbng skills", tech_names(skilled("Plumbing"))),
    _q("typo", "how many WOs are in progress", wo("status = 'in_progress'")),
    _q("typo", "how many hvac techs?", techs(skilled("HVAC"))),
    _q(
        "typo",
        "avg hourly rate for techs in the south",
        Count("SELECT AVG(hourly_rate) FROM technicians WHERE region = 'South'", places=2),
    ),
    _q("typo", "how many emergancy jobs", wo("category = 'emergency'")),
    _q(
        "typo",
        "How many custmers in the west",
        count("SELECT COUNT(*) FROM customers WHERE region = 'West'"),
    ),
    _q(
        "typo",
        "show me olga mensah's skills",
        Names(
            "SELECT s.name FROM technician_skills ts JOIN skills s ON s.id = ts.skill_id "
            "JOIN technicians t ON t.id = ts.technician_id WHERE t.name = 'Olga Mensah'",
            "skills",
        ),
    ),
    _q(
        "typo",
        "what skills does Katrin Tanka have",
        Names(
            "SELECT s.name FROM technician_skills ts JOIN skills s ON s.id = ts.skill_id "
            "JOIN technicians t ON t.id = ts.technician_id WHERE t.name = 'Katrin Tanaka'",
            "skills",
        ),
    ),
    _q("typo", "how many on-leave techs", techs("status = 'on_leave'")),
    _q("typo", "how many jobs r urgent", wo("priority = 'urgent'")),
    _q(
        "typo",
        "whats the avg rate of pay",
        Count("SELECT AVG(hourly_rate) FROM technicians", places=2),
    ),
    _q(
        "typo",
        "hrs logged last wk",
        Count(
            "SELECT SUM(hours) FROM timesheets WHERE work_date "
            "BETWEEN '2026-10-19' AND '2026-10-25'",
            places=1,
        ),
    ),
    _q("typo", "how many ppl are on leave", techs("status = 'on_leave'")),
    _q(
        "typo",
        "how many inspectons were completed",
        wo("category = 'inspection' AND status = 'completed'"),
    ),
    _q("typo", "How Many Technicians Are In The CENTRAL Region?", techs("region = 'Central'")),
    _q("typo", "# of cancelled tickets", wo("status = 'cancelled'")),
    _q("typo", "how many elecricians do we have", techs(skilled("Electrical"))),
    _q(
        "typo",
        "how many instalations are scheduled",
        wo("category = 'installation' AND status = 'scheduled'"),
    ),
]

RANKINGS = [
    _q(
        "ranking",
        "Who is the highest paid technician?",
        Names("SELECT name FROM technicians ORDER BY hourly_rate DESC LIMIT 1"),
    ),
    _q(
        "ranking",
        "Who are the top 3 earners?",
        Names("SELECT name FROM technicians ORDER BY hourly_rate DESC LIMIT 3"),
    ),
    _q(
        "ranking",
        "Which technician has the lowest hourly rate?",
        Names("SELECT name FROM technicians ORDER BY hourly_rate LIMIT 1"),
    ),
    _q(
        "ranking",
        "Which customer has the most work orders?",
        Names(
            "SELECT c.name FROM customers c JOIN work_orders w ON w.customer_id = c.id "
            "GROUP BY c.id ORDER BY COUNT(*) DESC LIMIT 1",
            "customers",
        ),
    ),
    _q(
        "ranking",
        "Who completed the most work orders?",
        Names(
            "SELECT t.name FROM technicians t JOIN work_orders w ON w.technician_id = t.id "
            "WHERE w.status = 'completed' GROUP BY t.id ORDER BY COUNT(*) DESC LIMIT 1"
        ),
    ),
    _q(
        "ranking",
        "Which region has the most open work orders?",
        Names(  # every region tied for first place
            f"SELECT c.region {WO_JOIN} WHERE w.status = 'open' GROUP BY c.region "
            f"HAVING COUNT(*) = (SELECT MAX(n) FROM (SELECT COUNT(*) AS n {WO_JOIN} "
            "WHERE w.status = 'open' GROUP BY c.region))",
            "regions",
        ),
    ),
    _q(
        "ranking",
        "who logged the most overtime last month?",
        Names(
            "SELECT t.name FROM timesheets s JOIN technicians t ON t.id = s.technician_id "
            f"WHERE s.work_date {SEPTEMBER} GROUP BY t.id ORDER BY SUM(s.overtime_hours) DESC "
            "LIMIT 1"
        ),
    ),
    _q(
        "ranking",
        "Which skill is the most common among technicians?",
        Names(
            "SELECT s.name FROM technician_skills ts JOIN skills s ON s.id = ts.skill_id "
            "GROUP BY s.id ORDER BY COUNT(*) DESC LIMIT 1",
            "skills",
        ),
    ),
    _q(
        "ranking",
        "Who was hired most recently?",
        Names("SELECT name FROM technicians ORDER BY hire_date DESC LIMIT 1"),
    ),
    _q(
        "ranking",
        "Who is our longest-serving technician?",
        Names("SELECT name FROM technicians ORDER BY hire_date LIMIT 1"),
    ),
    _q(
        "ranking",
        "Which category has the highest average actual hours?",
        Names(
            "SELECT category FROM work_orders GROUP BY category ORDER BY AVG(actual_hours) DESC "
            "LIMIT 1",
            "categories",
        ),
    ),
    _q(
        "ranking",
        "top 2 customers by number of urgent work orders",
        Pairs(
            "SELECT c.name, COUNT(*) FROM customers c JOIN work_orders w ON w.customer_id = c.id"
            " WHERE w.priority = 'urgent' GROUP BY c.id ORDER BY COUNT(*) DESC LIMIT 2"
        ),
    ),
    _q(
        "ranking",
        "Which technician worked the most hours in September?",
        Names(
            "SELECT t.name FROM timesheets s JOIN technicians t ON t.id = s.technician_id "
            f"WHERE s.work_date {SEPTEMBER} GROUP BY t.id ORDER BY SUM(s.hours) DESC LIMIT 1"
        ),
    ),
    _q(
        "ranking",
        "Which region has the highest average hourly rate?",
        Names(
            "SELECT region FROM technicians GROUP BY region ORDER BY AVG(hourly_rate) DESC LIMIT 1",
            "regions",
        ),
    ),
    _q(
        "ranking",
        "who is the best paid tech in the west",
        Names(
            "SELECT name FROM technicians WHERE region = 'West' ORDER BY hourly_rate DESC LIMIT 1"
        ),
    ),
    _q(
        "ranking",
        "Which active technician has the most open or scheduled work orders?",
        Names(  # every technician tied for first place
            "SELECT t.name FROM technicians t JOIN work_orders w ON w.technician_id = t.id "
            "WHERE t.status = 'active' AND w.status IN ('open', 'scheduled') GROUP BY t.id "
            "HAVING COUNT(*) = (SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM work_orders w "
            "JOIN technicians t ON t.id = w.technician_id WHERE t.status = 'active' "
            "AND w.status IN ('open', 'scheduled') GROUP BY t.id))"
        ),
    ),
    _q(  # cold try c16-r19: a figure of their timesheets, summed for each (it cross-joined)
        "ranking",
        "top 5 techs by overtime hours in october 2026",
        Names(
            "SELECT t.name FROM timesheets s JOIN technicians t ON t.id = s.technician_id "
            f"WHERE s.work_date {OCTOBER} GROUP BY t.id ORDER BY SUM(s.overtime_hours) DESC "
            "LIMIT 5"
        ),
    ),
    _q(
        "ranking",
        "top 3 customers by actual hours",
        Names(
            "SELECT c.name FROM work_orders w JOIN customers c ON c.id = w.customer_id "
            "GROUP BY c.id ORDER BY SUM(w.actual_hours) DESC LIMIT 3",
            "customers",
        ),
    ),
    # customers log no hours of their own
    _q("ranking", "top 5 customers by overtime hours", Refusal()),
]

LOOKUPS = [
    _q(
        "lookup",
        "What is Olga Chen's email?",
        Mentions("SELECT email FROM technicians WHERE name = 'Olga Chen'"),
    ),
    _q(
        "lookup",
        "Tell me about Hiro Sharma",
        Mentions("SELECT region, status, hourly_rate FROM technicians WHERE name = 'Hiro Sharma'"),
    ),
    _q(
        "lookup",
        "What skills does Wen Patel have?",
        Names(
            "SELECT s.name FROM technician_skills ts JOIN skills s ON s.id = ts.skill_id "
            "JOIN technicians t ON t.id = ts.technician_id WHERE t.name = 'Wen Patel'",
            "skills",
        ),
    ),
    _q(
        "lookup",
        "When was Quinn Novak hired?",
        Mentions("SELECT hire_date FROM technicians WHERE name = 'Quinn Novak'"),
    ),
    _q(
        "lookup",
        "What region is Oakridge Data Center in?",
        Mentions("SELECT region FROM customers WHERE name = 'Oakridge Data Center'"),
    ),
    _q(
        "lookup",
        "How many work orders does Old Mill Hotel have?",
        wo("c.name = 'Old Mill Hotel'"),
    ),
    _q(
        "lookup",
        "What is Uma Lindqvist's hourly rate?",
        Mentions("SELECT hourly_rate FROM technicians WHERE name = 'Uma Lindqvist'"),
    ),
    _q(
        "lookup",
        "Is Ben Costa still with us?",
        Mentions("SELECT status FROM technicians WHERE name = 'Ben Costa'"),
    ),
    _q(
        "lookup",
        "What tier is Harborview Medical Center?",
        Mentions("SELECT tier FROM customers WHERE name = 'Harborview Medical Center'"),
    ),
    _q(
        "lookup",
        "How many work orders has Nadia Brennan completed?",
        Count(
            "SELECT COUNT(*) FROM work_orders w JOIN technicians t ON t.id = w.technician_id "
            "WHERE t.name = 'Nadia Brennan' AND w.status = 'completed'"
        ),
    ),
    _q(
        "lookup",
        "Which region does Priya Lindqvist work in?",
        Mentions("SELECT region FROM technicians WHERE name = 'Priya Lindqvist'"),
    ),
    _q(
        "lookup",
        "how many urgent jobs has St. Anne's Hospital had?",
        wo("c.name = 'St. Anne''s Hospital' AND w.priority = 'urgent'"),
    ),
]

PERIODS = [
    # the year written after the second date is the first's too
    _q(
        "time",
        "how many jobs are scheduled between nov 16 and nov 22 2026?",
        wo("w.scheduled_for >= '2026-11-16' AND w.scheduled_for < '2026-11-23'"),
    ),
    _q(
        "time",
        "how many jobs are scheduled between 16 and 20 November 2026?",
        wo("w.scheduled_for >= '2026-11-16' AND w.scheduled_for < '2026-11-21'"),
    ),
    _q(
        "time",
        "How many hours were logged last week?",
        Count(
            "SELECT SUM(hours) FROM timesheets WHERE work_date "
            "BETWEEN '2026-10-19' AND '2026-10-25'",
            places=1,
        ),
    ),
    _q(
        "time",
        "Total overtime in September",
        Count(f"SELECT SUM(overtime_hours) FROM timesheets WHERE work_date {SEPTEMBER}", places=1),
    ),
    _q(
        "time",
        "How many hours did technicians in the East log this month?",
        Count(
            "SELECT SUM(s.hours) FROM timesheets s JOIN technicians t ON t.id = s.technician_id"
            f" WHERE t.region = 'East' AND s.work_date {OCTOBER}",
            places=1,
        ),
    ),
    _q(
        "time",
        "How many work orders were completed in October?",
        wo(f"date(completed_at) {OCTOBER}"),
    ),
    _q(
        "time",
        "How many work orders were created this year?",
        wo("created_at >= '2026-01-01'"),
    ),
    _q(
        "time",
        "How many hours has Marco Chen logged in total?",
        Count(
            "SELECT SUM(s.hours) FROM timesheets s JOIN technicians t ON t.id = s.technician_id"
            " WHERE t.name = 'Marco Chen'",
            places=1,
        ),
    ),
    _q(
        "time",
        "How many work orders are scheduled for next week?",
        wo("date(scheduled_for) BETWEEN '2026-11-02' AND '2026-11-08'"),
    ),
    _q(
        "time",
        "How many jobs were created yesterday?",
        wo("date(created_at) = '2026-10-30'"),
    ),
    _q(
        "time",
        "overtime hours logged by Olga Mensah in October",
        Count(
            "SELECT SUM(s.overtime_hours) FROM timesheets s JOIN technicians t "
            f"ON t.id = s.technician_id WHERE t.name = 'Olga Mensah' AND s.work_date {OCTOBER}",
            places=1,
        ),
    ),
    _q(
        "time",
        "How many urgent work orders were completed last month?",
        wo(f"priority = 'urgent' AND date(completed_at) {SEPTEMBER}"),
    ),
    _q(
        "time",
        "How many work orders were created in the third quarter?",
        wo("date(created_at) BETWEEN '2026-07-01' AND '2026-09-30'"),
    ),
    _q(
        "time",
        "total hours worked by active technicians last month",
        Count(
            "SELECT SUM(s.hours) FROM timesheets s JOIN technicians t ON t.id = s.technician_id"
            f" WHERE t.status = 'active' AND s.work_date {SEPTEMBER}",
            places=1,
        ),
    ),
]

OUT_OF_SCOPE = [
    _q("out_of_scope", "What's the weather like in the North region?", Refusal()),
    _q("out_of_scope", "How many vans does the company own?", Refusal()),
    _q("out_of_scope", "What is the revenue from premium customers?", Refusal()),
    _q("out_of_scope", "Delete all cancelled work orders", Refusal()),
    _q("out_of_scope", "Which technician is the best at customer service?", Refusal()),
    _q("out_of_scope", "What's the average customer satisfaction score?", Refusal()),
    _q("out_of_scope", "how many parking tickets did techs get", Refusal()),
    _q("out_of_scope", "How many technicians are in the Atlantis region?", Refusal()),
    _q("out_of_scope", "Which technicians speak Spanish?", Refusal()),
    _q("out_of_scope", "How much profit did repairs make last month?", Refusal()),
    _q("out_of_scope", "How many technicians have a driving licence?", Refusal()),
]

DOCUMENTS = [
    # the days the asker has left, and how many of them the rule lets them carry over
    _q(
        "documents",
        "I'll have 7 unused vacation days at the end of the year, how many can I carry over?",
        Quote(["Up to 5 unused vacation days may be carried over"], "Vacation entitlement"),
    ),
    # the row a question names in another form of its word ("averaging" of "Averaged hours")
    _q(
        "documents",
        "my hours over the last 4 weeks were 50, 52, 46 and 44. am I over the averaging limit?",
        Quote(
            ["working time must not average more than 48 hours per week"],
            "Limits",
            instead=["a shift may not exceed 10 hours of work"],
        ),
    ),
    # the row of a list of kinds whose example is the asker's case, and no other
    _q(
        "documents",
        "one of the two chillers at the hospital is down but the other one is running, what "
        "priority is that?",
        Quote(
            ["High: a major system is degraded but a workaround exists"],
            "Priority levels",
            instead=["a critical service has failed", "a fault in a single unit"],
        ),
    ),
    _q(
        "documents",
        "what priority do we give a fire alarm fault?",
        Quote(
            ["Urgent: a critical service has failed or there is a safety risk"],
            "Priority levels",
            instead=["a major system is degraded", "minor or cosmetic issues"],
        ),
    ),
    _q(
        "documents",
        "lockout tagout steps",
        Quote(
            ["Apply your personal lock and a signed tag to each isolation point"], "Lockout/tagout"
        ),
    ),
    _q(
        "documents",
        "minimum rest between shifts",
        Quote(["at least 11 consecutive hours of rest between two shifts"], "Rest periods"),
    ),
    _q(
        "documents",
        "How much is overtime paid on a public holiday?",
        Quote(
            ["2 × base hourly rate, plus one day off in lieu"],
            "Overtime rates",
            elsewhere=[
                (
                    "paid at 2× their base hourly rate and receive one day off in lieu",
                    "Public holidays",
                )
            ],
        ),
    ),
    _q(
        "documents",
        "What is the weekly overtime cap?",
        Quote(["no technician may work more than 12 overtime hours in one week"], "Limits"),
    ),
    _q(
        "documents",
        "How many vacation days do full-time employees get?",
        Quote(["25 days of paid vacation"], "Vacation entitlement"),
    ),
    _q(
        "documents",
        "What is the response time for urgent tickets from premium customers?",
        Quote(
            [
                "Premium response: 2 hours",
                "respond to an urgent ticket from a premium customer within 2 hours",
            ],
            "Response and resolution targets",
        ),
    ),
    _q(
        "documents",
        "How much paid sick leave do we get?",
        Quote(["up to 10 days of paid sick leave per year"], "Sick leave"),
    ),
    _q(
        "documents",
        "How long is parental leave for the birth parent?",
        Quote(["16 weeks fully paid for the birth parent"], "Family leave"),
    ),
    _q(
        "documents",
        "What is the minimum rest between two shifts?",
        Quote(["11 consecutive hours of rest"], "Rest periods"),
    ),
    _q(
        "documents",
        "How much is the on-call allowance?",
        Quote(["on-call allowance of $25 per day"], "Overtime rates"),
    ),
    _q(
        "documents",
        "Who has to approve planned overtime?",
        Quote(["approved in advance by the regional service manager"], "Pre-approval"),
    ),
    _q(
        "documents",
        "What service credit do premium customers get when we miss an urgent response target?",
        Quote(
            ["5% of the monthly service fee for each urgent ticket"],
            "Service credits",
            # the escalation policy restates the SLA's credits
            elsewhere=[
                (
                    "5% of the monthly service fee for each missed urgent response target",
                    "Service credits and goodwill",
                )
            ],
        ),
    ),
    _q(
        "documents",
        "How many unused vacation days can be carried over?",
        Quote(["Up to 5 unused vacation days may be carried over"], "Vacation entitlement"),
    ),
    _q(
        "documents",
        "When is a doctor's certificate required?",
        Quote(["required for absences longer than 3 consecutive days"], "Sick leave"),
    ),
    _q(
        "documents",
        "Above what height is fall protection required?",
        Quote(["more than 2 metres above the ground"], "Working at height"),
    ),
    _q(
        "documents",
        "How often are vans serviced?",
        Quote(["every 12 months or 20,000 km"], "Daily checks and servicing"),
    ),
    # "how often" asks for the frequency, not the section headed with the question's words
    _q(
        "documents",
        "how often do I need a lockout/tagout refresher",
        Quote(["refreshers are due every 12 months"], "Training"),
    ),
    _q(
        "documents",
        "how often do managers check the overtime report?",
        # the other limits are not how often the report is reviewed
        Quote(
            ["review the weekly overtime report every Monday"],
            "Limits",
            instead=["12 overtime hours in one week"],
        ),
    ),
    _q(
        "documents",
        "How quickly must a level 2 escalation be acknowledged?",
        Quote(["4 business hours"], "Escalation levels"),
    ),
    _q(
        "documents",
        "What PPE do I need for work on live electrical equipment?",
        Quote(["Arc-flash clothing and face shield"], "Personal protective equipment (PPE)"),
    ),
]

# A tenant's own policy, uploaded through /api/documents before the table is asked: its
# answers must be as good as those of the built-in documents.
TENANT_DOCUMENTS = [
    (
        "Travel and Expenses Policy",
        (Path(__file__).parent / "tenant_expenses_policy.md").read_text(encoding="utf-8"),
    ),
    # a guide with a code block, uploaded as Markdown
    (
        "Remote Diagnostics Guide",
        (Path(__file__).parent / "tenant_diagnostics_guide.md").read_text(encoding="utf-8"),
    ),
]

UPLOADED = [
    _q(
        "uploaded",
        "What's the mileage rate if I use my own car?",
        Quote(["0.45 per kilometre"], "Mileage"),
    ),
    _q(
        "uploaded",
        "is my commute to the depot paid?",
        Quote(
            ["The daily commute between home and the regional depot is not business driving"],
            "Mileage",
        ),
    ),
    _q(
        "uploaded",
        "how much per diem do I get when I stay away overnight?",
        Quote(["per diem of 40 per day"], "Meals and per diem"),
    ),
    _q(
        "uploaded",
        "Can I expense alcohol?",
        Quote(["Alcohol is never reimbursed"], "Meals and per diem"),
    ),
    _q(
        "uploaded",
        "lunch allowance on long day trips",
        Quote(["lunch up to 15"], "Meals and per diem"),
    ),
    _q(
        "uploaded",
        "hotel limit per night in the capital",
        Quote(["or 160 in the capital"], "Hotels"),
    ),
    _q(
        "uploaded",
        "How far ahead do I need to book a hotel?",
        Quote(["at least 3 working days in advance"], "Hotels"),
    ),
    _q(
        "uploaded",
        "How much can I spend on emergency parts without approval?",
        Quote(["up to 200 per job without prior approval"], "Tools and small purchases"),
    ),
    _q(
        "uploaded",
        "Are personal tools reimbursed?",
        Quote(["Personal tools are not reimbursed"], "Tools and small purchases"),
    ),
    _q(
        "uploaded",
        "What is the deadline for submitting expense claims?",
        Quote(["within 30 days of the expense"], "Submitting a claim"),
    ),
    _q(
        "uploaded",
        "When do approved expense claims get paid?",
        Quote(
            ["Claims approved by the 20th of the month are paid with that month's salary"],
            "Submitting a claim",
        ),
    ),
]

# Written after the engine was tuned on the questions above, and measured once before any
# further change: how well an unseen question about the uploaded policy fares.
UPLOADED_UNSEEN = [
    _q(
        "uploaded",
        "who do I ask about expenses?",
        Quote(["Questions go to the finance team"], ""),
    ),
    _q(
        "uploaded",
        "Do I need a receipt for lunch?",
        Quote(["lunch up to 15, with a receipt"], "Meals and per diem"),
    ),
    _q(
        "uploaded",
        "what happens to expense claims older than 90 days",
        Quote(["Late claims older than 90 days are not paid"], "Submitting a claim"),
    ),
    _q(
        "uploaded",
        "Who approves a more expensive hotel room?",
        Quote(["written approval from your regional manager"], "Hotels"),
    ),
    _q(
        "uploaded",
        "what if emergency parts cost more than 200?",
        Quote(["needs approval from the dispatcher by phone"], "Tools and small purchases"),
    ),
    _q(
        "uploaded",
        "Is driving from home to the depot business mileage?",
        Quote(["is not business driving and is not paid"], "Mileage"),
    ),
]

# A second round, written by category (negation on every filterable column, comparisons,
# breakdowns, thresholds, ratios, follow-ups, typos) with the SQL written before asking them.
SECOND_ROUND = [
    _q(
        "negation",
        "how many customers aren't premium",
        count("SELECT COUNT(*) FROM customers WHERE tier <> 'premium'"),
    ),
    _q("negation", "work orders not in the West", wo("c.region <> 'West'")),
    _q("negation", "How many techs are not on leave?", techs("status <> 'on_leave'")),
    _q(
        "negation",
        "how many jobs aren't repairs or installations",
        wo("category NOT IN ('repair', 'installation')"),
    ),
    _q(
        "negation",
        "how many technicians don't have plumbing skills",
        techs(f"NOT {skilled('Plumbing')}"),
    ),
    _q(
        "negation",
        "how many work orders are neither completed nor cancelled",
        wo("status NOT IN ('completed', 'cancelled')"),
    ),
    _q(
        "unassigned", "how many work orders are not assigned to anyone", wo("technician_id IS NULL")
    ),
    _q(
        "comparison",
        "work orders for premium vs standard customers",
        Pairs(f"SELECT c.tier, COUNT(*) {WO_JOIN} GROUP BY c.tier"),
    ),
    _q(
        "comparison",
        "Do we have more technicians in the East or the West?",
        Pairs(
            "SELECT region, COUNT(*) FROM technicians WHERE region IN ('East', 'West') GROUP BY 1"
        ),
    ),
    _q(
        "comparison",
        "compare the average hourly rate of active and on leave technicians",
        Pairs(
            "SELECT status, AVG(hourly_rate) FROM technicians "
            "WHERE status IN ('active', 'on_leave') GROUP BY 1",
            places=2,
        ),
    ),
    _q(
        "breakdown",
        "number of customers per tier",
        Pairs("SELECT tier, COUNT(*) FROM customers GROUP BY 1"),
    ),
    _q(
        "breakdown",
        "how many cancelled work orders per category",
        Pairs("SELECT category, COUNT(*) FROM work_orders WHERE status = 'cancelled' GROUP BY 1"),
    ),
    _q(
        "breakdown",
        "total overtime by technician region",
        Pairs(
            "SELECT t.region, SUM(s.overtime_hours) FROM timesheets s "
            "JOIN technicians t ON t.id = s.technician_id GROUP BY 1",
            places=1,
        ),
    ),
    _q("threshold", "how many technicians earn at least 45 an hour", techs("hourly_rate >= 45")),
    _q("threshold", "work orders estimated at more than 6 hours", wo("estimated_hours > 6")),
    _q(
        "threshold",
        "techs with Electrical at level 4 or above",
        tech_names(skilled("Electrical", ">= 4")),
    ),
    _q(
        "threshold",
        "how many technicians were hired before 2020",
        techs("hire_date < '2020-01-01'"),
    ),
    _q(
        "threshold",
        "how many work orders were created after October 15, 2026",
        wo("w.created_at >= '2026-10-16'"),
    ),
    _q(
        "ratio",
        "what percentage of customers are in the South",
        share("region = 'South'", table="customers"),
    ),
    _q(
        "ratio",
        "what % of urgent work orders are still open",
        share("w.status = 'open'", "w.priority = 'urgent'"),
    ),
    _q(
        "ratio",
        "what share of technicians work in the East region",
        share("region = 'East'", table="technicians"),
    ),
    _q(
        "ratio",
        "what % of urgent jobs are in the West",
        share("c.region = 'West'", "w.priority = 'urgent'"),
    ),
    _q(
        "ratio",
        "percentage of technicians who are inactive",
        share("status = 'inactive'", table="technicians"),
    ),
    _q(
        "follow_up",
        "which of them are active?",
        tech_names("region = 'South' AND status = 'active'"),
        "How many technicians are in the South?",
    ),
    _q(
        "follow_up",
        "and when were they hired?",
        Mentions("SELECT hire_date FROM technicians ORDER BY hourly_rate ASC LIMIT 1"),
        "Who is the lowest paid technician?",
    ),
    _q(
        "follow_up",
        "and how many are high priority?",
        wo("priority = 'high' AND status = 'open'"),
        "How many urgent work orders are open?",
    ),
    _q(
        "follow_up",
        "how many work orders do they have?",
        wo("c.tier = 'premium' AND c.region = 'North'"),
        "List the premium customers in the North",
    ),
    _q("typo", "how many tecnicians in the Cental region", techs("region = 'Central'")),
    _q("typo", "how many urgnt work orders", wo("priority = 'urgent'")),
    _q(
        "typo",
        "avg hourly rate of techs in the north",
        Count("SELECT AVG(hourly_rate) FROM technicians WHERE region = 'North'", places=2),
    ),
    _q("typo", "how many jobs r in progress", wo("status = 'in_progress'")),
    _q("typo", "HVAC techs in the EAST", tech_names(f"region = 'East' AND {skilled('HVAC')}")),
]


# A third round (session 9), written from the cold tries' findings and by category; the SQL
# was written before the questions were asked.
def per_group(group: str, where: str, having: str) -> str:
    """The `group` values whose work orders matching `where` number `having` ("> 3")."""
    return (
        f"SELECT {group} FROM work_orders w JOIN customers c ON c.id = w.customer_id "
        f"LEFT JOIN technicians t ON t.id = w.technician_id WHERE {where} "
        f"GROUP BY {group} HAVING COUNT(*) {having}"
    )


THIRD_ROUND = [
    _q(
        "threshold",
        "Which customers have more than 3 urgent work orders?",
        count("SELECT COUNT(*) FROM (" + per_group("c.name", "w.priority = 'urgent'", "> 3") + ")"),
    ),
    _q(
        "threshold",
        "which customers have 3 or more urgent jobs",
        Names(per_group("c.name", "w.priority = 'urgent'", ">= 3"), "customers"),
    ),
    _q(
        "threshold",
        "which techs have more than 20 completed work orders",
        Names(per_group("t.name", "w.status = 'completed' AND t.id IS NOT NULL", "> 20")),
    ),
    _q(
        "threshold",
        "regions with at least 7 urgent work orders",
        Names(per_group("c.region", "w.priority = 'urgent'", ">= 7"), "regions"),
    ),
    _q(
        "threshold",
        "premium customers with 2 or more cancelled jobs",
        Names(
            per_group("c.name", "w.status = 'cancelled' AND c.tier = 'premium'", ">= 2"),
            "customers",
        ),
    ),
]

OLGA_AND_HIRO_RATES = Pairs(
    "SELECT name, hourly_rate FROM technicians WHERE name IN ('Olga Mensah', 'Hiro Sharma')",
    places=2,
)

BLIND_ROUND_CATEGORIES = [
    _q(
        "unassigned",
        "How many work orders have nobody assigned to them?",
        wo("w.technician_id IS NULL"),
    ),
    _q(
        "breakdown",
        "For each active technician, how many work orders have they completed?",
        Pairs(
            "SELECT t.name, COUNT(*) FROM work_orders w JOIN technicians t "
            "ON t.id = w.technician_id WHERE w.status = 'completed' AND t.status = 'active' "
            "GROUP BY t.id"
        ),
    ),
    _q(
        "negation",
        "how many work orders in the North that aren't completed",
        wo("c.region = 'North' AND w.status <> 'completed'"),
    ),
    _q(
        "typo",
        "how many techs r active in the nroth",
        techs("status = 'active' AND region = 'North'"),
    ),
    _q(
        "typo",
        "How many custmoers are premium",
        count("SELECT COUNT(*) FROM customers WHERE tier = 'premium'"),
    ),
    _q(
        "threshold",
        "Which technicians were hired after the start of 2024?",
        tech_names("hire_date >= '2024-01-01'"),
    ),
    _q(
        "time",
        "how many work orders were completed after October 1, 2026",
        wo("w.completed_at >= '2026-10-02'"),
    ),
    _q(
        "estimate",
        "How many jobs took longer than estimated?",
        wo("actual_hours > estimated_hours"),
    ),
    _q(
        "estimate",
        "what percent of completed jobs took longer than estimated",
        share("w.actual_hours > w.estimated_hours", "w.status = 'completed'"),
    ),
    _q("estimate", "jobs that took longer", Refusal()),
    _q(
        "comparison",
        "Do we have more urgent or more high priority work orders?",
        Pairs(
            "SELECT priority, COUNT(*) FROM work_orders "
            "WHERE priority IN ('urgent', 'high') GROUP BY 1"
        ),
    ),
    _q(
        "comparison",
        "Who earns more per hour, Olga Mensah or Hiro Sharma?",
        OLGA_AND_HIRO_RATES,
    ),
    _q(
        "comparison",
        "who earns more, Grace Dubois or Wen Patel",
        Pairs(
            "SELECT name, hourly_rate FROM technicians WHERE name IN ('Grace Dubois', 'Wen Patel')",
            places=2,
        ),
    ),
    _q(
        "comparison",
        "is Hiro Sharma paid more than Olga Mensah",
        OLGA_AND_HIRO_RATES,
    ),
    _q(
        "comparison",
        "who has more work orders, Olga Mensah or Hiro Sharma",
        Pairs(
            "SELECT t.name, COUNT(*) FROM work_orders w "
            "JOIN technicians t ON t.id = w.technician_id "
            "WHERE t.name IN ('Olga Mensah', 'Hiro Sharma') GROUP BY t.id"
        ),
    ),
    _q(
        "follow_up",
        "Which of those are for premium customers?",
        Names(
            "SELECT c.name FROM work_orders w JOIN customers c ON c.id = w.customer_id "
            "WHERE w.priority = 'urgent' AND w.status = 'open' AND c.tier = 'premium'",
            "customers",
        ),
        "Show me the urgent work orders that are still open",
    ),
    _q(
        "follow_up",
        "and how many of them are for standard customers",
        wo("w.priority = 'urgent' AND w.status = 'open' AND c.tier = 'standard'"),
        "list the open urgent jobs",
    ),
    _q(
        "follow_up",
        "And how many work orders has he completed?",
        count(
            "SELECT COUNT(*) FROM work_orders WHERE status = 'completed' AND technician_id = "
            "(SELECT id FROM technicians ORDER BY hourly_rate DESC LIMIT 1)"
        ),
        "Who is our highest paid technician?",
        "Which region is he in?",
    ),
]

THIRD_ROUND_DOCUMENTS = [
    _q(
        "documents",
        "What does the overtime policy say about weekends?",
        Quote(["works 5 hours on Saturday is paid those 5 hours at 1.5×"], "Overtime rates"),
    ),
    _q(
        "documents",
        "How many hours of rest do techs need between two shifts?",
        Quote(["at least 11 consecutive hours of rest between two shifts"], "Rest periods"),
    ),
    _q(
        "documents",
        "how many days notice do I need to give for a week of vacation",
        Quote(["at least 4 weeks ahead for 4 or more consecutive days"], "How to request vacation"),
    ),
    _q(
        "documents",
        "Can a technician refuse a job if they feel unsafe?",
        Quote(["the authority and the duty to stop work that is unsafe"], "Stop-work authority"),
    ),
    _q(
        "documents",
        "What is the escalation path when a premium customer complains?",
        Quote(["any premium complaint"], "Escalation levels", related=["Handling a complaint"]),
    ),
    _q(
        "documents",
        "How many vacation days do I get?",
        Quote(["25 days of paid vacation"], "Vacation entitlement"),
    ),
]

UPLOADED_GUIDE = [
    _q(
        "uploaded",
        "How do I connect to a customer controller?",
        Quote(["Connect to the customer VPN first"], "Connecting to a controller"),
    ),
    _q(
        "uploaded",
        "which command runs the full diagnostics?",
        Quote(["sudo diag --full"], "Connecting to a controller"),
    ),
    _q(
        "uploaded",
        "what does a WARN result mean?",
        Quote(["needs a visit within 5 business days"], "Reading the results"),
    ),
    _q(
        "uploaded",
        "what happens if the login fails three times",
        Quote(["locks the account for 15 minutes"], "Connecting to a controller"),
    ),
    _q(
        "uploaded",
        "how long do we keep diagnostics logs",
        Quote(["Logs are kept for 12 months"], "Keeping records"),
    ),
]

# Thirty written by a field-service manager's lights (session 9), in the categories the rows
# above cover thinly, with each expectation worked out before the question was first asked.
FIELD_MANAGER = [
    _q(
        "time",
        "how many jobs are booked for next week",
        wo("w.scheduled_for >= '2026-11-02' AND w.scheduled_for < '2026-11-09'"),
    ),
    _q(
        "time",
        "urgent tickets opened this month",
        wo(
            "w.priority = 'urgent' AND w.created_at >= '2026-10-01' AND w.created_at < '2026-11-01'"
        ),
    ),
    _q("threshold", "techs hired before 2018", techs("hire_date < '2018-01-01'")),
    _q("threshold", "how many techs were hired since 2025", techs("hire_date >= '2025-01-01'")),
    _q(
        "lookup",
        "whats the avg pay of techs on leave",
        Count("SELECT AVG(hourly_rate) FROM technicians WHERE status = 'on_leave'", places=2),
    ),
    _q(
        "negation",
        "how many East jobs aren't completed or cancelled",
        wo("c.region = 'East' AND w.status NOT IN ('completed', 'cancelled')"),
    ),
    _q(
        "ratio",
        "what % of northern customers are premium",
        share("tier = 'premium'", "region = 'North'", table="customers"),
    ),
    _q(
        "time",
        "total overtime logged in September 2026",
        Count(
            "SELECT SUM(overtime_hours) FROM timesheets "
            "WHERE work_date >= '2026-09-01' AND work_date < '2026-10-01'",
            places=1,
        ),
    ),
    _q(
        "estimate",
        "by how many hours did repairs overrun in total",
        Count(
            "SELECT SUM(actual_hours - estimated_hours) FROM work_orders "
            "WHERE category = 'repair' AND actual_hours IS NOT NULL",
            places=1,
        ),
    ),
    _q(
        "estimate",
        "how many installations took less time than estimated",
        wo("w.category = 'installation' AND w.actual_hours < w.estimated_hours"),
    ),
    _q(
        "lookup",
        "what's Wen Patel's email",
        Mentions("SELECT email FROM technicians WHERE name = 'Wen Patel'"),
    ),
    _q(
        "unassigned",
        "which techs have never been assigned a job",
        tech_names("NOT EXISTS (SELECT 1 FROM work_orders w WHERE w.technician_id = t.id)"),
    ),
    _q(
        "breakdown",
        "active techs by region",
        Pairs("SELECT region, COUNT(*) FROM technicians WHERE status = 'active' GROUP BY 1"),
    ),
    _q(
        "comparison",
        "compare average pay for active and inactive techs",
        Pairs(
            "SELECT status, AVG(hourly_rate) FROM technicians "
            "WHERE status IN ('active', 'inactive') GROUP BY 1",
            places=2,
        ),
    ),
    _q(
        "follow_up",
        "and how many of them are premium?",
        count("SELECT COUNT(*) FROM customers WHERE region = 'West' AND tier = 'premium'"),
        "how many customers are in the West?",
    ),
    _q(
        "follow_up",
        "what's her hourly rate",
        Count(
            "SELECT t.hourly_rate FROM technicians t JOIN work_orders w ON w.technician_id = t.id "
            "WHERE w.status = 'completed' GROUP BY t.id ORDER BY COUNT(*) DESC LIMIT 1",
            places=2,
        ),
        "Who has the most completed jobs?",
    ),
    _q(
        "typo",
        "how many plumbers in the sotuh",
        techs(f"region = 'South' AND {skilled('Plumbing')}"),
    ),
    _q(
        "typo",
        "how many tix are still pending",
        wo("w.status IN ('open', 'scheduled', 'in_progress')"),
    ),
    _q("out_of_scope", "whats the average customer rating", Refusal()),
    _q("out_of_scope", "how many vans do we own", Refusal()),
    _q(
        "documents",
        "can I use the company van to go shopping?",
        Quote(
            ["personal use of the van (shopping, holidays, moving house) is not"],
            "Taking the van home",
        ),
    ),
    _q(
        "documents",
        "how often do I need a break when driving",
        Quote(
            ["Take a break of at least 15 minutes after every 2 hours of driving"],
            "Driving rules",
            elsewhere=[
                ("Driving for more than 2 hours without a break is not allowed", "Rest periods")
            ],
        ),
    ),
    _q(
        "documents",
        "what's the resolution target for a high priority ticket from a standard customer?",
        Quote(["Standard resolution: 3 business days"], "Response and resolution targets"),
    ),
    _q(
        "documents",
        "do standard customers get service credits?",
        Quote(["Standard contracts do not include service credits"], "Service credits"),
    ),
    _q(
        "documents",
        "what's the max goodwill gesture a regional manager can offer",
        Quote(["goodwill gesture of up to $500"], "Service credits and goodwill"),
    ),
    _q(
        "documents",
        "how often must we update a customer during an urgent escalation",
        Quote(["update the customer at least every 2 hours"], "Keeping the customer informed"),
    ),
    _q(
        "documents",
        "how much bereavement leave do I get if my father dies",
        Quote(["5 paid days for a partner, child, parent or sibling"], "Family leave"),
    ),
    _q(
        "documents",
        "how long must the fire watch last after hot work",
        Quote(["keep a fire watch for 60 minutes after finishing"], "Hot work"),
    ),
    _q(
        "documents",
        "when must a serious injury be reported",
        Quote(["reported to the Health and Safety Manager within 1 hour"], "Incident reporting"),
    ),
    _q(
        "documents",
        "how much time off in lieu do I get per overtime hour",
        Quote(["1.5 hours off for each overtime hour worked"], "Time off in lieu"),
    ),
]

# Written in session 11 by a field-service manager's hand, before the engine was changed.
FOURTH_ROUND = [
    _q(
        "threshold",
        "Which regions have fewer than 5 technicians?",
        Names(
            "SELECT region FROM technicians GROUP BY region HAVING COUNT(*) < 5",
            universe="regions",
        ),
    ),
    _q(
        "threshold",
        "which priorities have fewer than 70 open jobs",
        # a priority with no open job at all still has fewer than 70
        Pairs(
            "SELECT priority, SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END) FROM work_orders "
            "GROUP BY priority"
        ),
    ),
    _q(
        "threshold",
        "regions with less than 60 work orders",
        Names(
            f"SELECT c.region {WO_JOIN} GROUP BY c.region HAVING COUNT(*) < 60",
            universe="regions",
        ),
    ),
    _q(
        "threshold",
        "which job categories have at most 45 work orders",
        Names(
            "SELECT category FROM work_orders GROUP BY category HAVING COUNT(*) <= 45",
            universe="categories",
        ),
    ),
    _q(
        "documents",
        "How many days of annual leave do technicians get?",
        Quote(["25 days of paid vacation"], "Vacation entitlement"),
    ),
    _q(
        "documents",
        "how much PTO does a full-timer get",
        Quote(["25 days of paid vacation"], "Vacation entitlement"),
    ),
    # the named policy says nothing of work orders; another document's passage is no answer
    _q("uploaded", "what does our expenses policy say about work orders", Refusal()),
    _q(
        "uploaded",
        "what does the expenses policy say about hotels",
        Quote(["The nightly limit is 120"], "Hotels"),
    ),
    _q(
        "documents",
        "what does the leave policy say about sick days",
        Quote(["up to 10 days of paid sick leave per year"], "Sick leave"),
    ),
    _q(
        "ratio",
        "what's the ratio of urgent to low priority jobs",
        Pairs(
            "SELECT priority, COUNT(*) FROM work_orders WHERE priority IN ('urgent', 'low') "
            "GROUP BY priority"
        ),
    ),
    _q(
        "ratio",
        "Ratio of completed to cancelled work orders?",
        # 250 completed to 21 cancelled: 11.9 to 1
        Figures(
            "SELECT ROUND(1.0 * SUM(status = 'completed') / SUM(status = 'cancelled'), 1) "
            "FROM work_orders"
        ),
    ),
    _q(
        "threshold",
        "how many jobs scheduled before 2026-11-05 are still in progress",
        wo("w.status = 'in_progress' AND w.scheduled_for < '2026-11-05'"),
    ),
]

# The cold try of session 11 (c16-r2): what it got wrong or refused, and variants of each.
FIFTH_ROUND = [
    _q(
        "threshold",
        "techs with fewer than 10 WOs",
        # a technician with no work order at all has fewer than 10
        Names(
            "SELECT t.name FROM technicians t WHERE "
            "(SELECT COUNT(*) FROM work_orders w WHERE w.technician_id = t.id) < 10"
        ),
    ),
    _q(
        "threshold",
        "customers with fewer than 3 urgent work orders",
        Names(
            "SELECT c.name FROM customers c WHERE (SELECT COUNT(*) FROM work_orders w "
            "WHERE w.customer_id = c.id AND w.priority = 'urgent') < 3",
            universe="customers",
        ),
    ),
    _q(
        "threshold",
        "which technicians in the North have less than 20 jobs",
        Names(
            "SELECT t.name FROM technicians t WHERE t.region = 'North' AND "
            "(SELECT COUNT(*) FROM work_orders w WHERE w.technician_id = t.id) < 20"
        ),
    ),
    _q("typo", "how mnay open work orders are there", wo("w.status = 'open'")),
    _q(
        "negation",
        "technicians in the South but are not inactive",
        tech_names("t.region = 'South' AND t.status <> 'inactive'"),
    ),
    # "but" without a negation may exclude what follows: answered only if read as exclusion
    _q("negation", "all work orders but the urgent ones", wo("w.priority <> 'urgent'")),
    _q(
        "ranking",
        "cheapest tech by hourly rate",
        tech_names("t.hourly_rate = (SELECT MIN(hourly_rate) FROM technicians)"),
    ),
    _q(
        "comparison",
        "compare the workload of Rosa Ferreira and Hiro Sharma",
        Pairs(
            "SELECT t.name, COUNT(w.id) FROM technicians t LEFT JOIN work_orders w "
            "ON w.technician_id = t.id AND w.status IN ('open', 'scheduled', 'in_progress') "
            "WHERE t.name IN ('Rosa Ferreira', 'Hiro Sharma') GROUP BY t.name"
        ),
    ),
    _q(
        "follow_up",
        "which of them is on leave",
        tech_names("t.name IN ('Rosa Ferreira', 'Hiro Sharma') AND t.status = 'on_leave'"),
        "compare the workload of Rosa Ferreira and Hiro Sharma",
    ),
    _q(
        "follow_up",
        "and which of them are active?",
        tech_names("t.name IN ('Olga Chen', 'Marco Chen') AND t.status = 'active'"),
        "how many work orders do Olga Chen and Marco Chen have",
    ),
    _q(
        "follow_up",
        "what is her hourly rate",
        # the ranking's first technician, unassigned work orders being nobody's
        Figures(
            "SELECT t.hourly_rate FROM technicians t WHERE t.id = (SELECT technician_id "
            "FROM work_orders WHERE priority = 'urgent' AND technician_id IS NOT NULL "
            "GROUP BY technician_id ORDER BY COUNT(*) DESC LIMIT 1)",
        ),
        "who has the most urgent work orders",
    ),
]

# The cold try of session 13 (c16-r3): totals said of their owners, rows their owners had,
# a record question that shares a policy's words, and a rule asked with abbreviations.
OVERTIME_TOTAL = (
    "SELECT t.name FROM technicians t WHERE (SELECT COALESCE(SUM(s.overtime_hours), 0) "
    "FROM timesheets s WHERE s.technician_id = t.id) {op} {value}"
)
SIXTH_ROUND = [
    _q(
        "threshold",
        "Which technicians logged more than 10 overtime hours in total?",
        Names(OVERTIME_TOTAL.format(op=">", value=10)),
    ),
    _q(
        "follow_up",
        "what regions are they in?",
        Names(OVERTIME_TOTAL.format(op=">", value=10)),
        "Which technicians logged more than 10 overtime hours in total?",
    ),
    _q(
        "threshold",
        "which technicians have more than 4 overtime hours",
        Names(OVERTIME_TOTAL.format(op=">", value=4)),
    ),
    _q(
        "threshold",
        "techs with under 5 hrs of overtime",
        Names(OVERTIME_TOTAL.format(op="<", value=5)),
    ),
    _q(
        "threshold",
        "technicians who worked more than 150 hours last month",
        Names(
            "SELECT t.name FROM technicians t WHERE (SELECT SUM(s.hours) FROM timesheets s "
            "WHERE s.technician_id = t.id AND s.work_date >= '2026-09-01' "
            "AND s.work_date < '2026-10-01') > 150"
        ),
    ),
    _q(
        "threshold",
        "customers with more than 60 actual hours of work orders",
        Names(
            "SELECT c.name FROM customers c WHERE (SELECT SUM(w.actual_hours) FROM work_orders w "
            "WHERE w.customer_id = c.id) > 60",
            universe="customers",
        ),
    ),
    _q(
        "lookup",
        "Which standard-tier customers had urgent work orders created in October 2026?",
        Names(
            f"SELECT DISTINCT c.name {WO_JOIN} WHERE c.tier = 'standard' AND w.priority = "
            "'urgent' AND w.created_at >= '2026-10-01' AND w.created_at < '2026-11-01'",
            universe="customers",
        ),
    ),
    _q(
        "lookup",
        "technicians with cancelled work orders",
        Names(
            "SELECT DISTINCT t.name FROM work_orders w JOIN technicians t "
            "ON t.id = w.technician_id WHERE w.status = 'cancelled'"
        ),
    ),
    _q(
        "estimate",
        "Which completed work orders went more than 3 hours over the estimate?",
        wo("w.status = 'completed' AND w.actual_hours - w.estimated_hours > 3"),
    ),
    _q(
        "estimate",
        "how many jobs ran over their estimate by more than 2 hours",
        wo("w.actual_hours - w.estimated_hours > 2"),
    ),
    _q(
        "estimate",
        "work orders more than 3 hours over estimate",
        wo("w.actual_hours - w.estimated_hours > 3"),
    ),
    _q("out_of_scope", "How much did we spend on fuel for the vans last month?", Refusal()),
    _q(
        "documents",
        "How far in advance do I need to request 5 consecutive days of vacation?",
        Quote(["at least 4 weeks ahead for 4 or more consecutive days"], "How to request vacation"),
    ),
    _q(
        "ranking",
        "who has the highest skill level in HVAC",
        tech_names(
            skilled(
                "HVAC",
                "= (SELECT MAX(ts2.level) FROM technician_skills ts2 "
                "JOIN skills s2 ON s2.id = ts2.skill_id WHERE s2.name = 'HVAC')",
            )
        ),
    ),
    _q(
        "ranking",
        "which technician has the lowest level in Electrical",
        tech_names(
            skilled(
                "Electrical",
                "= (SELECT MIN(ts2.level) FROM technician_skills ts2 "
                "JOIN skills s2 ON s2.id = ts2.skill_id WHERE s2.name = 'Electrical')",
            )
        ),
    ),
    _q(
        "follow_up",
        "what are their hourly rates",
        # the top 3 and those level with the third (level 3 or more)
        Pairs(
            "SELECT t.name, t.hourly_rate FROM technicians t JOIN technician_skills ts "
            "ON ts.technician_id = t.id JOIN skills s ON s.id = ts.skill_id "
            "WHERE s.name = 'Plumbing' AND ts.level >= 3",
            places=2,
        ),
        "top 3 technicians by plumbing level",
    ),
    _q(
        "lookup",
        "techs hired since 2024 and their regions",
        tech_names("t.hire_date >= '2024-01-01'"),
    ),
    _q(
        "follow_up",
        "which technician had the most in September?",
        # the figure of the conversation (overtime hours), now per technician
        tech_names(
            "t.id = (SELECT s.technician_id FROM timesheets s WHERE s.work_date "
            f"{SEPTEMBER} GROUP BY s.technician_id ORDER BY SUM(s.overtime_hours) DESC LIMIT 1)"
        ),
        "Total overtime hours in October 2026 per region",
        "and in September?",
    ),
    _q(
        "negation",
        "technicians excluding those in the North",
        tech_names("t.region <> 'North'"),
    ),
    _q(
        "negation",
        "how many work orders except those that are urgent",
        wo("w.priority <> 'urgent'"),
    ),
    _q(
        "negation",
        "all technicians except those who are inactive",
        tech_names("t.status <> 'inactive'"),
    ),
    _q(
        "documents",
        "what is the max overtime hrs a tech can work in one week?",
        Quote(["no technician may work more than 12 overtime hours in one week"], "Limits"),
    ),
]

# From the fifth blind try (c16-r5): shares ranked and broken down, the number of rows a
# ranking asks for, contractions without their apostrophe, "each" after a comparison, "his" two
# turns after the person was named, and a follow-up on some people's skills.
CANCELLED_SHARE_BY_REGION = (
    "SELECT c.region, ROUND(100.0 * SUM(CASE WHEN w.status = 'cancelled' THEN 1 ELSE 0 END)"
    f" / COUNT(*), 1) {WO_JOIN} GROUP BY c.region"
)
SEVENTH_ROUND = [
    _q(
        "ratio",
        "what percentage of work orders are cancelled per region",
        Pairs(CANCELLED_SHARE_BY_REGION, places=1),
    ),
    _q(
        "ranking",
        "which region has the highest share of cancelled work orders",
        Names(f"{CANCELLED_SHARE_BY_REGION} ORDER BY 2 DESC LIMIT 1", universe="regions"),
    ),
    _q(
        "ranking",
        "which technician has the highest share of urgent work orders",
        Names(
            "SELECT t.name FROM technicians t JOIN work_orders w ON w.technician_id = t.id"
            " GROUP BY t.id ORDER BY 100.0 * SUM(CASE WHEN w.priority = 'urgent' THEN 1"
            " ELSE 0 END) / COUNT(*) DESC LIMIT 1"
        ),
    ),
    _q(
        "ranking",
        "which region has the highest share of urgent work orders among premium customers",
        Names(
            "SELECT c.region FROM work_orders w JOIN customers c ON c.id = w.customer_id"
            " WHERE c.tier = 'premium' GROUP BY c.region ORDER BY 100.0 * SUM(CASE WHEN"
            " w.priority = 'urgent' THEN 1 ELSE 0 END) / COUNT(*) DESC LIMIT 1",
            universe="regions",
        ),
    ),
    _q(
        "ranking",
        "which 3 customers have the lowest percentage of completed work orders",
        Names(
            "SELECT c.name FROM customers c JOIN work_orders w ON w.customer_id = c.id"
            " GROUP BY c.id ORDER BY 100.0 * SUM(CASE WHEN w.status = 'completed' THEN 1"
            " ELSE 0 END) / COUNT(*) ASC LIMIT 3",
            universe="customers",
        ),
    ),
    _q(
        "unassigned",
        "how many work orders dont have a tech assigned",
        wo("w.technician_id IS NULL"),
    ),
    _q(
        "breakdown",
        "work orders by status pls",
        Pairs("SELECT status, COUNT(*) FROM work_orders GROUP BY status"),
    ),
    _q(
        "comparison",
        "urgent vs high priority: how many completed WOs each?",
        Pairs(
            "SELECT priority, COUNT(*) FROM work_orders WHERE status = 'completed'"
            " AND priority IN ('urgent', 'high') GROUP BY priority"
        ),
    ),
    _q(
        "follow_up",
        "how many of his WOs ran over the estimate?",
        count(
            "SELECT COUNT(*) FROM work_orders w WHERE w.actual_hours > w.estimated_hours"
            " AND w.technician_id = (SELECT id FROM technicians WHERE region = 'West'"
            " ORDER BY hourly_rate DESC LIMIT 1)"
        ),
        "who's the highest paid tech in the West?",
        "what skills does he have?",
    ),
    _q(
        "documents",
        "how many vacation days do I get after 6 yrs?",
        Quote(["Entitlement rises by 1 day after 5 years of service"], "Vacation entitlement"),
    ),
    _q(
        "documents",
        "whats the OT rate if I work more than 10 hrs on an emergency call out?",
        Quote(["Hours over 10 in a single day (emergency call-outs only)"], "Overtime rates"),
    ),
    _q(
        "ratio",
        "what's the ratio of premium to standard customers?",
        Figures(
            "SELECT ROUND(1.0 * SUM(tier = 'premium') / SUM(tier = 'standard'), 2) FROM customers",
            places=2,
        ),
    ),
    _q(
        "follow_up",
        "who logged the most?",
        Names(
            "SELECT t.name FROM technicians t JOIN timesheets s ON s.technician_id = t.id"
            f" WHERE s.work_date {SEPTEMBER} GROUP BY t.id ORDER BY SUM(s.hours) DESC LIMIT 1"
        ),
        "total hours logged last month",
    ),
    _q(
        "documents",
        "and how many of them can be carried over?",
        Quote(["Up to 5 unused vacation days may be carried over"], "Vacation entitlement"),
        "how many vacation days do full-time employees get?",
    ),
    _q(
        "follow_up",
        "which of them are in the North?",
        Refusal(),
        "how many vacation days do full-time employees get?",
    ),
    _q(
        "count",
        "and how many technicians are on leave?",
        techs("t.status = 'on_leave'"),
        "how many vacation days do full-time employees get?",
    ),
    _q(
        "negation",
        "which technicians have never logged a timesheet?",
        tech_names("NOT EXISTS (SELECT 1 FROM timesheets s WHERE s.technician_id = t.id)"),
    ),
    _q(
        "negation",
        "how many technicians have no timesheets?",
        techs("NOT EXISTS (SELECT 1 FROM timesheets s WHERE s.technician_id = t.id)"),
    ),
    _q(
        "lookup",
        "is there anybody in West who has HVAC?",
        tech_names(f"t.region = 'West' AND {skilled('HVAC')}"),
    ),
    _q(
        "documents",
        "max overtime hrs allowed per week?",
        Quote(["no technician may work more than 12 overtime hours in one week"], "Limits"),
    ),
    _q(
        "follow_up",
        "when were they hired?",
        Mentions(
            "SELECT MIN(hire_date), MAX(hire_date) FROM technicians"
            " WHERE status = 'inactive' AND region = 'Central'"
        ),
        "list inactive technicians in Central",
        "how many work orders are assigned to those techs?",
    ),
    _q(
        "lookup",
        "what is Marco Chen's skill level?",
        Names(
            "SELECT k.name FROM skills k JOIN technician_skills ts ON ts.skill_id = k.id"
            " JOIN technicians t ON t.id = ts.technician_id WHERE t.name = 'Marco Chen'",
            universe="skills",
        ),
    ),
    _q(
        "follow_up",
        "what is his skill level?",
        Names(
            "SELECT k.name FROM skills k JOIN technician_skills ts ON ts.skill_id = k.id"
            " JOIN technicians t ON t.id = ts.technician_id WHERE t.name = 'Marco Chen'",
            universe="skills",
        ),
        "who is Marco Chen?",
    ),
    _q(
        "ranking",
        "which technician has the second highest hourly rate",
        tech_names(
            "t.hourly_rate = (SELECT hourly_rate FROM technicians ORDER BY hourly_rate DESC"
            " LIMIT 1 OFFSET 1)"
        ),
    ),
    _q(
        "ranking",
        "which region has the 2nd most work orders",
        Names(
            "SELECT c.region FROM work_orders w JOIN customers c ON c.id = w.customer_id"
            " GROUP BY c.region ORDER BY COUNT(*) DESC LIMIT 1 OFFSET 1",
            universe="regions",
        ),
    ),
    _q(
        "follow_up",
        "what skills does he have?",
        Names(
            "SELECT k.name FROM skills k JOIN technician_skills ts ON ts.skill_id = k.id"
            " WHERE ts.technician_id = (SELECT id FROM technicians ORDER BY hourly_rate DESC"
            " LIMIT 1 OFFSET 1)",
            universe="skills",
        ),
        "which technician has the second highest hourly rate",
    ),
    _q(
        "comparison",
        "urgent vs low priority work orders - which one averages more actual hrs?",
        Pairs(
            "SELECT priority, ROUND(AVG(actual_hours), 1) FROM work_orders"
            " WHERE priority IN ('urgent', 'low') GROUP BY priority",
            places=1,
        ),
    ),
    _q(
        "threshold",
        "which active techs have been with us more than 10 years?",
        tech_names("t.status = 'active' AND t.hire_date < '2016-10-31'"),
    ),
    _q(
        "threshold",
        "techs with more than 10 years of service",
        tech_names("t.hire_date < '2016-10-31'"),
    ),
    _q(
        "threshold",
        "work orders created more than 2 months ago that are still open",
        wo("w.status = 'open' AND w.created_at < '2026-08-31'"),
    ),
    # a passage shares words with each, but what each asks about is in no document
    _q("out_of_scope", "Is there a policy on drug and alcohol testing?", Refusal()),
    _q("out_of_scope", "How much notice do I need to give before resigning?", Refusal()),
    _q("out_of_scope", "What is the company's social media policy?", Refusal()),
    _q(
        "out_of_scope",
        "What is the rule for using personal phones while on a customer site?",
        Refusal(),
    ),
    _q(
        "follow_up",
        "which of them are at level 5?",
        # the skills listed were those people's: their skills at level 5, each with its holder
        Names(
            "SELECT DISTINCT k.name FROM technician_skills ts JOIN skills k ON k.id = ts.skill_id"
            " JOIN technicians t ON t.id = ts.technician_id"
            " WHERE t.status = 'on_leave' AND ts.level = 5",
            "skills",
        ),
        "which techs are on leave?",
        "what skills do they have?",
    ),
]

# A cold try of 2026-12-06 (c16-r8): each row was answered wrongly before its fix.
FEWEST_WORK_ORDERS = (
    "SELECT t.name FROM technicians t LEFT JOIN work_orders w ON w.technician_id = t.id"
    " GROUP BY t.id HAVING COUNT(w.id) = (SELECT MIN(n) FROM (SELECT COUNT(w2.id) AS n"
    " FROM technicians t2 LEFT JOIN work_orders w2 ON w2.technician_id = t2.id GROUP BY t2.id))"
)
EIGHTH_ROUND = [
    _q("typo", "who knows elctrical work?", tech_names(skilled("Electrical"))),
    _q("threshold", "who makes less than 35/hr?", tech_names("hourly_rate < 35")),
    _q(
        "threshold",
        "which technicians are paid under 35 bucks an hour?",
        tech_names("hourly_rate < 35"),
    ),
    _q(
        "breakdown",
        "for each technician, total overtime hours logged",
        # every technician, those with no timesheet too
        Pairs(
            "SELECT t.name, COALESCE(SUM(s.overtime_hours), 0) FROM technicians t"
            " LEFT JOIN timesheets s ON s.technician_id = t.id GROUP BY t.id",
            places=2,
        ),
    ),
    _q("ranking", "which technician has the fewest work orders?", Names(FEWEST_WORK_ORDERS)),
    _q("documents", "What is the company's policy on working from home?", Refusal()),
    _q("documents", "What's the maximum weight a technician may lift alone?", Refusal()),
]

# cold try c16-r8's wordings the table had not met: "picked up", "not counting", "w/", "lvl"
NINTH_ROUND = [
    _q(
        "unassigned",
        "how many open urgent jobs has nobody picked up yet?",
        wo("w.status = 'open' AND w.priority = 'urgent' AND w.technician_id IS NULL"),
    ),
    _q(
        "negation",
        "How many work orders for Old Mill Hotel, not counting cancelled ones?",
        wo("c.name = 'Old Mill Hotel' AND w.status <> 'cancelled'"),
    ),
    _q(
        "estimate",
        "what's the average overrun (actual minus estimated hours) on installation jobs?",
        Count(
            "SELECT AVG(actual_hours - estimated_hours) FROM work_orders "
            "WHERE category = 'installation' AND actual_hours IS NOT NULL",
            places=1,
        ),
    ),
    _q("typo", "# techs w/ fire safty skill", techs(skilled("Fire Safety"))),
    _q("typo", "Whos got refrigeration lvl 5", tech_names(skilled("Refrigeration", "= 5"))),
    _q(
        "breakdown",
        "avg hourly rate by technician status",
        Pairs("SELECT status, AVG(hourly_rate) FROM technicians GROUP BY status", places=2),
    ),
    _q(
        "breakdown",
        "number of work orders by work order priority",
        Pairs("SELECT priority, COUNT(*) FROM work_orders GROUP BY priority"),
    ),
    _q(
        "documents",
        "How long do I have to file an incident report?",
        Quote(["within 24 hours"], "Incident reporting"),
    ),
]

# Cold try c16-r9: yes/no comparisons ("more … than") went to the documents or were refused.
TENTH_ROUND = [
    _q(
        "comparison",
        "Do premium customers have more work orders than standard customers?",
        Pairs(
            "SELECT c.tier, COUNT(*) FROM work_orders w JOIN customers c ON c.id = w.customer_id "
            "GROUP BY c.tier"
        ),
    ),
    _q(
        "comparison",
        "Does the North region have more technicians than the South?",
        Pairs(
            "SELECT region, COUNT(*) FROM technicians WHERE region IN ('North', 'South') "
            "GROUP BY region"
        ),
    ),
    _q(
        "follow_up",
        "which customers are they for?",
        Names(
            "SELECT DISTINCT c.name FROM customers c JOIN work_orders w ON w.customer_id = c.id "
            "WHERE w.priority = 'urgent' AND w.status = 'open'",
            "customers",
        ),
        "How many urgent work orders are open?",
    ),
    _q(
        "follow_up",
        "who are they assigned to?",
        Names(
            "SELECT DISTINCT t.name FROM technicians t JOIN work_orders w ON w.technician_id = t.id"
            " WHERE w.priority = 'high' AND w.status = 'in_progress'"
        ),
        "list the high priority work orders in progress",
    ),
    _q("documents", "max hours in a shift incl overtime?", Quote(["10 hours"], "Limits")),
    _q(
        "documents",
        "is texting the dispatcher enough when im sick?",
        Quote(["A text message is not enough"], "Sick leave"),
    ),
    _q("documents", "When are timesheets due?", Quote(["Monday 10:00"], "Recording overtime")),
    _q(
        "documents",
        "what's the deadline for submitting timesheets?",
        Quote(["Monday 10:00"], "Recording overtime"),
    ),
    _q(
        "follow_up",
        "and what about their rates",
        Pairs(
            "SELECT name, hourly_rate FROM technicians WHERE status = 'active' AND region = 'West'",
            places=2,
        ),
        "list active techs in the west",
        "which skills do they have?",
    ),
    _q("follow_up", "who has them?", Refusal(), "list the skills at level 5"),
    _q(
        "documents",
        "who needs to sign off planned overtime",
        Quote(["regional service manager"], "Pre-approval"),
    ),
    _q(
        "threshold",
        "how many wos are scheduled for 10/15/2026 or later",
        wo("w.scheduled_for >= '2026-10-15'"),
    ),
    _q("threshold", "jobs created 2026-10-20 or earlier", wo("w.created_at < '2026-10-21'")),
    _q("threshold", "work orders created after 1 Oct 2026", wo("w.created_at >= '2026-10-02'")),
    _q(
        "threshold",
        "how many work orders were created before the 3rd of October?",
        wo("w.created_at < '2026-10-03'"),
    ),
    _q(
        "comparison",
        "are there fewer urgent than low priority work orders",
        Pairs(
            "SELECT priority, COUNT(*) FROM work_orders WHERE priority IN ('urgent', 'low') "
            "GROUP BY priority"
        ),
    ),
    # No policy speaks of personal phones or calls: the escalation passage names complaints
    # "by phone", the PPE one "personal protective equipment", the van one "personal use".
    _q("out_of_scope", "Can I use my personal phone while on a customer site?", Refusal()),
    _q("out_of_scope", "Am I allowed to take personal calls during a job?", Refusal()),
]

# Cold try c16-r11: chat shorthand, a word the documents put otherwise, and an average that
# must say over how many rows it is taken.
ELEVENTH_ROUND = [
    _q(
        "typo",
        "which technicians are on leave rn",
        Names("SELECT name FROM technicians WHERE status = 'on_leave'"),
    ),
    _q(
        "typo",
        "hw many electrial techs r there",
        Count(
            "SELECT COUNT(DISTINCT ts.technician_id) FROM technician_skills ts "
            "JOIN skills s ON s.id = ts.skill_id WHERE s.name = 'Electrical'"
        ),
    ),
    _q(
        "documents",
        "how long is paternity leave",
        Quote(["6 weeks fully paid for the other parent"], "Family leave"),
    ),
    # Limits names "call-outs approved by the on-call manager" in passing; the Pre-approval
    # section answers.
    _q(
        "documents",
        "do I need approval before doing overtime on an emergency call out",
        Quote(["may start without prior approval"], "Pre-approval"),
    ),
    _q(
        "documents",
        "what do I do if my van breaks down",
        Quote(["call the 24/7 roadside assistance number"], "Accidents and breakdowns"),
    ),
    # Cold try c16-r12: an overrun said as "N hours longer than estimated", and "those"
    # after a question about one person's work orders.
    _q(
        "estimate",
        "which jobs took more than 2 hrs longer than estimated",
        wo("w.actual_hours - w.estimated_hours > 2"),
    ),
    _q(
        "follow_up",
        "what was her average actual hours on those?",
        Figures(
            "SELECT AVG(w.actual_hours) FROM work_orders w JOIN technicians t "
            "ON t.id = w.technician_id WHERE t.name = 'Elena Ferreira' AND w.category = 'repair'"
        ),
        "how many repair jobs did Elena Ferreira do",
    ),
    # Cold try c16-r13: an elliptical follow-up of a policy question asks it again.
    _q(
        "follow_up",
        "and for standard customers?",
        Quote(
            ["High | 8 business hours", "High — Standard response: 8 business hours"],
            "Response and resolution targets",
        ),
        "whats the premium response time for high priority tickets",
    ),
    # Cold try c16-r35: "one" stands for what the earlier question named; a customer's job
    # is the ticket the SLA measures
    _q(
        "follow_up",
        "and for a standard one?",
        Quote(
            ["Urgent — Standard response: 4 hours"],
            "Response and resolution targets",
            instead=["High — Standard response"],
        ),
        "what's the response time for a premium urgent job?",
    ),
    # Cold try c16-r35: time driven without a break is held against the driving rule, not
    # against the shift's meal break
    _q(
        "documents",
        "drove 3 hrs straight with no break, is that ok?",
        Quote(
            ["after every 2 hours of driving"],
            "Driving rules",
            elsewhere=[("Driving for more than 2 hours without a break", "Rest periods")],
            instead=["3 hours less than the 6 hours"],
            works_out="1 hour more than the 2 hours",
        ),
    ),
    _q(
        "documents",
        "did a 7 hour shift with no break, is that allowed?",
        Quote(
            ["Shifts longer than 6 hours include an unpaid meal break"],
            "Rest periods",
            related=["Limits"],
            instead=["5 hours more than the 2 hours"],
            works_out="1 hour more than the 6 hours",
        ),
    ),
    # Cold try c16-r36: a day's hours against the shift's limit, hours between shifts against
    # the rest they must have
    _q(
        "documents",
        "i did 11 hrs on a regular job yesterday, is that allowed?",
        Quote(
            ["a shift may not exceed 10 hours of work"],
            "Limits",
            instead=["5 hours more than the 6 hours"],
            works_out="1 hour more than the 10 hours",
        ),
    ),
    _q(
        "documents",
        "only had 9 hours between shifts last night, is that ok",
        Quote(
            ["at least 11 consecutive hours of rest between two shifts"],
            "Rest periods",
            instead=["1 hour less than the 10 hours"],
            works_out="2 hours less than the 11 consecutive hours",
        ),
    ),
    # Cold try c16-r36: kin, rides and booking as leave and van policies say them
    _q(
        "documents",
        "my wife's grandma passed away, how many days off do i get",
        Quote(["2 paid days for other relatives"], "Family leave"),
    ),
    _q(
        "documents",
        "how far in advance do i need to book 2 weeks of vacation",
        Quote(["at least 4 weeks ahead for 4 or more consecutive days"], "How to request vacation"),
    ),
    _q(
        "documents",
        "can i give my kid a ride in the work van",
        Quote(["no passengers other than Meridian employees"], "Taking the van home"),
    ),
    # Leave for what happened to someone else is not the asker's own: sick leave is not for a
    # mum who is sick, parental leave not for a dad in hospital, no leave for a goldfish
    _q("out_of_scope", "my mum is sick, can i take time off", Refusal()),
    _q("out_of_scope", "my dad is in hospital, can i get leave", Refusal()),
    _q(
        "out_of_scope",
        "my goldfish passed away last week, how many days off do i get?",
        Refusal(),
    ),
    # Cold try c16-r37: "who" asks for the person a table's column names, in the row of the
    # asker's case
    _q(
        "documents",
        "customer is threatening to cancel their contract - who do we escalate to?",
        Quote(["Managing Director"], "Escalation levels", instead=["Head of Operations"]),
    ),
    _q(
        "documents",
        "who do I escalate a safety incident to",
        Quote(["Head of Operations"], "Escalation levels", instead=["Managing Director"]),
    ),
    # Cold try c16-r38: "is that ok?" of the case told before it; "they" stands for what the
    # earlier policy question named
    _q(
        "documents",
        "i worked 11 hours yesterday, wasn't an emergency. is that ok?",
        Quote(
            ["a shift may not exceed 10 hours of work"],
            "Limits",
            works_out="1 hour more than the 10 hours",
        ),
    ),
    _q(
        "follow_up",
        "and if theyre standard?",
        Quote(["Urgent — Standard response: 4 hours"], "Response and resolution targets"),
        "what's the response time for a premium urgent ticket?",
    ),
    _q(
        "documents",
        "I've been here 7 years, how many vacation days now?",
        Quote(
            ["rises by 1 day after 5 years of service"], "Vacation entitlement", works_out="26 days"
        ),
    ),
    # Cold try c16-r39: hours so far plus more against the weekly cap, beside the overtime
    # hours, which are another count
    _q(
        "documents",
        "i've done 50 hours this week including 10 overtime hours, can i work another 4 hours "
        "on saturday?",
        Quote(
            ["limits total working time to 52 hours a week"],
            "Limits",
            works_out="2 hours more than the 52 hours",
        ),
    ),
    _q(
        "documents",
        "max CO level in a confined space?",
        Quote(["carbon monoxide below 25 ppm"], "Confined spaces"),
    ),
    _q(
        "estimate",
        "average actual hours on repair jobs",
        Figures(
            "SELECT AVG(actual_hours), COUNT(actual_hours), COUNT(*) FROM work_orders "
            "WHERE category = 'repair'"
        ),
    ),
]


def _months(select: str, where: str, date_column: str, months: tuple[str, ...]) -> str:
    """One row per month ("September 2026", value): each side of a comparison of periods."""
    parts = []
    for month in months:
        start = dt.date.fromisoformat(f"{month}-01")
        end = (start + dt.timedelta(days=32)).replace(day=1)
        parts.append(
            f"SELECT '{start:%B %Y}', {select} WHERE {where} AND {date_column} >= '{start}' "
            f"AND {date_column} < '{end}'"
        )
    return " UNION ALL ".join(parts)


# Two periods side by side (refused before: "it names two periods").
TWELFTH_ROUND = [
    _q(
        "comparison",
        "how many jobs were completed in september vs october",
        Pairs(
            _months(
                "COUNT(*) FROM work_orders",
                "status = 'completed'",
                "completed_at",
                ("2026-09", "2026-10"),
            )
        ),
    ),
    _q(
        "comparison",
        "jobs created in sept or oct",
        Pairs(_months("COUNT(*) FROM work_orders", "1=1", "created_at", ("2026-09", "2026-10"))),
    ),
    _q(
        "comparison",
        "hours logged by Marco Chen in september compared with october",
        Pairs(
            _months(
                "SUM(hours) FROM timesheets t JOIN technicians p ON p.id = t.technician_id",
                "p.name = 'Marco Chen'",
                "work_date",
                ("2026-09", "2026-10"),
            ),
            places=2,
        ),
    ),
    _q(
        "comparison",
        "how many urgent jobs in 2025 vs 2026",
        Pairs(
            "SELECT '2025', COUNT(*) FROM work_orders WHERE priority = 'urgent' "
            "AND created_at >= '2025-01-01' AND created_at < '2026-01-01' UNION ALL "
            "SELECT '2026', COUNT(*) FROM work_orders WHERE priority = 'urgent' "
            "AND created_at >= '2026-01-01' AND created_at < '2027-01-01'"
        ),
    ),
    _q(
        "comparison",
        "compare Q1 2026 vs Q2 2026 completed work orders",
        Pairs(
            "SELECT 'Q1 2026', COUNT(*) FROM work_orders WHERE status = 'completed' "
            "AND completed_at >= '2026-01-01' AND completed_at < '2026-04-01' UNION ALL "
            "SELECT 'Q2 2026', COUNT(*) FROM work_orders WHERE status = 'completed' "
            "AND completed_at >= '2026-04-01' AND completed_at < '2026-07-01'"
        ),
    ),
    # Cold try c16-r14: a negated skill level was read as "no skills at all"; a follow-up
    # naming another figure summed what was averaged.
    _q(
        "negation",
        "which technicians don't have any skill at level 4 or higher?",
        tech_names(
            "NOT EXISTS (SELECT 1 FROM technician_skills ts WHERE ts.technician_id = t.id "
            "AND ts.level >= 4)"
        ),
    ),
    _q(
        "follow_up",
        "what about estimated hours?",
        Pairs(
            "SELECT priority, AVG(estimated_hours) FROM work_orders WHERE status = 'completed' "
            "AND priority IN ('urgent', 'low') GROUP BY priority",
            places=1,
        ),
        "compare urgent vs low priority: avg actual hours on completed jobs",
    ),
    # Everyday words the cold try used: "actually", "custs", "came from", "working on",
    # "zero overtime"; and a follow-up "and per day?" of a policy question.
    _q(
        "follow_up",
        "which of them are actually active right now?",
        tech_names("t.region = 'North' AND t.status = 'active'"),
        "which techs are in the north region?",
    ),
    _q(
        "typo",
        "top 5 custs by # of WOs",
        Names(
            "SELECT c.name FROM customers c JOIN work_orders w ON w.customer_id = c.id "
            "GROUP BY c.id ORDER BY COUNT(*) DESC LIMIT 5",
            universe="customers",
        ),
    ),
    _q(
        "ratio",
        "what share of urgent orders came from premium customers?",
        share("c.tier = 'premium'", "w.priority = 'urgent'"),
    ),
    _q(
        "lookup",
        "in-progress WOs - who's working on them?",
        tech_names(
            "EXISTS (SELECT 1 FROM work_orders w WHERE w.technician_id = t.id "
            "AND w.status = 'in_progress')"
        ),
    ),
    _q(
        "negation",
        "techs that logged zero overtime",
        tech_names(
            "COALESCE((SELECT SUM(overtime_hours) FROM timesheets s "
            "WHERE s.technician_id = t.id), 0) = 0"
        ),
    ),
    _q(
        "documents",
        "service credit if we miss a high priority response for a premium customer?",
        Quote(
            ["2% of the monthly service fee for each high ticket"],
            "Service credits",
            elsewhere=[("2% for each missed high response target", "Service credits and goodwill")],
        ),
    ),
    # A work order by its number, and the time jobs took (cold try c16-r14 found "how long did
    # job 5 take" answered from the van policy's "take the van home").
    _q(
        "lookup",
        "how long did job 5 take",
        Figures("SELECT actual_hours FROM work_orders WHERE id = 5"),
    ),
    _q(
        "lookup",
        "who is assigned to job #12",
        tech_names("t.id = (SELECT technician_id FROM work_orders WHERE id = 12)"),
    ),
    _q(
        "ranking",
        "which 3 jobs took the longest",
        Mentions(
            "SELECT MAX(CASE WHEN place = 1 THEN '#' || id END), "
            "MAX(CASE WHEN place = 2 THEN '#' || id END), "
            "MAX(CASE WHEN place = 3 THEN '#' || id END) FROM (SELECT id, ROW_NUMBER() "
            "OVER (ORDER BY actual_hours DESC) AS place FROM work_orders "
            "WHERE actual_hours IS NOT NULL)"
        ),
    ),
    _q(
        "ranking",
        "what was the quickest repair job",
        Mentions(
            "SELECT '#' || id || ' ' FROM work_orders WHERE category = 'repair' "
            "AND actual_hours IS NOT NULL ORDER BY actual_hours LIMIT 1"
        ),
    ),
    # Skills: a level in one named skill, "and at what level", "both X and Y", "each of them".
    _q(
        "lookup",
        "what level is Elena Ferreira in electrical",
        Pairs(
            "SELECT s.name, ts.level FROM technician_skills ts JOIN skills s "
            "ON s.id = ts.skill_id JOIN technicians t ON t.id = ts.technician_id "
            "WHERE t.name = 'Elena Ferreira' AND s.name = 'Electrical'"
        ),
    ),
    _q(
        "lookup",
        "what skills does Elena Ferreira have and at what level",
        Pairs(
            "SELECT s.name, ts.level FROM technician_skills ts JOIN skills s "
            "ON s.id = ts.skill_id JOIN technicians t ON t.id = ts.technician_id "
            "WHERE t.name = 'Elena Ferreira'"
        ),
    ),
    _q(
        "lookup",
        "who is skilled in both HVAC and plumbing",
        tech_names(f"{skilled('HVAC')} AND {skilled('Plumbing')}"),
    ),
    _q(
        "breakdown",
        "how many work orders does each of them have",
        Pairs(
            "SELECT t.name, COUNT(w.id) FROM technicians t LEFT JOIN work_orders w "
            "ON w.technician_id = t.id WHERE t.region = 'North' AND t.status = 'active' "
            "GROUP BY t.name"
        ),
        "list the active techs in the north",
    ),
    # Cold try c16-r15: a ratio of two figures was answered as one person's share of all
    # actual hours; "that person" after a work order's technician stayed on the work order.
    _q(
        "ratio",
        "what's the ratio of actual to estimated hours for Hiro Sharma's completed jobs?",
        Figures(
            "SELECT ROUND(SUM(w.actual_hours) / SUM(w.estimated_hours), 2) FROM work_orders w "
            "JOIN technicians t ON t.id = w.technician_id WHERE t.name = 'Hiro Sharma' "
            "AND w.status = 'completed' AND w.actual_hours IS NOT NULL",
            places=2,
        ),
    ),
    _q(
        "follow_up",
        "how many jobs has that person completed overall?",
        Count(
            "SELECT COUNT(*) FROM work_orders WHERE status = 'completed' AND technician_id = "
            "(SELECT technician_id FROM work_orders WHERE id = 147)"
        ),
        "pull up work order 147 for me",
        "who's the tech on it and what region are they based in?",
    ),
    _q(
        "negation",
        "Which customers have never had an urgent work order?",
        Names(
            "SELECT name FROM customers c WHERE NOT EXISTS (SELECT 1 FROM work_orders w "
            "WHERE w.customer_id = c.id AND w.priority = 'urgent')",
            universe="customers",
        ),
    ),
    _q(
        "breakdown",
        "overtime hours per technician in oct 2026",
        Pairs(
            "SELECT t.name, SUM(s.overtime_hours) FROM timesheets s JOIN technicians t "
            f"ON t.id = s.technician_id WHERE s.work_date {OCTOBER} GROUP BY t.name",
            places=2,
        ),
    ),
    _q(
        "comparison",
        "avg actual hrs per completed wo, premium vs standard custs",
        Pairs(
            f"SELECT c.tier, AVG(w.actual_hours) {WO_JOIN} WHERE w.status = 'completed' "
            "GROUP BY c.tier",
            places=1,
        ),
    ),
    _q(
        "threshold",
        "techs making more than $45/hr",
        tech_names("t.hourly_rate > 45"),
    ),
    _q(
        "lookup",
        "wo #296 - who's assigned to it?",
        Mentions("SELECT '#296', 'unassigned'"),
    ),
    _q(
        "documents",
        "when does a complaint get escalated to the head of operations?",
        Quote(["3 or more missed SLA targets for one customer in a month"], "Escalation levels"),
    ),
    _q(
        "documents",
        "im sick, what do I need to do?",
        Quote(["call the dispatcher before 07:30"], "Sick leave"),
    ),
    _q(
        "estimate",
        "how long do urgent jobs take on average",
        Figures("SELECT AVG(actual_hours) FROM work_orders WHERE priority = 'urgent'"),
    ),
    _q(
        "lookup",
        "when was job 40 completed",
        Mentions("SELECT date(completed_at) FROM work_orders WHERE id = 40"),
    ),
    _q(
        "estimate",
        "which jobs ran over the estimate by 3 hours",
        wo("w.actual_hours - w.estimated_hours >= 3"),
    ),
    # Cold try c16-r16: two questions in one message are each answered; a follow-up keeps the
    # month its question was about; greetings, "waiting for a tech", "+", "pay" and "paid".
    _q(
        "count",
        "How many technicians were hired before 2015, and are any of them still active?",
        Figures(
            "SELECT (SELECT COUNT(*) FROM technicians WHERE hire_date < '2015-01-01'), "
            "(SELECT COUNT(*) FROM technicians WHERE hire_date < '2015-01-01' "
            "AND status = 'active')"
        ),
    ),
    _q(
        "follow_up",
        "and her overtime?",
        Count(
            "SELECT SUM(s.overtime_hours) FROM timesheets s JOIN technicians t "
            f"ON t.id = s.technician_id WHERE t.name = 'Grace Dubois' AND s.work_date {OCTOBER}",
            places=2,
        ),
        "Grace Dubois total hours in Oct 2026",
    ),
    _q(
        "breakdown",
        "How many technicians do we have per region, and how many of those are active?",
        Pairs("SELECT region, COUNT(*) FROM technicians GROUP BY region"),
    ),
    _q(
        "unassigned",
        "hi, which urgent tickets are still waiting for a tech?",
        wo(
            "w.priority = 'urgent' AND w.technician_id IS NULL "
            "AND w.status IN ('open', 'scheduled', 'in_progress')"
        ),
    ),
    _q(
        "lookup",
        "wo 287 - status + who has it?",
        Mentions(
            "SELECT replace(w.status, '_', ' '), t.name FROM work_orders w "
            "JOIN technicians t ON t.id = w.technician_id WHERE w.id = 287"
        ),
    ),
    _q(
        "documents",
        "what's the pay rate for hours over 10 in one day?",
        Quote(["Hours over 10 in a single day"], "Overtime rates"),
    ),
    _q(
        "documents",
        "Can I approve an $800 goodwill gesture for a customer myself?",
        Quote(["a goodwill gesture of up to $500"], "Service credits and goodwill"),
    ),
    _q(
        "documents",
        "can I share a lockout lock with my coworker?",
        Quote(["never a shared lock"], "Lockout/tagout"),
    ),
    # Cold try c16-r17: "the most recent one" of work orders crashed (ranked by hire date);
    # the skills "those" technicians were counted for keep their level; a follow-up that is
    # only a number asks the previous policy question again.
    _q(
        "ranking",
        "Harborview Medical Center - how many work orders this year, and what's the most "
        "recent one?",
        Mentions(
            "SELECT '#' || id FROM work_orders WHERE customer_id = (SELECT id FROM customers "
            "WHERE name = 'Harborview Medical Center') ORDER BY created_at DESC LIMIT 1"
        ),
    ),
    _q(
        "follow_up",
        "and which skills are those in?",
        Names(
            "SELECT DISTINCT s.name FROM technician_skills ts JOIN skills s "
            "ON s.id = ts.skill_id WHERE ts.level = 5",
            universe="skills",
        ),
        "how many technicians are level 5 in at least one skill?",
    ),
    _q(
        "follow_up",
        "what if it was 6?",
        Quote(
            ["5% of the monthly service fee for each urgent ticket"],
            "Service credits",
            elsewhere=[
                (
                    "5% of the monthly service fee for each missed urgent",
                    "Service credits and goodwill",
                )
            ],
        ),
        "missed 3 urgent response targets for a premium customer this month - how much credit?",
    ),
    _q(
        "estimate",
        "Marco Chen: total estimated vs actual hours on his completed jobs in H1 2026",
        Figures(
            "SELECT SUM(w.estimated_hours), SUM(w.actual_hours) FROM work_orders w "
            "JOIN technicians t ON t.id = w.technician_id WHERE t.name = 'Marco Chen' "
            "AND w.status = 'completed' AND w.actual_hours IS NOT NULL "
            "AND w.completed_at >= '2026-01-01' AND w.completed_at < '2026-07-01'"
        ),
    ),
    _q(
        "time",
        "whats Rosa Ferreira's total overtime since mid-Sept?",
        Count(
            "SELECT SUM(s.overtime_hours) FROM timesheets s JOIN technicians t "
            "ON t.id = s.technician_id WHERE t.name = 'Rosa Ferreira' "
            "AND s.work_date >= '2026-09-15'",
            places=2,
        ),
    ),
    _q(
        "negation",
        "Who has refrigeration at level 3 or above, excluding anyone currently on leave?",
        tech_names(f"{skilled('Refrigeration', '>= 3')} AND t.status != 'on_leave'"),
    ),
    _q(
        "ratio",
        "What share of Elena Ferreira's logged hours were overtime?",
        Figures(
            "SELECT ROUND(100.0 * SUM(s.overtime_hours) / SUM(s.hours), 1) FROM timesheets s "
            "JOIN technicians t ON t.id = s.technician_id WHERE t.name = 'Elena Ferreira'"
        ),
    ),
    _q(
        "negation",
        "Which premium customers had no urgent tickets in 2026?",
        Names(
            "SELECT name FROM customers c WHERE tier = 'premium' AND NOT EXISTS (SELECT 1 "
            "FROM work_orders w WHERE w.customer_id = c.id AND w.priority = 'urgent' "
            "AND w.created_at >= '2026-01-01' AND w.created_at < '2027-01-01')",
            universe="customers",
        ),
    ),
    _q(
        "time",
        "which customers had work orders in october",
        Names(
            "SELECT DISTINCT c.name FROM customers c JOIN work_orders w "
            f"ON w.customer_id = c.id WHERE date(w.created_at) {OCTOBER}",
            universe="customers",
        ),
    ),
    # Cold try c16-r18: a situation told before the question is the asker's case.
    _q(
        "documents",
        "I'm on call tonight, can I take the van home?",
        Quote(["you are on the on-call rota that night"], "Taking the van home"),
    ),
    _q(
        "comparison",
        "premium vs standard customers - how many work orders each, and avg actual hours per "
        "completed job?",
        Pairs(
            f"SELECT c.tier, AVG(w.actual_hours) {WO_JOIN} WHERE w.status = 'completed' "
            "GROUP BY c.tier",
            places=1,
        ),
    ),
    _q(
        "follow_up",
        "who's the tech on it and what region is he in",
        Mentions(
            "SELECT t.name, t.region FROM work_orders w JOIN technicians t "
            "ON t.id = w.technician_id WHERE w.id = 287"
        ),
        "status of WO 287?",
    ),
    _q(
        "follow_up",
        "is that more than Marco Chen's?",
        Figures(
            "SELECT (SELECT hourly_rate FROM technicians WHERE name = 'Olga Mensah'), "
            "(SELECT hourly_rate FROM technicians WHERE name = 'Marco Chen')",
            places=2,
        ),
        "what's Olga Mensah's hourly rate",
    ),
    _q(
        "estimate",
        "how many jobs ran more than 20 percent over estimate",
        count(
            "SELECT COUNT(*) FROM work_orders "
            "WHERE (actual_hours - estimated_hours) * 100.0 / estimated_hours > 20"
        ),
    ),
    _q(
        "time",
        "what's scheduled for the week of 16/11/2026?",
        wo("date(w.scheduled_for) BETWEEN '2026-11-16' AND '2026-11-22'"),
    ),
    _q(
        "follow_up",
        "and per day?",
        Quote(["a shift may not exceed 10 hours of work"], "Limits"),
        "whats the max hours a tech can work in a week incl overtime?",
    ),
]

# Cold try c16-r19 (50 questions at b965b21): what it answered wrong or refused.
THIRTEENTH_ROUND = [
    # it quoted the priority definitions, whose list names "high", "priority", "ticket" and
    # "customer", over the table row of high priority with its premium response
    _q(
        "documents",
        "SLA response time for a high priority ticket from a premium customer?",
        Quote(["Premium response: 4 business hours"], "Response and resolution targets"),
    ),
    # it quoted training refreshers "due every 12 months": no passage names vans that are due
    _q("out_of_scope", "which vans are due for a service this month?", Refusal()),
    # "anyone" was read as people who have no region
    _q(
        "negation",
        "which active techs earn more than $45 an hour, excluding anyone in the North",
        Names(
            "SELECT name FROM technicians WHERE status = 'active' AND hourly_rate > 45 "
            "AND region <> 'North'"
        ),
    ),
    # "that month": the month the conversation was about, not a word to refuse
    _q(
        "follow_up",
        "and how many hours did she log on her timesheets that month?",
        Figures(
            "SELECT SUM(s.hours) FROM timesheets s JOIN technicians t ON t.id = s.technician_id "
            f"WHERE t.name = 'Elena Ferreira' AND s.work_date {SEPTEMBER}"
        ),
        "how many work orders did Elena Ferreira complete in October 2026?",
        "what about september?",
    ),
    # those created in October that were also completed in October, not every order
    # completed then
    _q(
        "follow_up",
        "and how many of those were completed the same month?",
        wo(
            f"date(w.created_at) {OCTOBER} "
            f"AND w.status = 'completed' AND date(w.completed_at) {OCTOBER}"
        ),
        "how many work orders were created in October 2026?",
    ),
    # Cold try c16-r20: the asker's case ("my grandmother passed away", "on the weekend") need
    # not be in the passage; what is asked of the rule must.
    _q(
        "documents",
        "my grandmother passed away, how many days of bereavement leave do i get?",
        Quote(["2 paid days for other relatives"], "Family leave"),
    ),
    _q(
        "documents",
        "can i use the company van to go shopping on the weekend?",
        Quote(
            ["personal use of the van (shopping, holidays, moving house) is not"],
            "Taking the van home",
        ),
    ),
    # "cap" of a policy that writes "capped"; "callout" of one that writes "call-outs"
    _q(
        "documents",
        "is there a cap on service credits for premium customers?",
        Quote(
            ["capped at 25% of the monthly fee"],
            "Service credits and goodwill",
            elsewhere=[("capped at 25% of that month's service fee", "Service credits")],
        ),
    ),
    _q(
        "documents",
        "what do i get paid if i work 11 hours on an emergency callout? base rate is $40",
        Quote(["Hours over 10 in a single day (emergency call-outs only)"], "Overtime rates"),
    ),
    # Cold try c16-r21: "how many of them" counts the customers, not their tickets
    _q(
        "follow_up",
        "how many of them had an urgent ticket",
        count(
            "SELECT COUNT(DISTINCT c.id) FROM customers c JOIN work_orders w "
            "ON w.customer_id = c.id WHERE c.tier = 'premium' AND w.priority = 'urgent'"
        ),
        "how many premium customers do we have",
    ),
    # everyday verbs for what rows are and what hours were logged
    _q(
        "unassigned",
        "any urgent jobs still sitting there with nobody assigned?",
        wo("w.priority = 'urgent' AND w.technician_id IS NULL"),
    ),
    _q(
        "ratio",
        "what % of all work orders ended up cancelled?",
        Figures("SELECT ROUND(100.0 * SUM(status = 'cancelled') / COUNT(*), 1) FROM work_orders"),
    ),
    _q(
        "typo",
        "total hours Wen Patel put on timesheets in sept",
        Figures(
            "SELECT SUM(s.hours) FROM timesheets s JOIN technicians t ON t.id = s.technician_id "
            f"WHERE t.name = 'Wen Patel' AND s.work_date {SEPTEMBER}"
        ),
    ),
    _q(
        "estimate",
        "actual vs estimated hours on installation jobs - are we under or over?",
        Figures(
            "SELECT SUM(actual_hours), SUM(estimated_hours) FROM work_orders "
            "WHERE category = 'installation' AND actual_hours IS NOT NULL"
        ),
    ),
    _q(
        "documents",
        "can I carry over unused holiday days into next yr?",
        Quote(["Up to 5 unused vacation days may be carried over"], "Vacation entitlement"),
    ),
    # the previous figure in another period, side by side
    _q(
        "follow_up",
        "how does that compare with september?",
        Figures(
            "SELECT SUM(CASE WHEN s.work_date BETWEEN '2026-09-01' AND '2026-09-30' "
            "THEN s.overtime_hours END), SUM(CASE WHEN s.work_date BETWEEN '2026-10-01' "
            "AND '2026-10-31' THEN s.overtime_hours END) FROM timesheets s "
            "JOIN technicians t ON t.id = s.technician_id WHERE t.region = 'South'"
        ),
        "total overtime for North techs in october 2026",
        "what about the South?",
    ),
    # the asker's figure picks the rows of a rule whose bounds it meets: the level for
    # "property damage over $5,000", both overtime rates an 11-hour call-out reaches
    _q(
        "documents",
        "we damaged a customer's property, about 7k worth. who does this get escalated to?",
        Quote(["Level: 3 — Owner: Head of Operations"], "Escalation levels"),
    ),
    _q(
        "documents",
        "how am I paid for an 11 hour emergency call-out day?",
        Quote(
            ["Hours over 8 in a day, or over 40 regular hours in a week — Rate: 1.5 × base"],
            "Overtime rates",
        ),
    ),
    _q(
        "documents",
        "how am I paid for an 11 hour emergency call-out day?",
        Quote(["Hours over 10 in a single day (emergency call-outs only)"], "Overtime rates"),
    ),
    # a doctor's note is the certificate the leave policy asks for
    _q(
        "documents",
        "do I need a doctors note if Im out for 2 days?",
        Quote(["A doctor's certificate is required for absences longer than 3"], "Sick leave"),
    ),
    # a breakdown listed by its figure
    _q(
        "breakdown",
        "avg hourly rate per region, highest first",
        Pairs("SELECT region, AVG(hourly_rate) FROM technicians GROUP BY region", places=2),
    ),
    # "how many of them" counts those people, by their total: not their timesheet entries
    _q(
        "follow_up",
        "how many of them logged more than 10 overtime hours in October 2026?",
        count(
            "SELECT COUNT(*) FROM (SELECT t.id FROM technicians t JOIN timesheets s "
            f"ON s.technician_id = t.id WHERE t.region = 'North' AND s.work_date {OCTOBER} "
            "GROUP BY t.id HAVING SUM(s.overtime_hours) > 10)"
        ),
        "which techs are in the North",
    ),
    # Cold try c16-r22: a follow-up's sides and bounds replace the previous ones
    _q(
        "follow_up",
        "same for central and east",
        Pairs(
            "SELECT region, AVG(hourly_rate) FROM technicians "
            "WHERE region IN ('Central', 'East') GROUP BY region",
            places=2,
        ),
        "avg hourly rate north vs south techs",
    ),
    _q(
        "follow_up",
        "what about level 3?",
        Names(
            "SELECT t.name FROM technicians t JOIN technician_skills ts ON ts.technician_id = t.id "
            "JOIN skills k ON k.id = ts.skill_id WHERE k.name = 'Refrigeration' AND ts.level = 3"
        ),
        "who's got refrigeration at lvl 4 or higher",
    ),
    # a ranking by the rows people or customers own, without "number of"
    _q(
        "ranking",
        "top 5 techs by jobs",
        Names(
            "SELECT t.name FROM technicians t JOIN work_orders w ON w.technician_id = t.id "
            "GROUP BY t.id ORDER BY COUNT(*) DESC LIMIT 5"
        ),
    ),
    # a figure of one row of a ranking by another figure: not the ranking again (refused
    # today, naming the person is asked for)
    _q(
        "follow_up",
        "and the top one's hourly rate?",
        Mentions("SELECT hourly_rate FROM technicians WHERE name = 'Rosa Ferreira'"),
        "top 3 people by overtime hours in october 2026",
    ),
    _q(
        "negation",
        "are there customers with zero work orders?",
        count(
            "SELECT COUNT(*) FROM customers c WHERE NOT EXISTS "
            "(SELECT 1 FROM work_orders w WHERE w.customer_id = c.id)"
        ),
    ),
    _q(
        "estimate",
        "which job category runs over estimate the most on average",
        Names(
            "SELECT category FROM work_orders WHERE actual_hours IS NOT NULL GROUP BY category "
            "ORDER BY AVG(actual_hours - estimated_hours) DESC LIMIT 1",
            "categories",
        ),
    ),
    # the second question of a message points back at the first; the work orders a customer
    # "raised" are its work orders
    _q(
        "follow_up",
        "how many premium customers are in the East, and how many work orders have they raised?",
        Figures(
            "SELECT (SELECT COUNT(*) FROM customers WHERE tier = 'premium' AND region = 'East'), "
            "(SELECT COUNT(*) FROM work_orders w JOIN customers c ON c.id = w.customer_id "
            "WHERE c.tier = 'premium' AND c.region = 'East')",
            places=0,
        ),
    ),
    # a situation told in several clauses before the question is the asker's case
    _q(
        "documents",
        "premium client, urgent ticket comes in at 2am sunday - how fast do we have to respond?",
        Quote(["Premium response: 2 hours"], "Response and resolution targets"),
    ),
    # Cold try c16-r23
    _q(
        "ranking",
        "top 3 customers by completed work orders",
        Names(
            "SELECT c.name FROM customers c JOIN work_orders w ON w.customer_id = c.id "
            "WHERE w.status = 'completed' GROUP BY c.id ORDER BY COUNT(*) DESC LIMIT 3",
            "customers",
        ),
    ),
    # two earlier answers set against each other: refused, not an overrun count or a quote of
    # "where the two differ"
    _q(
        "follow_up",
        "whats the difference between the two?",
        Refusal(),
        "whos our most expensive tech (hourly)?",
        "and the cheapest?",
    ),
    _q(
        "follow_up",
        "same for high priority",
        Names(
            "SELECT DISTINCT t.name FROM work_orders w JOIN technicians t "
            "ON t.id = w.technician_id WHERE w.priority = 'high' "
            "AND w.status NOT IN ('completed', 'cancelled')"
        ),
        "how many urgent work orders haven't been completed or cancelled yet",
        "who are they assigned to?",
    ),
    _q(
        "follow_up",
        "how many work orders are scheduled for november 2026 and for which customers?",
        Names(
            "SELECT DISTINCT c.name FROM work_orders w JOIN customers c ON c.id = w.customer_id "
            "WHERE w.scheduled_for BETWEEN '2026-11-01' AND '2026-11-30 23:59:59'",
            "customers",
        ),
    ),
    # cold try c16-r30: the month and a bound on days (the carry-over's "up to 5 unused
    # vacation days … by 31 March") outweighed the range the asker's 5 days are in
    _q(
        "documents",
        "want to take 5 days off in march, how far in advance do i have to put the request in",
        Quote(
            ["at least 4 weeks ahead for 4 or more consecutive days"],
            "How to request vacation",
            instead=["Up to 5 unused vacation days may be carried over"],
        ),
    ),
    # cold try c16-r31: the technicians holding either skill were grouped by every skill
    # they hold, nine other skills' partial counts beside the two asked for
    _q(
        "comparison",
        "how many techs have plumbing skill vs electrical",
        Pairs(
            "SELECT k.name, COUNT(*) FROM technician_skills ts JOIN skills k "
            "ON k.id = ts.skill_id WHERE k.name IN ('Plumbing', 'Electrical') GROUP BY k.name",
            only=True,
        ),
    ),
    # cold try c16-r31: a case in words no document uses, asked only what to do, was answered
    # with the one passage sharing its other words (a safety stop "even if the customer is
    # unhappy about the delay")
    _q(
        "documents",
        "customer is yelling at me on site about the delay, what should i do",
        Quote(
            ["Listen to the customer, apologise for the inconvenience"],
            "Handling a complaint",
            instead=["Stopping a job for safety reasons never leads to disciplinary action"],
        ),
    ),
    # cold try c16-r32: "passed away" found a passage on being away (and "last night" one on
    # any time of day or night); policies say bereavement
    _q(
        "documents",
        "my dad passed away, how much time off can I get?",
        Quote(
            ["Bereavement leave: 5 paid days for a partner, child, parent or sibling"],
            "Family leave",
            instead=["If you will be away for more than 2 weeks"],
        ),
    ),
    # cold try c16-r33: "break that down" counted the entries of the figure it breaks down
    _q(
        "follow_up",
        "break that down by region",
        Pairs(
            "SELECT t.region, ROUND(SUM(s.overtime_hours), 2) FROM timesheets s JOIN technicians "
            "t ON t.id = s.technician_id WHERE s.work_date BETWEEN '2026-10-01' AND "
            "'2026-10-31' GROUP BY t.region",
            places=2,
            only=True,
        ),
        "total overtime hours logged in october",
    ),
    # cold try c16-r33: christmas day is a public holiday, and 4 more are on top of 10 done
    _q(
        "documents",
        "i worked 8 hours on christmas day, base rate $40, what am i owed",
        Quote(["2 × base hourly rate, plus one day off in lieu"], "Overtime rates"),
    ),
    _q(
        "documents",
        "done 10 overtime hours this week, can I do 4 more?",
        Quote(["no technician may work more than 12 overtime hours in one week"], "Limits"),
    ),
    # cold try c16-r30: the rule quoted with "I have not applied your 7 years" (now worked out
    # for the asker's years and base rate as well)
    _q(
        "documents",
        "ive been at meridian 7 years, how many vacation days do i get",
        Quote(["Entitlement rises by 1 day after 5 years of service"], "Vacation entitlement"),
    ),
    _q(
        "documents",
        "I worked 3 hours on a public holiday and my base rate is $30/hr. what do i get",
        Quote(
            ["paid at 2× their base hourly rate and receive one day off in lieu"],
            "Public holidays",
            elsewhere=[("2 × base hourly rate, plus one day off in lieu", "Overtime rates")],
        ),
    ),
]

QUESTIONS: list[Question] = [
    *COUNTS,
    *NEGATIONS,
    *UNASSIGNED,
    *COMPARISONS,
    *BREAKDOWNS,
    *THRESHOLDS,
    *RATIOS,
    *ESTIMATES,
    *FOLLOW_UPS,
    *TYPOS,
    *RANKINGS,
    *LOOKUPS,
    *PERIODS,
    *OUT_OF_SCOPE,
    *DOCUMENTS,
    *UPLOADED,
    *UPLOADED_UNSEEN,
    *SECOND_ROUND,
    *THIRD_ROUND,
    *THIRD_ROUND_DOCUMENTS,
    *UPLOADED_GUIDE,
    *BLIND_ROUND_CATEGORIES,
    *FIELD_MANAGER,
    *FOURTH_ROUND,
    *FIFTH_ROUND,
    *SIXTH_ROUND,
    *SEVENTH_ROUND,
    *EIGHTH_ROUND,
    *NINTH_ROUND,
    *TENTH_ROUND,
    *ELEVENTH_ROUND,
    *TWELFTH_ROUND,
    *THIRTEENTH_ROUND,
]
