"""An amount a rule raises in steps with time served, worked out for the asker's years:
"Full-time employees receive 25 days of paid vacation … Entitlement rises by 1 day after 5
years of service and by 1 more day after 10 years, to a maximum of 27 days" for "I've been
here 7 years" is 25 days and 1 day after 5 years, 26 days.

The amount starts from the first one the quoted statements give in the steps' unit that is
neither a step nor a maximum, and takes every step whose years the asker's reach, up to the
maximum.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from agentstream.agents.stated import stated_figures
from agentstream.quantities import located

# "rises by 1 day after 5 years", "and by 1 more day after 10 years".
_STEP = re.compile(
    r"\bby\s+(?P<amount>\d+)\s+(?:more\s+|extra\s+|further\s+)?(?P<unit>day|days|week|weeks)"
    r"\s+after\s+(?P<years>\d+)\s+years?\b",
    re.IGNORECASE,
)
# What raises in steps: the rule says so before its first step.
_RISES = re.compile(r"\b(?:rises|increases|goes up|grows)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Served:
    """An amount worked out for the asker's years: the sentence and the years as written."""

    sentence: str
    years: str


def _unit(word: str) -> str:
    return word.lower().rstrip("s")


def work_out_steps(question: str, statements: Sequence[str]) -> list[Served]:
    """The amount the quoted statements raise in steps with years served, worked out for the
    asker's own years (one figure of years)."""
    years = [s for s in stated_figures(question) if s.own and s.figure.unit == "year"]
    if len(years) != 1 or years[0].listed:
        return []
    (served,) = years
    for index, statement in enumerate(statements):
        rises = _RISES.search(statement)
        if rises is None:
            continue
        steps = list(_STEP.finditer(statement, rises.end()))
        if not steps:
            continue
        unit = _unit(steps[0].group("unit"))
        # the amount before any step: in an earlier statement, or before the rule's "rises"
        before = [*statements[:index], statement[: rises.start()]]
        base = next(
            (
                figure.value
                for earlier in before
                for _, figure in located(earlier)
                if _unit(figure.unit) == unit and figure.bound is None and figure.threshold is None
            ),
            None,
        )  # fmt: skip
        if base is None:
            continue
        cap = next(
            (
                f.value
                for _, f in located(statement)
                if _unit(f.unit) == unit and f.bound == "at_most"
            ),
            None,
        )
        reached = [s for s in steps if served.figure.value >= float(s.group("years"))]
        amount = base + sum(float(s.group("amount")) for s in reached)
        amount = min(amount, cap) if cap is not None else amount
        if reached:
            taken = " and ".join(
                f"{s.group('amount')} {s.group('unit')} after {s.group('years')} years"
                for s in reached
            )
            how = f"{base:g} {unit}s plus {taken}, {amount:g} {unit}s"
        else:
            how = f"{base:g} {unit}s (the first step comes after {steps[0].group('years')} years)"
        return [Served(f"with your {served.said}: {how}", served.said)]
    return []
