"""Rates a rule sets per unit of something, worked out for the count the asker gives.

"The on-call allowance is $25 per day" for "I was on call 6 days" is 6 days at $25, $150; "5%
of the monthly service fee for each urgent ticket whose response target is missed, capped at
25%" for "we missed 3 urgent and 2 high response targets" is 3 at 5% and 2 at 2%, 19% in all.
Only a count of what the rate is per ("days", "urgent tickets") is multiplied: a count of
something else ("52 hours this week" against "48 hours per week") is no count of it, and a
bound per unit ("more than 48 hours per week", "up to 200 per job") is no rate.
"""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from agentstream.agents.bounds import quoted_clause
from agentstream.quantities import as_money, is_unit, located
from agentstream.retrieval.bm25 import tokenize, variant_of

_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
# "$25 per day", "5% of the monthly service fee for each urgent ticket whose …", "1.5 hours off
# for each overtime hour worked", "0.45 per kilometre", "a per diem of 40 per night".
_RATE = re.compile(
    rf"(?P<amount>\$\s?{_NUMBER}|{_NUMBER}\s?%|{_NUMBER}(?:\s+hours?(?:\s+off)?)?)"
    r"(?P<of>\s+of\s+the\s+[a-z ]{1,40}?)?"
    r"\s+(?:per|for each|for every)\s+(?P<per>[a-z]+(?:[ -][a-z]+){0,3})"
    r"(?=(?P<rest>[^;,.]*))",
    re.IGNORECASE,
)
# A rate stated of each unit: "Each missed urgent response target for a premium customer costs
# a service credit of 5% of the monthly service fee, and each missed high response target 2%".
_EACH = re.compile(
    r"\beach\s+(?P<per>[a-z]+(?:[ -][a-z]+){0,7}?)\s+"
    r"(?:(?:costs?|pays?|earns?|gets?|carries|adds|is\s+worth)\s+)?"
    rf"(?:an?\s+(?:[a-z]+\s+){{0,3}}?of\s+)?(?P<amount>\$\s?{_NUMBER}|{_NUMBER}\s?%)"
    r"(?P<of>\s+of\s+the\s+[a-z ]{1,40}?)?(?=\s*[,;.]|\s+(?:and|or|capped|up)\b|$)"
    r"(?=(?P<rest>[^;,.]*))",
    re.IGNORECASE,
)
# Whom an each-rate's unit is for says nothing of what it counts: "target FOR A PREMIUM CUSTOMER".
_FOR_WHOM = re.compile(r"\s+for\s+.*$")
# Where what a rate is per ends: "for each urgent ticket WHOSE response target is missed".
_PER_END = re.compile(r"\s+(?:whose|which|that|who|worked|and|or|if|when|on|in)\b.*$")
# A bound per unit, no rate: "more than 48 hours per week", "up to 200 per job".
_BOUNDING = re.compile(
    r"\b(?:up to|at most|no more than|maximum of|capped at|more than|less than|over|under|"
    r"at least|fewer than|exceed|exceeds|average)\s*$",
    re.IGNORECASE,
)
# "3 urgent tickets", "120 km", "6 days on call"; and "3 urgent and 2 high response targets",
# two counts of one noun.
_COUNT = re.compile(rf"\b(?P<count>{_NUMBER})\s*(?P<what>[a-z]+(?:[ -][a-z]+){{0,3}})", re.I)
_BOTH = re.compile(
    rf"\b(?P<first>{_NUMBER})\s+(?P<kind>[a-z]+)\s+and\s+(?P<second>{_NUMBER})\s+"
    r"(?P<other>[a-z]+)\s+(?P<noun>[a-z]+(?:\s[a-z]+){0,2})",
    re.IGNORECASE,
)
_ONES = re.compile(r"([a-z]+)\s+ones\b", re.IGNORECASE)
# How people write what a rate is per, where the policy spells it out.
# A night on the on-call rota is a day of it.
_ABBREVIATED = {
    "km": "kilometre",
    "kms": "kilometre",
    "mi": "mile",
    "hrs": "hour",
    "hr": "hour",
    "night": "day",
    "nights": "day",
}
# A sum named monthly before it: "monthly fee $8000", "a monthly contract of $6,000".
_MONTHLY = re.compile(r"\bmonthly(?:\s+[a-z]+){0,2}\s*(?:of|is|=|:|at)?\s*$", re.IGNORECASE)
# A cap on what the rates add up to: "capped at 25% of the monthly fee".
_CAP = re.compile(
    r"\b(?:capped at|at most|no more than|maximum of)\s+"
    rf"(?P<cap>\$\s?{_NUMBER}|{_NUMBER}\s?%)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Rate:
    """A rate a statement sets: its amount, what a share is of, what it is per, the words
    after that, and where it stands in the statement."""

    amount: str
    of: str
    per: str
    rest: str
    start: int
    end: int


def _rates(statement: str) -> Iterator[_Rate]:
    """The rates of a statement: "$25 per day", "5% … for each urgent ticket whose …", and
    "each missed urgent response target costs … 5% of the monthly service fee, and each
    missed high response target 2%" (the second a share of what the first is of)."""
    for rate in _RATE.finditer(statement):
        if not _BOUNDING.search(statement[: rate.start()]):
            yield _Rate(
                rate.group("amount").strip(),
                (rate.group("of") or "").rstrip(),
                _PER_END.sub("", rate.group("per")),
                rate.group("rest"),
                rate.start(),
                rate.end("per"),
            )
    of = ""
    for each in _EACH.finditer(statement):
        of = (each.group("of") or "").rstrip() or of
        per = _PER_END.sub("", _FOR_WHOM.sub("", each.group("per")))
        amount = each.group("amount").strip()
        yield _Rate(amount, of, per, each.group("rest"), each.start(), each.end("amount"))


@dataclass(frozen=True, slots=True)
class Worked:
    """A rate worked out for the asker's count: the sentence that shows it, the count as they
    wrote it, and the product with the amount it is written like."""

    sentence: str
    count: str
    product: Decimal
    amount: str
    source: str  # the statement the rate is of
    of: str = ""  # what a share is of: "of the monthly service fee"


def _words(text: str) -> list[str]:
    return [_ABBREVIATED.get(word, word) for word in tokenize(text)]


def _said(word: str, words: Sequence[str]) -> bool:
    return any(word == other or variant_of(word, other) for other in words)


def _counts(question: str) -> Iterator[tuple[str, str]]:
    """Each count the question gives, as (number, what follows it); "3 urgent and 2 high
    response targets", or "3 urgent response targets and 2 high ones", give "3 urgent response
    targets" and "2 high response targets"."""
    shared: dict[int, str] = {}
    for both in _BOTH.finditer(question):
        shared[both.start("first")] = f"{both.group('kind')} {both.group('noun')}"
        shared[both.start("second")] = f"{both.group('other')} {both.group('noun')}"
    noun = ""
    for count in _COUNT.finditer(question):
        what = shared.get(count.start("count"), count.group("what"))
        # "3 urgent response targets and 2 high ones": ones of the noun before
        if noun and (ones := _ONES.match(what)):
            what = f"{ones.group(1)} {noun}"
        noun = " ".join(what.split()[1:3]) or noun
        yield count.group("count"), what


def _count_of(number: str, what: str, nouns: Sequence[str]) -> str | None:
    """The asker's count as they wrote it, up to the word that names what it counts ("3
    urgent tickets" of "3 urgent tickets where we missed …"); None when no word does, or a
    unit comes first ("52 hours this week" counts hours, not weeks)."""
    written = what.split()
    named = [any(_said(noun, _words(word)) for noun in nouns) for word in written]
    for index, word in enumerate(written):
        if named[index]:
            # the whole noun phrase: "urgent response targets", not "urgent response"
            end = index
            while end + 1 < len(written) and named[end + 1]:
                end += 1
            return f"{number} {' '.join(written[: end + 1])}"
        if is_unit(word):
            return None
    return None


def _value(amount: str) -> Decimal:
    return Decimal(re.sub(r"[^\d.]", "", amount.replace(",", "")))


def _written(value: Decimal, like: str) -> str:
    """A product written as the rate is ("$150", "15%", "12 hours off", "54.00")."""
    number = f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}"
    if like.lstrip().startswith("$"):
        return f"${number}"
    if like.rstrip().endswith("%"):
        return f"{number}%"
    unit = re.sub(rf"^\s*{_NUMBER}", "", like).strip()
    if unit and value != 1 and re.match(r"hour\b", unit):
        unit = unit.replace("hour", "hours", 1)
    return f"{number} {unit}".strip()


