"""The explicit representation of a data question, independent of its wording and of SQL.

A `Question` says which rows are counted or listed (its subject), the filters on them (each
with its polarity), the measure, the grouping, the comparison, the thresholds, the time range
and whether it refers to the previous turn. The planner (`build.py`) turns it into SQL; the
composer (`answer.py`) states the result. Fields are named "entity.attribute" (see
`fields.py`).
"""

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

Op = Literal["=", "<>", ">", ">=", "<", "<="]
MeasureKind = Literal["count", "list", "sum", "avg", "share", "lookup"]


@dataclass(frozen=True)
class Filter:
    """`field` is one of `values` (or, negated, none of them); `values` empty means "any" (so
    a negated filter without values means "has none": "no technician assigned")."""

    field: str
    values: tuple[str, ...] = ()
    negated: bool = False


@dataclass(frozen=True)
class Threshold:
    """`field` compared with a number, a date or another field (`other`)."""

    field: str
    op: Op
    value: float | date | None = None
    other: str | None = None


@dataclass(frozen=True)
class Period:
    """A half-open range of days on a date field."""

    field: str
    start: date
    end: date
    label: str


@dataclass(frozen=True)
class Measure:
    """What is computed: a count, a list, a sum/average of fields, a share, or attributes of
    named rows (lookup)."""

    kind: MeasureKind
    fields: tuple[str, ...] = ()
    # For a share: the filters and thresholds that select the part of the whole.
    part: tuple[Filter, ...] = ()
    part_thresholds: tuple[Threshold, ...] = ()

    def part_question(self, subject: str) -> "Question":
        """The part of a share as a question of its own (for its conditions and its words)."""
        return Question(subject, filters=self.part, thresholds=self.part_thresholds)


@dataclass(frozen=True)
class Rank:
    """Order the rows (or groups) by the measure or by `field`, keep `n` from `place` on (the
    second highest: place 2)."""

    descending: bool = True
    n: int | None = 1
    field: str | None = None
    place: int = 1

    @property
    def ordinal(self) -> str:
        """ "second " for the second highest; "" for the first."""
        return ORDINAL_WORDS.get(self.place, "")


ORDINAL_WORDS = {2: "second ", 3: "third ", 4: "fourth ", 5: "fifth "}
# Groupings whose groups are rows of a table, with ids a follow-up can select.
ROW_GROUPS = ("technician", "customer", "skill")
# The rows that can be counted per group with the groups that have none counted as 0
# ("technicians with fewer than 3 work orders"): the SQL joins each group to them.
COUNTED_WITH_NONE: dict[str, tuple[str, ...]] = {
    "technician": ("timesheet", "work_order", "skill"),
    "customer": ("work_order",),
}


# What a listed work order always shows: "#12 'title' for customer (urgent, open, created …)".
_DESCRIBED_WORK_ORDER = frozenset(
    ("work_order.id", "work_order.status", "work_order.priority", "work_order.created_at")
)


@dataclass(frozen=True)
class Question:
    """One data question, fully explicit."""

    subject: str
    measure: Measure = Measure("count")
    filters: tuple[Filter, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    group_by: str | None = None
    rank: Rank | None = None
    # A threshold on each group's measure ("customers with more than 10 work orders").
    having: Threshold | None = None
    period: Period | None = None
    # Rows that belong to the previous turn's result ("how many of them are open?").
    within: "Question | None" = None
    # Values of the grouping compared side by side ("North vs South") keep every side.
    compared: tuple[str, ...] = ()
    # The compared sides were asked as a ratio, the first to the second ("premium to standard").
    ratio: bool = False
    # The first of two totals asked as a percentage of the second ("what share of her hours
    # were overtime").
    percent: bool = False
    # Periods compared side by side ("September vs October"): the grouping "period", whose
    # groups are these periods' labels (`compared`).
    periods: tuple[Period, ...] = ()
    # A breakdown listed by its figure, highest first ("desc") or lowest first ("asc"), not by
    # its groups' names.
    ordered: str | None = None
    corrections: tuple[str, ...] = field(default=(), compare=False)

    def result_entity(self) -> str:
        """What the answer's rows are: the people, customers or skills of a ranking by them or
        of a threshold on their counts, else the subject's rows."""
        if self.group_by in ROW_GROUPS and (self.rank is not None or self.having is not None):
            return self.group_by
        return self.subject

    def listed_fields(self) -> list[str]:
        """The figures and dates a list of work orders shows beyond each order's description:
        what it is ranked by ("top 5 jobs by actual hours") and what it asks of them ("actual
        hours of job 5")."""
        asked = [self.rank.field] if self.rank and self.rank.field else []
        asked += list(self.measure.fields) if self.measure.kind == "list" else []
        return [
            name
            for name in dict.fromkeys(asked)
            if name.startswith("work_order.") and name not in _DESCRIBED_WORK_ORDER
        ]

    def ranks_groups(self) -> bool:
        """Whether the answer ranks groups that are no table's rows ("the region with the
        fewest customers"): a pronoun then designates groups, not rows."""
        return (
            self.rank is not None
            and self.group_by is not None
            and (self.group_by not in ROW_GROUPS)
        )

    def with_filter(self, new: Filter) -> "Question":
        """This question with `new` replacing any filter on the same field and polarity."""
        kept = tuple(f for f in self.filters if f.field != new.field)
        return replace(self, filters=(*kept, new))
