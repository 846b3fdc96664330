"""The English the engine reads: every word it maps, and what each one means.

A word is a sense (an entity, an attribute, a measure, an operator...) or filler that carries
no meaning for a query. Negation, comparison and threshold words are senses, never filler, so a
question the parse cannot account for is refused instead of answered as another one. The
tenant's own values (names, regions, skills, statuses) are added per tenant by `reading.py`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Sense:
    """What a word or phrase means: `kind` and, for most kinds, a `value`."""

    kind: str
    value: str = ""
    # A second meaning carried by the same word ("electricians": technicians with a skill).
    also: "Sense | None" = None


def _s(kind: str, value: str = "", also: Sense | None = None) -> Sense:
    return Sense(kind, value, also)


def _entries(words: str, sense: Sense) -> dict[str, Sense]:
    return {word.strip(): sense for word in words.split(",") if word.strip()}


ENTITY, VALUE, ATTRIBUTE, MEASURE, RANK, CMP, NEG = (
    "entity",
    "value",
    "attribute",
    "measure",
    "rank",
    "cmp",
    "neg",
)
GROUP, COMPARE, REF, CUE, CONJ, COPULA, CHANGE, ORDER = (
    "group",
    "compare",
    "ref",
    "cue",
    "conj",
    "copula",
    "change",
    "order",
)

PHRASES: dict[str, Sense] = {
    **_entries(
        "technician, technicians, tech, techs, engineer, engineers, employee, employees, staff,"
        " worker, workers, people, ppl, personnel, team member, team members, technican,"
        " technicans, person, persons, anyone, anybody, somebody, someone, everyone, everybody,"
        # how a manager speaks of their team ("which of our guys are on leave")
        " guys, folks, crew",
        _s(ENTITY, "technician"),
    ),
    **_entries("headcount, head count", _s(ENTITY, "technician", _s(MEASURE, "count"))),
    **_entries(
        "earner, earners", _s(ENTITY, "technician", _s(ATTRIBUTE, "technician.hourly_rate"))
    ),
    **_entries(
        "electrician, electricians", _s(ENTITY, "technician", _s(VALUE, "skill:electrical"))
    ),
    **_entries("plumber, plumbers", _s(ENTITY, "technician", _s(VALUE, "skill:plumbing"))),
    **_entries(
        "customer, customers, client, clients, account, accounts, cust, custs",
        _s(ENTITY, "customer"),
    ),
    **_entries(
        "work order, work orders, workorder, workorders, work-order, work-orders, wo, wos, job,"
        " jobs, ticket, tickets, tix, order, orders, task, tasks, visit, visits, service call,"
        " service calls, service request, service requests",
        _s(ENTITY, "work_order"),
    ),
    **_entries(
        "timesheet, timesheets, timesheet entry, timesheet entries, time sheet, time sheets,"
        " entries, timesheet day, timesheet days, workday, workdays, work day, work days,"
        " working day, working days",
        _s(ENTITY, "timesheet"),
    ),
    **_entries(
        "skill, skills, skillset, skillsets, certification, certifications, qualification,"
        " qualifications, expertise",
        _s(ENTITY, "skill"),
    ),
    # attributes
    **_entries(
        "hourly rate, hourly rates, rate, rates, rate of pay, pay rate, pay, wage, wages,"
        " hourly pay, paid, earn, earns, earning, make, makes, making, per hour, an hour, a hour,"
        " /hr,"
        " hourly, salary",
        _s(ATTRIBUTE, "technician.hourly_rate"),
    ),
    **_entries(
        "overtime, over time, ot, overtime hours", _s(ATTRIBUTE, "timesheet.overtime_hours")
    ),
    **_entries(
        "hours, hour, hrs, hr, logged, worked, work, time, log, logs, logging, put in, put on,"
        " puts in, putting in",
        _s(ATTRIBUTE, "hours"),
    ),
    **_entries("took, take, takes, duration", _s(ATTRIBUTE, "work_order.actual_hours")),
    **_entries("actual, actual hours", _s(ATTRIBUTE, "work_order.actual_hours")),
    **_entries(
        "estimated, estimate, estimates, estimated hours, estimation",
        _s(ATTRIBUTE, "work_order.estimated_hours"),
    ),
    **_entries("level, levels, skill level, lvl, lvls", _s(ATTRIBUTE, "technician.skill_level")),
    **_entries("hired, hire date, hire, joined, start date", _s(ATTRIBUTE, "technician.hire_date")),
    **_entries("email, e-mail, email address", _s(ATTRIBUTE, "technician.email")),
    **_entries(
        # "tickets that came in during Q2": those raised then
        "created, opened, raised, submitted, came in, come in, comes in, coming in",
        _s(ATTRIBUTE, "work_order.created_at"),
    ),
    **_entries("scheduled for, due, booked", _s(ATTRIBUTE, "work_order.scheduled_for")),
    **_entries("region, regions, area, areas, territory, zone, zones", _s(ATTRIBUTE, "region")),
    **_entries("status, statuses, state, states", _s(ATTRIBUTE, "status")),
    **_entries("priority, priorities, prio, prios", _s(ATTRIBUTE, "work_order.priority")),
    **_entries(
        "category, categories, type, types, kind, kinds, job category, job categories,"
        " job type, job types, work order category, work order categories",
        _s(ATTRIBUTE, "work_order.category"),
    ),
    **_entries("tier, tiers, segment, segments", _s(ATTRIBUTE, "customer.tier")),
    **_entries(
        "with us, employed, working here, still employed", _s(ATTRIBUTE, "technician.status")
    ),
    **_entries("based, located, work in, works in, working in", _s(ATTRIBUTE, "region:located")),
    **_entries(
        "overrun, overruns, overran, went over, ran over, runs over, run over, goes over,"
        " blew past, blown past, went past, ran past, blew through, past their estimate,"
        " past its estimate, past the estimate, blew past their estimate, went past their"
        " estimate, ran past their estimate, blew past the estimate,"
        " exceed, exceeds, exceeded,"
        " over estimate, over their estimate, over their estimated hours, over its estimate,"
        " over the estimate, over the estimated hours, over estimated hours, over estimates,"
        " over budget, difference, gap, actual minus estimated, actual minus estimate,"
        " actual hours minus estimated hours, actual minus estimated hours",
        _s(ATTRIBUTE, "overrun"),
    ),
    # "went over the estimate": the estimate is the overrun's, not a figure asked for
    **_entries(
        ", ".join(
            f"{verb} {whose}{estimate}"
            for verb in (
                *("went over", "ran over", "runs over", "run over", "go over", "goes over"),
                *("exceeded", "exceed"),
                *("exceeds", "overrun", "overruns", "overran"),
            )
            for whose in ("the ", "their ", "its ", "")
            for estimate in ("estimate", "estimates", "estimated hours", "estimated time")
        ),
        _s(ATTRIBUTE, "overrun"),
    ),
    # measures
    **_entries(
        "how many, number of, no. of, no of, count, counts, # of, #, total number of,"
        " number, amount of",
        _s(MEASURE, "count"),
    ),
    **_entries("total, sum, overall, altogether, combined, in total, how much", _s(MEASURE, "sum")),
    **_entries("average, avg, mean, typical, on average", _s(MEASURE, "avg")),
    **_entries(
        "percentage, percent, per cent, %, share, proportion, fraction, ratio",
        _s(MEASURE, "share"),
    ),
    **_entries(
        "list, show, display, give, name, names, find, get, which, who, what, whom, whose, see,"
        " who are, pull up, bring up, look up, show me, get me",
        _s(MEASURE, "list"),
    ),
    **_entries(
        "tell me about, details, detail, profile, info, information, about, look up, lookup",
        _s(MEASURE, "lookup"),
    ),
    **_entries("when", _s(MEASURE, "when")),
    # rankings
    **_entries(
        "most, highest, top, best, biggest, largest, busiest, greatest, maximum, max, more,"
        " higher, most common, most frequent, most popular",
        _s(RANK, "desc"),
    ),
    **_entries(
        "least, lowest, fewest, bottom, minimum, min, smallest, less common, least common,"
        " fewer, lower",
        _s(RANK, "asc"),
    ),
    **_entries("most recently, newest, latest, most recent", _s(RANK, "recent")),
    # a breakdown listed by its figure: "avg hourly rate per region, highest first"
    **_entries(
        "highest first, most first, largest first, biggest first, in descending order,"
        " descending, from highest to lowest, highest to lowest, from most to least,"
        " most to least, sorted descending",
        _s(ORDER, "desc"),
    ),
    **_entries(
        "lowest first, least first, fewest first, smallest first, in ascending order,"
        " ascending, from lowest to highest, lowest to highest, from least to most,"
        " least to most, sorted ascending",
        _s(ORDER, "asc"),
    ),
    **_entries("cheapest", _s(RANK, "asc", _s(ATTRIBUTE, "technician.hourly_rate"))),
    # "which jobs took the longest": the time a job took is its actual hours
    **_entries(
        "longest, longest-running, longest running",
        _s(RANK, "desc", _s(ATTRIBUTE, "work_order.actual_hours")),
    ),
    **_entries(
        "shortest, quickest, fastest", _s(RANK, "asc", _s(ATTRIBUTE, "work_order.actual_hours"))
    ),
    **_entries(
        "most expensive, priciest", _s(RANK, "desc", _s(ATTRIBUTE, "technician.hourly_rate"))
    ),
    **_entries(
        "longest-serving, longest serving, most senior, oldest, earliest, longest tenure",
        _s(RANK, "senior"),
    ),
    # thresholds
    **_entries(
        "more than, over, above, greater than, higher than, exceeding, in excess of, beyond,"
        " after, longer than, more time than, longer time than",
        _s(CMP, ">"),
    ),
    **_entries(
        "at least, or more, or higher, or above, or over, minimum of, since, or later, or after,"
        " and later, onwards, or newer",
        _s(CMP, ">="),
    ),
    **_entries(
        "less than, under, below, fewer than, lower than, before, prior to, shorter than,"
        " less time than",
        _s(CMP, "<"),
    ),
    **_entries(
        "at most, or less, or fewer, or lower, or below, up to, until, maximum of, or earlier,"
        " or before, and earlier, or older",
        _s(CMP, "<="),
    ),
    **_entries("between", _s(CMP, "between")),
    # negation and exclusion
    **_entries(
        "not, no, non, n't, never, without, except, excluding, exclude, other than, outside,"
        " outside of, neither, nor, none, nobody, no one, apart from, aside from, but not,"
        " besides, not counting, without counting, leaving out, ignoring, zero",
        _s(NEG),
    ),
    # grouping and comparison
    **_entries(
        "per, by, each, for each, every, for every, breakdown, break down, broken down, split,"
        " grouped, group, across, in each, break, broken",
        _s(GROUP),
    ),
    **_entries(
        "vs, versus, vs., compare, compared, comparison, compare with, compared with,"
        " compared to, against, relative to, than, over or under, under or over",
        _s(COMPARE),
    ),
    # the previous turn
    **_entries("they, them, those, these, their, theirs", _s(REF, "plural")),
    # "what's the difference between the two?": two earlier answers set against each other
    **_entries(
        "between the two, between those two, between these two, between them, between both",
        _s(REF, "pair"),
    ),
    **_entries("he, she, him, her, his, hers", _s(REF, "person")),
    **_entries("it, its, that, this one, that one", _s(REF, "it")),
    **_entries(
        "what about, how about, same question, same for, same, also, instead, again, now,"
        " then, ok, okay, only, just, how long",
        _s(CUE),
    ),
    **_entries("and, or, plus, as well as, &, but, both", _s(CONJ)),
    # "the ones that are ...": a relative clause, not a pronoun for the previous answer
    **_entries("the ones that, ones that, the ones which, the ones who, the ones with", _s(CUE)),
    # requests to change data are refused whatever else they mention
    **_entries(
        "delete, drop, remove, truncate, update, insert, alter, modify, rename, erase, wipe,"
        " reset, assign to, reassign, cancel, close, reopen, mark, add, change, set",
        _s(CHANGE),
    ),
    **_entries(
        "are, is, were, was, be, been, being, have, has, had, do, does, did, got, get, gets,"
        " know, knows, logged by, belong, belongs, r, holds, hold",
        _s(COPULA),
    ),
    # "jobs nobody has picked up": held by a technician, as "assigned" says
    # ("take on" is left out: "how long do jobs take on average")
    **_entries("picked up, pick up, picks up, taken on, claimed", _s(COPULA)),
    # "who's working on them": the technician assigned; "orders that came from premium
    # customers": the customer's orders
    **_entries(
        "working on, work on, works on, worked on, came from, come from, comes from, coming from",
        _s(COPULA),
    ),
    # "who is skilled in HVAC": who holds the skill
    **_entries(
        "skilled in, skilled at, qualified in, qualified for, certified in, certified for,"
        " trained in, experienced in",
        _s(COPULA),
    ),
    # "skills on file": what the data holds is all it knows
    **_entries("on file, on record, in the system, on the system", _s(COPULA)),
    # "work orders that ended up cancelled", "urgent jobs still sitting there unassigned": what
    # they are now
    **_entries(
        "ended up, end up, ends up, wound up, sitting there, sitting, sit there, sits there",
        _s(COPULA),
    ),
}

# Words that carry no meaning for a query. Negations, comparisons, quantities and times are
# deliberately absent.
FILLER_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "into",
        "this",
        "there",
        "here",
        "we",
        "our",
        "us",
        "you",
        "your",
        "i",
        "me",
        "my",
        # "35 bucks an hour": the figure is the amount, the currency says nothing more
        "bucks",
        "dollars",
        "please",
        "pls",
        "plz",
        "thanks",
        "can",
        "could",
        "would",
        "will",
        "should",
        "kindly",
        "tell",
        "give",
        "currently",
        "presently",
        "actually",
        "really",
        "right",
        "now",
        "still",
        "yet",
        "so",
        "far",
        "ever",
        "any",
        "some",
        # "never had a single work order": not one, any
        "single",
        # "put in during October": the month says when, as "in" does
        "during",
        "all",
        "whole",
        "entire",
        "one",
        "ones",
        "assigned",
        "recorded",
        "registered",
        "tracked",
        "track",
        # "went more than 3 hours over the estimate": the figure and "over" say it
        "went",
        "ran",
        "exist",
        "existing",
        "company",
        "business",
        "team",
        "firm",
        "in-house",
        "there's",
        "what's",
        "whats",
        "who's",
        "it's",
        "let's",
        "like",
        "want",
        "need",
        "see",
        "look",
        "hello",
        "hey",
        "down",
        "thanks",
        "thank",
        "how",
        "among",
        "amongst",
        "as",
        "well",
        "value",
        "values",
        "figure",
        "figures",
        "data",
        "record",
        "records",
        "database",
        "table",
        "report",
        "up",
        "out",
        "many",
        "much",
    ]
)
# Values people write for the canonical values of coded columns; used only when the tenant's
# database has the canonical value.
VALUE_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "technician.status": {
        "active": ("active", "available"),
        "inactive": ("inactive", "former", "deactivated"),
        "on_leave": ("on leave", "on-leave", "on_leave", "on vacation", "on holiday", "away"),
    },
    "work_order.status": {
        "open": ("open",),
        "scheduled": ("scheduled", "planned"),
        "in_progress": ("in progress", "in-progress", "in_progress", "ongoing", "underway"),
        "completed": ("completed", "complete", "finished", "done", "closed", "resolved"),
        "cancelled": ("cancelled", "canceled", "cancellations", "cancellation"),
    },
    "work_order.priority": {
        "low": ("low", "low-priority"),
        "medium": ("medium", "normal", "med"),
        "high": ("high", "hi", "high-priority"),
        "urgent": ("urgent", "critical", "urgents"),
    },
    "work_order.category": {
        "installation": ("installation", "installations", "install", "installs"),
        "repair": ("repair", "repairs", "fix", "fixes"),
        "maintenance": ("maintenance", "servicing", "preventive maintenance"),
        "inspection": ("inspection", "inspections"),
        "emergency": ("emergency", "emergencies", "call-out", "call-outs", "callouts"),
    },
    "customer.tier": {
        "premium": ("premium", "vip"),
        "standard": ("standard", "regular", "basic"),
    },
    "skill.name": {
        "hvac": ("hvac", "air conditioning", "air-conditioning", "heating"),
        "electrical": ("electrical", "electric", "electricity"),
        "networking": ("networking", "network", "cabling"),
        "security systems": ("security systems", "security", "cctv"),
        "building automation": ("building automation", "bms", "building management"),
        "fire safety": ("fire safety", "fire alarms", "fire alarm", "sprinklers"),
        "elevators": ("elevators", "elevator", "lifts", "lift"),
        "generators": ("generators", "generator"),
        "boilers": ("boilers", "boiler"),
        "refrigeration": ("refrigeration", "refrigerators", "chillers", "freezers"),
    },
}
# Multi-valued words: a "pending" work order is any that is not finished.
OUTSTANDING = "outstanding, pending, unfinished, incomplete, unresolved, backlog, workload"
# "The second highest": a place in a ranking.
ORDINALS = {
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
}
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}