def work_out_rates(question: str, statements: Sequence[str]) -> list[Worked]:
    """The rates of the quoted statements worked out for the counts the question gives of
    what they are per."""
    asked = _words(question)
    worked: list[Worked] = []
    for statement in statements:
        for rate in _rates(statement):
            per = _words(rate.per)
            if not per:
                continue
            # what a rate is per may be named by its relative clause too ("for each urgent
            # ticket whose response target is missed" counts missed targets)
            *qualifiers, noun = per
            said_there = _words(statement)
            relative = re.split(r"\s+(?:and|or)\s+", rate.rest)[0]
            nouns = [noun, *_words(relative)]
            counts = list(_counts(question))
            for number, what in counts:
                said = _count_of(number, what, nouns)
                others = {w for n, o in counts if (n, o) != (number, what) for w in _words(o)}
                if said is None or not all(
                    _said(word, _words(what)) or (_said(word, asked) and word not in others)
                    for word in qualifiers
                ):
                    continue
                # the kind the asker's count is of is the rule's ("7 unused vacation days" are
                # no days of an on-call allowance)
                kinds = [w for w in _words(said) if not _said(w, nouns) and not w.isdigit()]
                if not all(_said(word, said_there) for word in kinds):
                    continue
                amount, of = rate.amount, rate.of
                product = _value(number) * _value(amount)
                clause = quoted_clause(statement, rate.start, rate.end)
                sentence = (
                    f"for your {said}, {number} × {amount} is {_written(product, amount)}{of}"
                    f" (“{clause}”)"
                )
                if all(w.sentence != sentence for w in worked):
                    worked.append(Worked(sentence, said, product, amount, statement, of.strip()))
    return worked


