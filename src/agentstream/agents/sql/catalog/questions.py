"""Parsing a question into slots: what it is about, how to measure it, and its filters."""

import re
from dataclasses import dataclass, fields, replace
from datetime import date

from agentstream.agents.sql.catalog import vocabulary as v
from agentstream.agents.sql.catalog.dates import (
    MONTHS,
    DateRange,
    mentions_unread_period,
    parse_date_range,
)
from agentstream.agents.sql.catalog.names import Name, find_name

TECHNICIAN_STATUSES = ("active", "inactive", "on_leave")
WORK_ORDER_STATUSES = ("open", "scheduled", "in_progress", "completed", "cancelled", "outstanding")
PRIORITIES = ("low", "medium", "high", "urgent")
TIERS = ("standard", "premium")
GROUPABLE = (
    "region",
    "category",
    "priority",
    "status",
    "tier",
    v.TECHNICIANS,
    v.CUSTOMERS,
    v.SKILLS,
)
# What a question is about, by its head: skills, hours and rates are technicians' aspects.
_SUBJECT = {
    v.TECHNICIANS: v.TECHNICIANS,
    v.SKILLS: v.TECHNICIANS,
    v.HOURS: v.TECHNICIANS,
    v.OVERTIME: v.TECHNICIANS,
    v.RATE: v.TECHNICIANS,
    v.CUSTOMERS: v.CUSTOMERS,
    v.WORK_ORDERS: v.WORK_ORDERS,
}
ASPECTS = frozenset({v.SKILLS, v.HOURS, v.OVERTIME, v.RATE, v.WORK_ORDERS, "workload"})
_ENTITIES = (v.TECHNICIANS, v.CUSTOMERS, v.WORK_ORDERS, v.SKILLS, v.HOURS, v.OVERTIME, v.RATE)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_NUMBERS |= {"eight": 8, "nine": 9, "ten": 10}
_COUNT = r"(\d{1,3}|" + "|".join(_NUMBERS) + ")"

# Measures, tried in order on the lower-cased question.
_MEASURES = (
    ("top", r"\bmost\b|\btop\b|\bhighest\b|\bbusiest\b|\bbest\b|\bbiggest\b|\blargest\b"),
    ("bottom", r"\bleast\b|\bfewest\b|\blowest\b"),
    (
        "lookup",
        r"\btell me about\b|\bwho is\b|\bwho's\b|\blook up\b"
        r"|\b(?:details|info\w*|profile) (?:for|of|on|about)\b",
    ),
    ("average", r"\baverage\b|\bavg\b|\bmean\b|\btypical\b"),
    ("count", r"\bhow many\b|\bnumber of\b|\bcount\b"),
    ("total", r"\btotal\b|\bsum\b|\boverall\b|\baltogether\b|\bhow much\b|\bcombined\b"),
    ("list", r"^(?:list|show|display|give|name|find|get|which|who|what|whom)\b|\blist\b|\bshow\b"),
)
_FOLLOW_UP_CUE = re.compile(
    r"^(?:and|what about|how about|also|same for|only|just|now|ok|okay|then|but)\b\s*"
)
_FOLLOW_UP = re.compile(_FOLLOW_UP_CUE.pattern + r"|\b(?:those|them|these|the ones)\b")
_GROUP = r"\b(?:per|by|each|every|across)\s+(" + "|".join(GROUPABLE) + r")\b"
_WHICH_GROUP = r"\b(?:which|what) (region|category|priority|tier)\b"
_WORKLOAD = re.compile(r"\bworking on\b|\bworkload\b|\bbusy\b|\bbacklog\b|\bqueue\b")
_SINGULAR = re.compile(
    r"^who\b"
    r"|\b(?:which|what) (?:technician|tech|engineer|customer|client|employee|person|skill)\b(?!s)"
)
# Words outside the rewrite vocabulary that questions legitimately use.
_KNOWN_WORDS = (
    set(WORK_ORDER_STATUSES)
    | set(TECHNICIAN_STATUSES)
    | set(PRIORITIES)
    | set(TIERS)
    | set(MONTHS)
    | set(_NUMBERS)
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"day", "days", "weeks", "months", "years", "quarters", "yesterday", "next", "ago"}
)


def is_known(word: str) -> bool:
    """Whether `word` (lower case) is vocabulary rather than part of a name or an unknown word."""
    if word in _KNOWN_WORDS or word.isdigit() or re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
        return True
    return v.is_vocabulary(word)


