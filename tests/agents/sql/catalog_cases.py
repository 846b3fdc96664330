"""Questions the catalog must answer, each with facts computed from the demo data."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from statistics import mean
from typing import Any

import pytest

from tests.agents.sql.catalog_fixtures import (
    SEPTEMBER,
    Demo,
    Expect,
    Select,
    all_of,
    breakdown,
    count,
    counted,
    customer_is,
    customers,
    ids,
    leaders,
    names,
    one_decimal,
    orders,
    outstanding,
    technicians,
    two_decimals,
    within,
)

Text = str | Callable[[Demo], str]


@dataclass(frozen=True)
class Case:
    """A question (a string or built from the data), its intent and the facts of its answer."""

    question: Text
    intent: str
    expect: Expect
    history: tuple[Text, ...] = ()


def case(case_id: str, question: Text, intent: str, expect: Expect, *history: Text) -> Any:
    """A table row: the case wrapped in a pytest param with a readable id."""
    return pytest.param(Case(question, intent, expect, history), id=case_id)


def region_of_customer(d: Demo, row: dict[str, Any]) -> str:
    """The region of a work order's customer."""
    return str(d.customer(row["customer_id"])["region"])


def rates(**equal: Any) -> Expect:
    """Average, lowest and highest hourly rate of the matching technicians."""

    def expect(d: Demo) -> list[str]:
        values = [t["hourly_rate"] for t in d.technicians(**equal)]
        return [two_decimals(v) for v in (mean(values), min(values), max(values))]

    return expect


def skills_of(name: Callable[[Demo], str]) -> Expect:
    """Every skill of the named technician with its level."""
    return lambda d: [f"{s} (level {n})" for s, n in d.skill_levels(d.named(name(d))["id"]).items()]


def rate_of(name: Callable[[Demo], str]) -> Expect:
    """The named technician's hourly rate."""
    return lambda d: [two_decimals(d.named(name(d))["hourly_rate"])]


def workload_of(name: Callable[[Demo], str]) -> Expect:
    """The outstanding work orders assigned to the named technician."""
    return lambda d: ids(orders(outstanding, technician_id=d.named(name(d))["id"]))(d)


def overtime_per_technician(period: str) -> Expect:
    """Each technician's overtime over the period, and the total."""

    def expect(d: Demo) -> list[str]:
        totals = d.timesheets(d.period(period))
        lines = [f"{n} ({one_decimal(o)} hours)" for n, (_, o) in totals.items() if o > 0]
        total = sum((o for _, o in totals.values()), Decimal(0))
        return [*lines, f"{one_decimal(total)} hours of overtime"]

    return expect


def timesheet_total(period: str, index: int, suffix: str) -> Expect:
    """The sum of hours (index 0) or overtime (index 1) of everyone over the period."""
    return lambda d: [
        one_decimal(sum((t[index] for t in d.timesheets(d.period(period)).values()), Decimal(0)))
        + suffix
    ]


def busiest_time(period: str | tuple[Any, Any], index: int, suffix: str) -> Expect:
    """The busiest technician's hours (index 0) or overtime (index 1) over a period."""

    def expect(d: Demo) -> list[str]:
        span = d.period(period) if isinstance(period, str) else period
        hours = d.timesheets(span).get(d.busiest, (Decimal(0), Decimal(0)))
        return [f"{one_decimal(hours[index])}{suffix}"]

    return expect


def top_orders(by: str, top: int, *tests: Any, **equal: Any) -> Expect:
    """The leading technicians or customers by matching work orders, with their counts."""

    def expect(d: Demo) -> list[str]:
        counts = d.order_counts(orders(*tests, **equal)(d), by)
        return [f"{name} ({counts[name]})" for name in leaders(counts, top)]

    return expect


