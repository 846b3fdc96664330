"""The figures a question states of its own case, and the bounds of a rule they fall within.

"We damaged a customer's property, about 7k worth: who does this get escalated to?" is
answered by the escalation level for "property damage over $5,000", and "I worked 11 hours on
an emergency call-out" by the rates of "hours over 8 in a day" and "hours over 10 in a single
day": a statement whose bound the asker's figure meets speaks of the asker's case, though it
shares no word with the figure.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

# The units a figure is counted in, by the forms people write them.
_UNITS = {
    "hour": "hour",
    "hours": "hour",
    "hr": "hour",
    "hrs": "hour",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
    "yr": "year",
    "yrs": "year",
    "%": "%",
}
_UNIT = r"(hours?|hrs?|days?|weeks?|months?|years?|yrs?|%)"
_NUMBER = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
# "$7,000", "7k", "about $7.5k worth", "11 hours", "6 yrs"
_AMOUNT = re.compile(rf"(\$)?\s?{_NUMBER}(k\b)?\s?{_UNIT}?(?!\w|,\d)", re.IGNORECASE)
# The words that set a bound, by the side of it a figure must be on.
_ABOVE = ("over", "more than", "above", "beyond", "longer than", "exceeding")
_AT_LEAST = ("at least",)
_BELOW = ("under", "less than", "below", "fewer than")
_AT_MOST = ("up to", "within", "no more than", "at most")
# "over $5,000", "more than 3 consecutive days", "up to 10 days"
_BOUND = re.compile(
    rf"\b({'|'.join((*_ABOVE, *_AT_LEAST, *_BELOW, *_AT_MOST))})\s+(\$)?\s?{_NUMBER}(k\b)?"
    rf"(?:\s+(?:[a-z]+\s+)?{_UNIT})?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Amount:
    """A figure and what it counts: "$" for money, else a unit ("hour", "day")."""

    value: Decimal
    unit: str


def _amount(dollar: str | None, number: str, thousands: str | None, unit: str | None) -> Amount:
    value = Decimal(number.replace(",", "")) * (1000 if thousands else 1)
    counted = "$" if dollar or thousands else _UNITS.get((unit or "").lower(), "")
    return Amount(value, counted)


# "more than 10 hrs": the asker's figure is past the number, not the number itself.
_PAST = re.compile(rf"\b(?:{'|'.join(_ABOVE)})\s*$", re.IGNORECASE)
_SHORT_OF = re.compile(rf"\b(?:{'|'.join(_BELOW)})\s*$", re.IGNORECASE)
_MARGIN = Decimal("0.001")


def stated_amounts(question: str) -> list[Amount]:
    """The figures a question states with what they count ("7k" is $7,000; "more than 10
    hrs" is a little more than 10 hours); bare numbers, which count nothing said, are left
    out."""
    found = []
    for match in _AMOUNT.finditer(question):
        amount = _amount(*match.groups())
        before = question[: match.start()]
        if _PAST.search(before):
            amount = Amount(amount.value + _MARGIN, amount.unit)
        elif _SHORT_OF.search(before):
            amount = Amount(amount.value - _MARGIN, amount.unit)
        found.append(amount)
    return [amount for amount in found if amount.unit]


def meets_a_bound(amounts: Sequence[Amount], statement: str) -> bool:
    """Whether one of the asker's figures falls within a bound the statement sets on the same
    unit ("$7,000" within "over $5,000"; "11 hours" within "hours over 10")."""
    for match in _BOUND.finditer(statement):
        word, dollar, number, thousands, unit = match.groups()
        bound = _amount(dollar, number, thousands, unit or _unit_before(statement, match.start()))
        for amount in amounts:
            if bound.unit and amount.unit == bound.unit and _within(word.lower(), amount, bound):
                return True
    return False


def _unit_before(statement: str, start: int) -> str | None:
    """ "Hours over 8 in a day": the unit the bound's noun names before it."""
    before = re.findall(r"[a-z%]+", statement[:start].lower())
    return before[-1] if before and before[-1] in _UNITS else None


def _within(word: str, amount: Amount, bound: Amount) -> bool:
    if word in _ABOVE:
        return amount.value > bound.value
    if word in _AT_LEAST:
        return amount.value >= bound.value
    if word in _BELOW:
        return amount.value < bound.value
    return amount.value <= bound.value