@dataclass(frozen=True)
class Slots:
    """Everything the planner understood in one question."""

    head: str | None = None  # the first entity mentioned: what is counted or listed
    mentions: frozenset[str] = frozenset()
    measure: str | None = None
    top_n: int | None = None
    group_by: str | None = None
    tech_status: str | None = None
    wo_status: str | None = None
    priority: str | None = None
    region: str | None = None
    skill: str | None = None
    tier: str | None = None
    category: str | None = None
    period: DateRange | None = None
    date_field: str | None = None
    name: Name | None = None
    follow_up: bool = False
    unknown: tuple[str, ...] = ()

    def filters(self) -> frozenset[str]:
        """Names of the filter slots that carry a value."""
        names = ("tech_status", "wo_status", "priority", "region", "skill", "tier", "category")
        set_names = {n for n in names if getattr(self, n) is not None}
        set_names |= {"period"} if self.period else set()
        set_names |= {"name"} if self.name else set()
        return frozenset(set_names)

    def merged_into(self, context: "Slots") -> "Slots":
        """This elliptical question read in the context of the previous one.

        Slots the question states replace the context's; a new aspect ("and her hourly
        rate?") replaces the previous aspect; a new subject keeps only the measure and region.
        """
        if _SUBJECT.get(self.head or "") not in (None, _SUBJECT.get(context.head or "")):
            base = Slots(measure=context.measure, region=context.region)
        else:
            base = context
        changes = {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if getattr(self, f.name) not in (None, frozenset(), (), False)
        }
        kept = base.mentions - ASPECTS if self.mentions & ASPECTS else base.mentions
        changes["mentions"] = kept | self.mentions
        return replace(base, **changes)


def _first(pattern_pairs: tuple[tuple[str, re.Pattern[str]], ...], text: str) -> str | None:
    found = [(m.start(), name) for name, p in pattern_pairs if (m := p.search(text))]
    return min(found)[1] if found else None


def _measure(lowered: str) -> str | None:
    return next((m for m, pattern in _MEASURES if re.search(pattern, lowered)), None)


def _top_n(lowered: str) -> int | None:
    if match := re.search(rf"\b(?:top|first|best) {_COUNT}\b|\bthe {_COUNT} \w+ with\b", lowered):
        token = match.group(1) or match.group(2)
        return int(token) if token.isdigit() else _NUMBERS[token]
    return 1 if _SINGULAR.search(lowered) else None


def _statuses(canonical: str, head: str | None) -> tuple[str | None, str | None]:
    tokens = canonical.split()
    tech = next((t for t in tokens if t in TECHNICIAN_STATUSES), None)
    work = next((t for t in tokens if t in WORK_ORDER_STATUSES), None)
    if tech == "active" and head == v.WORK_ORDERS:
        return None, work or "outstanding"  # an "active job" is one that is not finished
    return tech, work


def parse_question(question: str, today: date) -> Slots:
    """Read `question` into slots; dates are resolved against `today`."""
    lowered = " ".join(question.lower().replace("\u2019", "'").split())
    name = find_name(question, is_known)
    without_name = lowered
    for word in name.words if name else ():
        without_name = re.sub(rf"\b{re.escape(word.lower())}(?:'s)?(?!\w)", " ", without_name)
    canonical = v.canonicalize(without_name)
    tokens = canonical.split()
    positions = {t: tokens.index(t) for t in _ENTITIES if t in tokens}
    if "who" in tokens and v.CUSTOMERS not in positions:
        # "who" asks for people unless the question is about customers ("who are our clients")
        positions.setdefault(v.TECHNICIANS, tokens.index("who"))
    if "busiest" in tokens:
        positions.setdefault(v.WORK_ORDERS, len(tokens))  # busy means many work orders
    category = _first(v.CATEGORY_PATTERNS, canonical)
    if category and v.WORK_ORDERS not in positions:
        # "inspections", "repairs": a category noun names work orders by itself.
        match = dict(v.CATEGORY_PATTERNS)[category].search(canonical)
        positions[v.WORK_ORDERS] = canonical[: match.start() if match else 0].count(" ")
    head = min(positions, key=positions.__getitem__) if positions else None
    period = parse_date_range(lowered, today)
    tech_status, wo_status = _statuses(canonical, head)
    date_field = "created_at"
    if period and "completed" in tokens:
        date_field = "completed_at"
    elif period and re.search(r"\bscheduled\b|\bdue\b", lowered):
        date_field = "scheduled_for"
        wo_status = None if wo_status == "scheduled" else wo_status
    group = re.search(_GROUP, canonical) or re.search(_WHICH_GROUP, canonical)
    mentions = frozenset(positions) | ({"workload"} if _WORKLOAD.search(lowered) else set())
    # "what about the South region?": the cue is not a "what" question of its own.
    asked = _FOLLOW_UP_CUE.sub("", lowered)
    return Slots(
        head=head,
        mentions=mentions,
        measure=_measure(asked),
        top_n=_top_n(asked),
        group_by=group.group(1) if group else None,
        tech_status=tech_status,
        wo_status=wo_status,
        priority=next((t for t in tokens if t in PRIORITIES), None),
        region=(m.group(1).title() if (m := v.REGION_PATTERN.search(canonical)) else None),
        skill=_first(v.SKILL_PATTERNS, canonical),
        tier=next((t for t in tokens if t in TIERS), None),
        category=category,
        period=period,
        date_field=date_field if period else None,
        name=name,
        follow_up=bool(_FOLLOW_UP.search(lowered)),
        unknown=tuple(t for t in tokens if not is_known(t))
        + (("<period>",) if mentions_unread_period(lowered, today) else ()),
    )
