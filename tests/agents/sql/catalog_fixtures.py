"""The demo data seen from Python, and a small vocabulary for stating expected answers.

Expectations are computed from `generate()` rows here, independently of the catalog's SQL:
an expectation is a function of the data returning text fragments the answer must contain.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from agentstream.demo.fieldservice.generator import REFERENCE_DATE, generate

Row = dict[str, Any]
Period = tuple[date, date]
Select = Callable[["Demo"], list[Row]]
Expect = Callable[["Demo"], list[str]]
RowTest = Callable[["Demo", Row], bool]
OUTSTANDING = ("open", "scheduled", "in_progress")
SEPTEMBER: Period = (date(2026, 9, 1), date(2026, 10, 1))


def one_decimal(value: Any) -> str:
    """Hours as people round them."""
    return f"{Decimal(str(value)).quantize(Decimal('0.1'), ROUND_HALF_UP):,}"


def two_decimals(value: Any) -> str:
    """Money as people round it."""
    return f"{Decimal(str(value)).quantize(Decimal('0.01'), ROUND_HALF_UP):,}"


def _month(day: date, months_back: int) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


@dataclass
class Demo:
    """Rows of `generate()` with the lookups and calendar periods the expectations need."""

    rows: dict[str, list[Row]] = field(default_factory=generate)
    today: date = REFERENCE_DATE

    def period(self, name: str) -> Period:
        """A named period relative to `today`, computed with plain calendar arithmetic."""
        monday = self.today - timedelta(days=self.today.weekday())
        week = timedelta(days=7)
        tomorrow = self.today + timedelta(days=1)
        quarter = _month(self.today, (self.today.month - 1) % 3 + 3)
        return {
            "this_week": (monday, monday + week),
            "last_week": (monday - week, monday),
            "next_week": (monday + week, monday + 2 * week),
            "this_month": (_month(self.today, 0), _month(self.today, -1)),
            "last_month": (_month(self.today, 1), _month(self.today, 0)),
            "last_quarter": (quarter, _month(quarter, -3)),
            "last_30_days": (tomorrow - timedelta(days=30), tomorrow),
            "since_september": (SEPTEMBER[0], tomorrow),
        }[name]

    def technicians(self, **equal: Any) -> list[Row]:
        """Technicians whose columns equal the given values."""
        return _where(self.rows["technicians"], equal)

    def customers(self, **equal: Any) -> list[Row]:
        """Customers whose columns equal the given values."""
        return _where(self.rows["customers"], equal)

    def orders(self, **equal: Any) -> list[Row]:
        """Work orders whose columns equal the given values."""
        return _where(self.rows["work_orders"], equal)

    def customer(self, customer_id: int) -> Row:
        """The customer with this id."""
        return next(c for c in self.rows["customers"] if c["id"] == customer_id)

    def technician(self, technician_id: int) -> Row:
        """The technician with this id."""
        return next(t for t in self.rows["technicians"] if t["id"] == technician_id)

    def named(self, name: str) -> Row:
        """The technician with this exact name."""
        return next(t for t in self.rows["technicians"] if t["name"] == name)

    def skill_levels(self, technician_id: int) -> dict[str, int]:
        """A technician's skills and their levels."""
        names = {s["id"]: s["name"] for s in self.rows["skills"]}
        return {
            names[row["skill_id"]]: row["level"]
            for row in self.rows["technician_skills"]
            if row["technician_id"] == technician_id
        }

    def holders(self, skill: str) -> list[Row]:
        """Technicians who have the skill."""
        return [t for t in self.technicians() if skill in self.skill_levels(t["id"])]

    def timesheets(self, period: Period) -> dict[str, tuple[Decimal, Decimal]]:
        """Hours and overtime per technician name over a half-open period."""
        totals: dict[str, tuple[Decimal, Decimal]] = {}
        for row in self.rows["timesheets"]:
            if period[0] <= row["work_date"] < period[1]:
                name = self.technician(row["technician_id"])["name"]
                hours, overtime = totals.get(name, (Decimal(0), Decimal(0)))
                totals[name] = (hours + row["hours"], overtime + row["overtime_hours"])
        return totals

    def order_counts(self, orders: list[Row], by: str) -> Counter[str]:
        """Work orders per assigned technician (`by="technician"`) or per customer name."""
        if by == "technician":
            return Counter(
                self.technician(o["technician_id"])["name"] for o in orders if o["technician_id"]
            )
        return Counter(self.customer(o["customer_id"])["name"] for o in orders)

    # Name questions follow the data: the people and customers are picked, not typed in.
    @property
    def busiest(self) -> str:
        """The active technician with the most completed work orders."""
        counts = self.order_counts(self.orders(status="completed"), "technician")
        active = [str(t["name"]) for t in self.technicians(status="active")]
        return max(active, key=counts.__getitem__)

    @property
    def colleague(self) -> str:
        """Another active technician, for follow-ups that switch names."""
        return min(
            str(t["name"]) for t in self.technicians(status="active") if t["name"] != self.busiest
        )

    @property
    def big_customer(self) -> Row:
        """The customer with the most work orders."""
        counts = Counter(o["customer_id"] for o in self.orders())
        return self.customer(max(counts, key=lambda cid: (counts[cid], -cid)))

    @property
    def small_customer(self) -> Row:
        """A customer with at least two orders but few enough to be listed in full."""
        counts = Counter(o["customer_id"] for o in self.orders())
        return self.customer(min(counts, key=lambda cid: (counts[cid] < 2, counts[cid], cid)))