def in_all(question: str, worked: Sequence[Worked], statements: Sequence[str]) -> str:
    """ "19% in all" when several rates of one statement add up, with the cap a statement
    sets on the sum ("capped at 25%"), and a share of a monthly sum the asker gives worked out
    in money ("19% of your $8,000 a month is $1,520"); "" for one rate under its cap with
    nothing to work it out of."""
    if not worked:
        return ""
    kinds = {(w.source, w.amount[-1] == "%", w.amount[0] == "$") for w in worked}
    if len(kinds) != 1:
        return ""
    total = sum((w.product for w in worked), Decimal(0))
    like = worked[0].amount
    said = [f"{_written(total, like)} in all"] if len(worked) > 1 else []
    for statement in statements:
        for cap in _CAP.finditer(statement):
            limit = cap.group("cap").strip()
            same_kind = (limit[0] == "$") == (like[0] == "$") and limit.endswith("%") == (
                like.endswith("%")
            )
            if same_kind and total > _value(limit):
                said = [f"{_written(total, like)}, above the cap of {limit}, so {limit}"]
                total = _value(limit)
            elif same_kind and said:
                said.append(f"within the cap of {limit}")
            if same_kind:
                break
    monthly = _monthly_sum(question) if like.endswith("%") and "month" in worked[0].of else None
    if monthly is not None:
        money = monthly * total / 100
        said.append(f"{_written(total, like)} of your ${monthly:,.0f} a month is {as_money(money)}")
    return ", ".join(said)


def _monthly_sum(question: str) -> Decimal | None:
    """The sum of money a month the question gives ("pays $8,000 a month", "monthly fee
    $8000"), if one."""
    sums = [
        figure.value
        for match, figure in located(question)
        if figure.unit == "dollar"
        and (figure.period == "month" or _MONTHLY.search(question[: match.start()]))
    ]
    return Decimal(str(sums[0])) if len(sums) == 1 else None