def per_technician(top: int, select: Select, technician: dict[str, Any] | None = None) -> Expect:
    """The leading technicians by selected work orders (of technicians matching `technician`),
    and how many of those work orders nobody is assigned to."""

    def expect(d: Demo) -> list[str]:
        selected = select(d)
        wanted = {t["id"] for t in d.technicians(**(technician or {}))}
        counts = d.order_counts([o for o in selected if o["technician_id"] in wanted], "technician")
        facts = [f"{name} ({counts[name]})" for name in leaders(counts, top)] if counts else []
        waiting = sum(1 for o in selected if o["technician_id"] is None)
        if waiting and technician is None:
            facts.append(f"{waiting} of the" if counts else f"None of the {waiting} ")
        return facts

    return expect


def average_actual(category: str, template: str) -> Expect:
    """The average actual hours of completed work orders of one category."""

    def expect(d: Demo) -> list[str]:
        done = d.orders(category=category, status="completed")
        return [template.format(category, one_decimal(mean(o["actual_hours"] for o in done)))]

    return expect


def largest_region_first(d: Demo) -> list[str]:
    """The region with the most work orders, which the answer names first."""
    region, n = Counter(region_of_customer(d, o) for o in d.orders()).most_common(1)[0]
    return [f"work orders: {n} in {region}"]


def busiest(d: Demo) -> str:
    """The busiest active technician (see `Demo.busiest`)."""
    return d.busiest


def colleague(d: Demo) -> str:
    """Another active technician (see `Demo.colleague`)."""
    return d.colleague


# The tables below read best one case per block, so the formatter leaves them alone.
# fmt: off
CATEGORIES = ("installation", "repair", "maintenance", "inspection", "emergency")
ACTIVE, ON_LEAVE = technicians(status="active"), technicians(status="on_leave")

TECHNICIAN_CASES = [
    case("count-active-technicians", "How many technicians are active?", "count_technicians",
         lambda d: [f"There are {len(d.technicians(status='active'))} active technicians."]),
    case("count-all-technicians-with-breakdown", "How many techs do we have?", "count_technicians",
         all_of(count(technicians(), "technicians"), count(ACTIVE, "active"),
                count(ON_LEAVE, "on leave"), count(technicians(status="inactive"), "inactive"))),
    case("count-technicians-on-leave", "How many technicians are on leave?", "count_technicians",
         count(ON_LEAVE, "technicians on leave")),
    case("count-inactive-engineers-synonym", "Number of inactive engineers", "count_technicians",
         count(technicians(status="inactive"), "inactive technicians")),
    case("list-technicians-north", "List technicians in the North region", "list_technicians",
         all_of(count(technicians(region="North"), "technicians"),
                names(technicians(region="North")))),
    case("who-has-hvac-skills", "Who has HVAC skills?", "list_technicians",
         lambda d: [f"{t['name']} ({t['region']}, {t['status'].replace('_', ' ')}, level "
                    f"{d.skill_levels(t['id'])['HVAC']})" for t in d.holders("HVAC")]),
    case("count-active-electricians", "How many electricians are active?", "count_technicians",
         lambda d: [counted(len([t for t in d.holders("Electrical") if t["status"] == "active"]),
                            "active technicians with Electrical skills")]),
    case("who-is-on-leave", "Who is on leave?", "list_technicians", names(ON_LEAVE)),
    case("technicians-per-region", "How many technicians per region?", "technicians_by_region",
         breakdown(technicians(), lambda d, t: t["region"], "{n} in {key}")),
    case("active-technicians-per-region", "How many active technicians are there in each region?",
         "technicians_by_region", breakdown(ACTIVE, lambda d, t: t["region"], "{n} in {key}")),
    case("list-all-technicians-says-it-is-capped", "List all technicians", "list_technicians",
         lambda d: [f"showing the first 20 of {len(d.technicians())}",
                    *sorted(t["name"] for t in d.technicians())[:20]]),
    case("average-hourly-rate", "What is the average hourly rate?", "average_hourly_rate", rates()),
    case("average-hourly-rate-filtered",
         "What's the average hourly rate of active technicians in the North region?",
         "average_hourly_rate", rates(status="active", region="North")),
    case("highest-hourly-rate", "Who has the highest hourly rate?",
         "top_technicians_by_hourly_rate",
         lambda d: [max(d.technicians(), key=lambda t: t["hourly_rate"])["name"], rates()(d)[2]]),
    case("lowest-hourly-rate", "Which technician has the lowest hourly rate?",
         "top_technicians_by_hourly_rate",
         lambda d: [min(d.technicians(), key=lambda t: t["hourly_rate"])["name"], rates()(d)[1]]),
    case("skills-overview", "What skills do we have?", "skill_coverage",
         lambda d: [f"{s['name']} {len(d.holders(s['name']))}" for s in d.rows["skills"]]),
    case("most-common-skill-comes-first", "Which skills are most common?", "skill_coverage",
         lambda d: ["per skill: " + min((-len(d.holders(s["name"])), s["name"])
                                         for s in d.rows["skills"])[1]]),
    case("named-technician-skills", lambda d: f"What skills does {d.busiest} have?",
         "technician_skills", skills_of(busiest)),
    case("named-technician-details", lambda d: f"Tell me about technician {d.busiest}",
         "technician_details",
         all_of(rate_of(busiest), lambda d: [f"in the {d.named(d.busiest)['region']} region",
                                             d.named(d.busiest)["hire_date"].isoformat()])),
    case("named-technician-rate-possessive", lambda d: f"What is {d.colleague}'s hourly rate?",
         "technician_details", rate_of(colleague)),
    case("named-technician-workload", lambda d: f"What is {d.busiest} working on?",
         "list_work_orders", workload_of(busiest)),
]

