"""Pay a rule sets as a multiple of the base rate, worked out for the asker's base rate and
hours: "Hours over 8 in a day … — Rate: 1.5 × base hourly rate" for "my base rate is $40 and
I worked 9 hrs on tuesday" is 8 hours at $40 and 1 hour at 1.5 × $40, $380 for the day; "are
paid at 2× their base hourly rate" of a public holiday for "3 hours on a public holiday, base
rate $30/hr" is 3 × 2 × $30, $180.

A rule for hours past a threshold ("Hours over 8 in a day") pays its multiple on the hours
past it only; a rule for every hour of a case ("Any hour on a public holiday") pays it on all
of them, and only when the question names that case. A rule for a case the question does not
name ("Hours over 10 in a single day (emergency call-outs only)") is not applied.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from agentstream.agents.clauses import in_policy_words
from agentstream.agents.stated import stated_figures
from agentstream.quantities import as_money, located
from agentstream.retrieval.bm25 import tokenize, variant_of

_NUMBER = r"\d+(?:\.\d+)?"
# "1.5 × base hourly rate", "2× their base hourly rate", "2 x the base rate".
_MULTIPLE = re.compile(
    rf"(?P<times>{_NUMBER})\s*[×x]\s*(?:their\s+|the\s+|your\s+)?base(?:\s+hourly)?\s+rate",
    re.IGNORECASE,
)
# The asker's own hourly rate: "my base rate is $40", "base rate $30/hr", "$35 an hour".
_BASE = re.compile(
    rf"\b(?:base|hourly)\s+(?:hourly\s+)?(?:rate|pay)\s+(?:is\s+|of\s+|=\s*)?\$\s?(?P<rate>{_NUMBER})"
    rf"|\$\s?(?P<hourly>{_NUMBER})\s*(?:/\s*(?:hr|hour)|an\s+hour|per\s+hour)\b",
    re.IGNORECASE,
)
# Where a table row's case ends and its rate starts ("… in a week — Rate: 1.5 × …"), or where
# a sentence's case ends ("Technicians who work on a public holiday … are paid at 2× …").
_CASE_END = re.compile(r"\s+(?:—|-)\s+rate:|\s+(?:are|is)\s+paid\b", re.IGNORECASE)
# Words of a case that name no case of its own.
_PLAIN = frozenset((
    "any", "hour", "hours", "situation", "technician", "technicians", "who", "work", "works",
    "worked", "example", "for", "the", "on", "in", "a", "an", "of", "day", "days", "their",
))  # fmt: skip
# A restriction on a row's case: "(emergency call-outs only)".
_ONLY = re.compile(r"\(([^()]+?)\s+only\)", re.IGNORECASE)
# How many words of a case the question must name, at most.
_CASE_WORDS = 2


@dataclass(frozen=True, slots=True)
class Paid:
    """Pay worked out for the asker: the sentence that shows it and what of theirs it used."""

    sentence: str
    used: tuple[str, ...]


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _names(question: str, words: Sequence[str]) -> bool:
    """Whether the question names the words of a case (two of them, or all when fewer), in
    its own words or as policies say them ("christmas day" is a public holiday)."""
    asked = tokenize(in_policy_words(question))
    said = [w for w in words if any(w == t or variant_of(w, t) for t in asked)]
    return bool(words) and len(said) >= min(_CASE_WORDS, len(words))


def _case_words(case: str) -> list[str]:
    return [w for w in tokenize(case) if w not in _PLAIN and not w.isdigit()]


def work_out_pay(question: str, statements: Sequence[str]) -> list[Paid]:
    """The multiples of the base rate the quoted statements set, worked out for the asker's
    base rate and hours worked (one figure of hours, of their own)."""
    base = _BASE.search(question)
    hours = [s for s in stated_figures(question) if s.own and s.figure.unit == "hour"]
    if base is None or len(hours) != 1 or hours[0].listed:
        return []
    (worked,) = hours
    rate = Decimal(base.group("rate") or base.group("hourly"))
    said_rate = base.group(0).strip()
    paid: list[Paid] = []
    for statement in statements:
        multiple = _MULTIPLE.search(statement)
        if multiple is None:
            continue
        times = Decimal(multiple.group("times"))
        ended = _CASE_END.search(statement, 0, multiple.start())
        # a row's case comes after its headings ("Overtime rates: Situation: Hours over 8 …")
        case = statement[: ended.start() if ended else multiple.start()].rsplit(":", 1)[-1]
        only = _ONLY.search(case)
        if only is not None and not _names(question, _case_words(only.group(1))):
            continue
        threshold = next(
            (
                figure
                for _, figure in located(case)
                if figure.unit == "hour" and figure.threshold == "above"
                and (figure.period or "shift") == (worked.figure.period or "shift")
            ),
            None,
        )  # fmt: skip
        if threshold is not None:
            over = Decimal(str(worked.figure.value - threshold.value))
            if over <= 0:
                continue
            regular = Decimal(str(threshold.value))
            total = regular * rate + over * times * rate
            unit = "hour" if over == 1 else "hours"
            sentence = (
                f"your {worked.said} are {_number(regular)} hours at your {as_money(rate)} base "
                f"rate, {as_money(regular * rate)}, and {_number(over)} {unit} over "
                f"{_number(regular)} at {_number(times)} × {as_money(rate)}, "
                f"{as_money(over * times * rate)}: {as_money(total)} in all"
            )
        elif _names(question, _case_words(only.string if only else case)):
            hours_worked = Decimal(str(worked.figure.value))
            total = hours_worked * times * rate
            sentence = (
                f"your {worked.said} at {_number(times)} × your {as_money(rate)} base rate are "
                f"{as_money(total)}"
            )
        else:
            continue
        if all(p.sentence != sentence for p in paid):
            paid.append(Paid(sentence, (worked.said, said_rate)))
    return paid