def _where(rows: list[Row], equal: dict[str, Any]) -> list[Row]:
    return [row for row in rows if all(row[key] == value for key, value in equal.items())]


# --- selections -----------------------------------------------------------------------------
def technicians(**equal: Any) -> Select:
    """Technicians whose columns equal the given values."""
    return lambda d: d.technicians(**equal)


def customers(**equal: Any) -> Select:
    """Customers whose columns equal the given values."""
    return lambda d: d.customers(**equal)


def orders(*tests: RowTest, **equal: Any) -> Select:
    """Work orders whose columns equal the given values and that pass every test."""
    return lambda d: [o for o in d.orders(**equal) if all(test(d, o) for test in tests)]


def within(column: str, period: str | Period) -> RowTest:
    """The order's timestamp `column` falls in a named or explicit half-open period."""

    def test(d: Demo, order: Row) -> bool:
        start, end = d.period(period) if isinstance(period, str) else period
        value = order[column]
        return value is not None and datetime.combine(start, datetime.min.time()) <= value < (
            datetime.combine(end, datetime.min.time())
        )

    return test


def customer_is(**equal: Any) -> RowTest:
    """Work orders whose customer's columns equal the given values."""
    return lambda d, order: all(d.customer(order["customer_id"])[k] == v for k, v in equal.items())


def outstanding(d: Demo, order: Row) -> bool:
    """Whether the work order is not finished yet."""
    return order["status"] in OUTSTANDING


# --- expectations ---------------------------------------------------------------------------
_SINGULAR = {"technicians": "technician", "customers": "customer", "orders": "order"}


def counted(n: int, noun: str) -> str:
    """``5 technicians on leave`` / ``1 technician on leave`` / ``no technicians on leave``."""
    if n == 1:
        noun = " ".join(_SINGULAR.get(word, word) for word in noun.split())
    return f"no {noun}" if n == 0 else f"{n} {noun}"


def count(select: Select, noun: str) -> Expect:
    """The answer states how many rows the selection has: ``7 open work order``."""
    return lambda d: [counted(len(select(d)), noun)]


def names(select: Select) -> Expect:
    """The names of the selected rows."""
    return lambda d: [row["name"] for row in select(d)]


def ids(select: Select) -> Expect:
    """The selected work orders as the answer quotes them: ``#12 'Title'``."""
    return lambda d: [f"#{row['id']} '{row['title']}'" for row in select(d)]


def breakdown(select: Select, key: Callable[[Demo, Row], str], template: str) -> Expect:
    """Every group of the selection with its size, e.g. template ``"{n} in {key}"``."""
    return lambda d: [
        template.format(n=n, key=k) for k, n in Counter(key(d, r) for r in select(d)).items()
    ]


def leaders(counts: Counter[str], top: int) -> list[str]:
    """The names in the first `top` places, everyone tied with the last place included."""
    ranked = counts.most_common()
    cutoff = ranked[min(top, len(ranked)) - 1][1]
    return [name for name, n in ranked if n >= cutoff]


def all_of(*expects: Expect) -> Expect:
    """All the facts of several expectations."""
    return lambda d: [fact for expect in expects for fact in expect(d)]