URGENT_OPEN = orders(priority="urgent", status="open")
WORK_ORDER_CASES = [
    case("open-urgent-work-orders", "Which urgent work orders are still open?", "list_work_orders",
         all_of(count(URGENT_OPEN, "open urgent work order"), ids(URGENT_OPEN))),
    case("count-open-work-orders", "How many open work orders are there?", "count_work_orders",
         count(orders(status="open"), "open work order")),
    case("count-urgent-tickets-with-status-breakdown", "How many urgent tickets are there?",
         "count_work_orders",
         all_of(count(orders(priority="urgent"), "urgent work order"),
                breakdown(orders(priority="urgent"), lambda d, o: o["status"].replace("_", " "),
                          "{n} {key}"))),
    case("count-outstanding-jobs", "How many jobs are outstanding?", "count_work_orders",
         count(orders(outstanding), "outstanding work order")),
    case("list-in-progress-work-orders", "Which work orders are in progress?", "list_work_orders",
         ids(orders(status="in_progress"))),
    case("created-in-named-month", "How many work orders were created in September 2026?",
         "count_work_orders", count(orders(within("created_at", SEPTEMBER)), "work order")),
    case("completed-last-month", "How many work orders were completed last month?",
         "count_work_orders",
         count(orders(within("completed_at", "last_month"), status="completed"), "work order")),
    case("created-in-last-30-days", "How many jobs were created in the last 30 days?",
         "count_work_orders", count(orders(within("created_at", "last_30_days")), "work order")),
    case("created-since-iso-date", "How many work orders have been created since 2026-09-01?",
         "count_work_orders", count(orders(within("created_at", "since_september")), "work order")),
    case("scheduled-this-week", "Which work orders are scheduled for this week?",
         "list_work_orders", ids(orders(within("scheduled_for", "this_week")))),
    case("scheduled-next-week", "How many work orders are scheduled for next week?",
         "count_work_orders", count(orders(within("scheduled_for", "next_week")), "work order")),
    case("work-orders-per-region", "How many work orders per region?", "work_orders_by_region",
         breakdown(orders(), region_of_customer, "{n} in {key}")),
    case("work-orders-by-category", "Show work orders by category", "work_orders_by_category",
         breakdown(orders(), lambda d, o: o["category"], "{n} {key}")),
    case("work-orders-by-priority", "Work order breakdown by priority", "work_orders_by_priority",
         breakdown(orders(), lambda d, o: o["priority"], "{n} {key}")),
    case("region-with-most-work-orders-comes-first", "Which region has the most work orders?",
         "work_orders_by_region", largest_region_first),
    case("open-emergency-work-orders", "How many emergency work orders are open?",
         "count_work_orders",
         count(orders(category="emergency", status="open"), "open emergency work order")),
    case("work-orders-of-premium-customers", "How many work orders do premium customers have?",
         "count_work_orders", count(orders(customer_is(tier="premium")), "work order")),
    case("cancelled-work-orders-east", "List cancelled work orders in the East region",
         "list_work_orders", ids(orders(customer_is(region="East"), status="cancelled"))),
    case("high-priority-created-this-month", "How many high priority jobs were created this month?",
         "count_work_orders",
         count(orders(within("created_at", "this_month"), priority="high"),
               "high-priority work order")),
    case("inspections-completed-last-quarter", "How many inspections were completed last quarter?",
         "count_work_orders",
         count(orders(within("completed_at", "last_quarter"), category="inspection"),
               "inspection work order")),
    case("technician-with-most-completed-work-orders",
         "Which technician completed the most work orders?", "top_technicians_by_work_orders",
         top_orders("technician", 1, status="completed")),
    case("top-3-technicians-by-completed-work-orders",
         "Who are the top 3 technicians by completed work orders?",
         "top_technicians_by_work_orders", top_orders("technician", 3, status="completed")),
    case("completed-per-technician-in-month",
         "How many work orders did each technician complete in September 2026?",
         "top_technicians_by_work_orders",
         top_orders("technician", 100, within("completed_at", SEPTEMBER), status="completed")),
    case("technicians-with-most-open-work-orders-says-who-has-none",
         "Which technicians have the most open work orders?", "top_technicians_by_work_orders",
         per_technician(5, orders(status="open"))),
    case("workload-of-each-technician", "What is the workload of each technician?",
         "top_technicians_by_work_orders", per_technician(100, orders(outstanding))),
    case("workload-of-each-active-technician", "What is the workload of each active technician?",
         "top_technicians_by_work_orders",
         per_technician(100, orders(outstanding), technician={"status": "active"})),
    case("technician-workload-without-a-verb", "Show technician workload",
         "top_technicians_by_work_orders", per_technician(100, orders(outstanding))),
    case("customers-with-most-open-work-orders",
         "Which customers have the most open work orders?", "top_customers_by_work_orders",
         top_orders("customer", 5, status="open")),
    case("top-5-customers-by-jobs", "Show me the top 5 clients by number of jobs",
         "top_customers_by_work_orders", top_orders("customer", 5)),
    case("average-actual-hours-by-category", "What is the average actual hours by category?",
         "average_work_order_hours",
         all_of(*(average_actual(c, "{} {} hours") for c in CATEGORIES))),
    case("average-duration-of-repairs", "How long do repair jobs take on average?",
         "average_work_order_hours", average_actual("repair", "took {1} actual hours")),
    case("named-customer-work-orders",
         lambda d: f"Show the work orders for {d.small_customer['name']}", "list_work_orders",
         lambda d: ids(orders(customer_id=d.small_customer["id"]))(d)),
    case("named-customer-work-order-count",
         lambda d: f"How many work orders does {d.big_customer['name']} have?", "count_work_orders",
         lambda d: count(orders(customer_id=d.big_customer["id"]), "work orders")(d)),
]

CUSTOMER_CASES = [
    case("count-premium-customers", "How many premium customers do we have?", "count_customers",
         lambda d: [f"There are {len(d.customers(tier='premium'))} premium customers."]),
    case("count-clients-with-tier-breakdown", "How many clients do we have?", "count_customers",
         all_of(count(customers(), "customers"),
                breakdown(customers(), lambda d, c: c["tier"], "{n} {key}"))),
    case("count-customers-in-region", "How many customers are in the West region?",
         "count_customers", count(customers(region="West"), "customers in the West region")),
    case("list-premium-customers", "List our premium customers", "list_customers",
         names(customers(tier="premium"))),
    case("customers-per-region", "Customers per region", "customers_by_region",
         breakdown(customers(), lambda d, c: c["region"], "{n} in {key}")),
    case("named-customer-lookup", lambda d: f"Tell me about {d.big_customer['name']}",
         "named_lookup",
         lambda d: [f"{d.big_customer['name']} is a {d.big_customer['tier']} customer in the "
                    f"{d.big_customer['region']} region with "
                    f"{len(d.orders(customer_id=d.big_customer['id']))} work orders."]),
]

TIMESHEET_CASES = [
    case("overtime-per-technician-last-week",
         "How much overtime did each technician work last week?", "hours_per_technician",
         overtime_per_technician("last_week")),
    case("total-overtime-last-week", "What was the total overtime last week?", "total_hours",
         all_of(timesheet_total("last_week", 1, " hours of overtime"),
                timesheet_total("last_week", 0, " hours logged"))),
    case("hours-logged-in-last-30-days", "How many hours were logged in the last 30 days?",
         "total_hours",
         all_of(lambda d: [f"{len(d.timesheets(d.period('last_30_days')))} technicians logged"],
                timesheet_total("last_30_days", 0, " hours"))),
    case("most-overtime-last-month", "Who worked the most overtime last month?",
         "top_technicians_by_overtime",
         lambda d: [max(d.timesheets(d.period("last_month")).items(), key=lambda i: i[1][1])[0]]),
    case("named-technician-hours-last-week",
         lambda d: f"How many hours did {d.busiest} work last week?", "hours_per_technician",
         all_of(busiest_time("last_week", 0, " hours last week"),
                busiest_time("last_week", 1, " hours of overtime"))),
    case("named-technician-overtime-in-month",
         lambda d: f"How much overtime did {d.busiest} work in September 2026?",
         "hours_per_technician", busiest_time(SEPTEMBER, 1, " hours of overtime in September")),
    case("hours-per-technician-this-month", "Show hours per technician this month",
         "hours_per_technician",
         lambda d: [f"{n} ({one_decimal(h)} hours"
                    for n, (h, _) in d.timesheets(d.period("this_month")).items()]),
]

ROBUSTNESS_CASES = [
    case("upper-case-question", "HOW MANY TECHNICIANS ARE ON LEAVE?", "count_technicians",
         count(ON_LEAVE, "technicians on leave")),
    case("greeting-politeness-and-punctuation", "Hi, could you list the techs in the south???",
         "list_technicians", names(technicians(region="South"))),
    case("busiest-means-most-work-orders", "Who is the busiest technician?",
         "top_technicians_by_work_orders", top_orders("technician", 1)),
    case("unassigned-means-open", "Which jobs are unassigned?", "list_work_orders",
         ids(orders(status="open"))),
    case("lower-case-name", lambda d: f"what skills does {d.busiest.lower()} have",
         "technician_skills", skills_of(busiest)),
    case("who-about-customers", "Who are our premium clients?", "list_customers",
         names(customers(tier="premium"))),
]

TECHNICIANS_ACTIVE = "How many technicians are active?"
FOLLOW_UP_CASES = [
    case("follow-up-changes-status", "and how many are on leave?", "count_technicians",
         count(ON_LEAVE, "technicians on leave"), TECHNICIANS_ACTIVE),
    case("follow-up-changes-region", "what about the South region?", "list_technicians",
         names(technicians(region="South")), "List technicians in the North region"),
    case("follow-up-adds-priority", "and the urgent ones?", "list_work_orders",
         ids(URGENT_OPEN), "Which work orders are still open?"),
    case("follow-up-changes-tier", "what about standard ones?", "count_customers",
         count(customers(tier="standard"), "standard customers"),
         "How many premium customers do we have?"),
    case("follow-up-changes-period", "and last week?", "hours_per_technician",
         overtime_per_technician("last_week"),
         "How much overtime did each technician work this week?"),
    case("follow-up-changes-name", lambda d: f"and {d.colleague}?", "technician_skills",
         skills_of(colleague), lambda d: f"What skills does {d.busiest} have?"),
    case("follow-up-switches-aspect-of-named-technician", "and his workload?",
         "list_work_orders", workload_of(busiest), lambda d: f"What skills does {d.busiest} have?"),
    case("follow-up-keeps-the-named-technician", "what about her hourly rate?",
         "technician_details", rate_of(busiest), lambda d: f"What skills does {d.busiest} have?"),
    case("follow-up-narrows-an-aggregate", "and for active technicians?", "average_hourly_rate",
         rates(status="active"), "What is the average hourly rate?"),
    case("follow-up-skips-unplanned-questions", "and in the North region?", "count_technicians",
         count(technicians(status="active", region="North"), "active technicians"),
         TECHNICIANS_ACTIVE, "What are the overtime rules?"),
    case("follow-up-of-a-follow-up", "what about the South region?", "count_technicians",
         count(technicians(status="on_leave", region="South"), "technicians on leave"),
         TECHNICIANS_ACTIVE, "and on leave?"),
    case("follow-up-changes-measure", "how many are there?", "count_work_orders",
         count(orders(status="scheduled"), "scheduled work orders"),
         "Which work orders are scheduled?"),
]

# Questions for the policy documents, not the data.
POLICY_QUESTIONS = [
    pytest.param("What are the overtime rules?", id="policy-rules"),
    pytest.param("How do I request annual leave?", id="policy-procedure"),
    pytest.param("What is the SLA response time for urgent work orders?", id="policy-sla"),
    pytest.param("What safety procedures apply to boiler work?", id="policy-safety"),
]
# Questions neither the data nor the documents answer.
UNANSWERABLE = [
    pytest.param("What is the capital of France?", id="general-knowledge"),
    pytest.param("Tell me a joke", id="chit-chat"),
    pytest.param("Hello!", id="greeting"),
    pytest.param("Delete all technicians", id="delete-request"),
    pytest.param("UPDATE technicians SET status = 'active'", id="sql-update"),
    pytest.param("How many unicorns are active?", id="unknown-entity"),
    pytest.param("How many technicians are in the Atlantis region?", id="unknown-region"),
    pytest.param("What was our revenue last quarter?", id="revenue-is-not-in-the-data"),
    pytest.param("Which technicians like pizza?", id="unknown-attribute"),
    pytest.param("How many work orders per month?", id="unsupported-grouping"),
    pytest.param("How many HVAC work orders are open?", id="work-orders-have-no-skill"),
    pytest.param("How many work orders were created around Christmas?", id="unreadable-period"),
]
# The catalog plans no query for any of these; the fragment may still match a passage (the
# SLA's definition of urgent).
UNSUPPORTED = [
    *POLICY_QUESTIONS,
    *UNANSWERABLE,
    pytest.param("and the urgent ones?", id="follow-up-without-context"),
]

UNSUPPORTED_FOLLOW_UPS = [
    pytest.param("and the week before?", ["How much overtime did each technician work this week?"],
                 id="unreadable-period"),
    pytest.param("Tell me a joke", [TECHNICIANS_ACTIVE], id="chit-chat-after-data"),
    pytest.param("and the urgent ones?", [TECHNICIANS_ACTIVE], id="filter-foreign-to-subject"),
    pytest.param("and how many unicorns?", [TECHNICIANS_ACTIVE], id="unknown-word"),
    pytest.param("and the urgent ones?", ["Tell me a joke"], id="context-never-planned"),
]
# fmt: on

ANSWERED = [
    *TECHNICIAN_CASES,
    *WORK_ORDER_CASES,
    *CUSTOMER_CASES,
    *TIMESHEET_CASES,
    *ROBUSTNESS_CASES,
]
PLANNED = [*ANSWERED, *FOLLOW_UP_CASES]
