"""Rates a rule sets per unit of something, worked out for the count the asker gives.

"The on-call allowance is $25 per day" for "I was on call 6 days" is 6 days at $25, $150; "5%
of the monthly service fee for each urgent ticket whose response target is missed, capped at
25%" for "3 urgent tickets missed their response target" is 3 at 5%, 15%. Only a count of what
the rate is per ("days", "urgent tickets") is multiplied: a count of something else is no count
of it.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from agentstream.retrieval.bm25 import tokenize, variant_of

_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
# "$25 per day", "5% of the monthly service fee for each urgent ticket whose …", "1.5 hours off
# for each overtime hour worked", "0.45 per kilometre", "a per diem of 40 per night".
_RATE = re.compile(
    rf"(?P<amount>\$\s?{_NUMBER}|{_NUMBER}\s?%|{_NUMBER}(?:\s+hours?(?:\s+off)?)?)"
    r"(?P<of>\s+of\s+the\s+[a-z ]{1,40}?)?"
    r"\s+(?:per|for each|for every)\s+(?P<per>[a-z]+(?:[ -][a-z]+){0,3})",
    re.IGNORECASE,
)
# Where what a rate is per ends: "for each urgent ticket WHOSE response target is missed".
_PER_END = re.compile(r"\s+(?:whose|which|that|who|worked|and|or|if|when|on|in)\b.*$")
# "3 urgent tickets", "120 km", "6 days on call".
_COUNT = re.compile(rf"\b(?P<count>{_NUMBER})\s*(?P<what>[a-z]+(?:[ -][a-z]+){{0,3}})", re.I)
# How people write what a rate is per, where the policy spells it out.
_ABBREVIATED = {"km": "kilometre", "kms": "kilometre", "mi": "mile", "hrs": "hour", "hr": "hour"}
# A cap on what the rate adds up to: "capped at 25% of the monthly fee", "up to $200".
_CAP = re.compile(
    r"\b(?:capped at|up to|at most|no more than|maximum of)\s+"
    rf"(?P<cap>\$\s?{_NUMBER}|{_NUMBER}\s?%)",
    re.IGNORECASE,
)
_CAPPING = re.compile(r"\b(?:up to|at most|no more than|maximum of|capped at)\s*$", re.IGNORECASE)
# Where the clause a rate is quoted in ends.
_CLAUSE_END = re.compile(r"[;,]|\.(?:\s|$)")


@dataclass(frozen=True, slots=True)
class Worked:
    """A rate worked out for the asker's count: the sentence that shows it, and the count as
    they wrote it."""

    sentence: str
    count: str


def _words(text: str) -> list[str]:
    return [_ABBREVIATED.get(word, word) for word in tokenize(text)]


def _names(count: Sequence[str], question: Sequence[str], per: Sequence[str]) -> bool:
    """Whether the asker's count is of what the rate is per: its noun is the count's ("urgent
    tickets" of "urgent ticket"), and the words that qualify it are the question's ("missed"
    of "we missed 7 urgent response targets")."""
    if not per:
        return False
    *qualifiers, noun = per
    return _said(noun, count) and all(_said(word, question) for word in qualifiers)


def _said(word: str, words: Sequence[str]) -> bool:
    return any(word == other or variant_of(word, other) for other in words)


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
    what they are per, each capped where a statement caps it."""
    asked = _words(question)
    caps = [cap.group("cap") for statement in statements for cap in _CAP.finditer(statement)]
    worked: list[Worked] = []
    for statement in statements:
        for rate in _RATE.finditer(statement):
            if _CAPPING.search(statement[: rate.start()]):
                continue  # "up to 200 per job" caps each job's claim: no rate to multiply
            per = _words(_PER_END.sub("", rate.group("per")))
            for count in _COUNT.finditer(question):
                said = _count_of(count, per[-1:])
                if said is None or not _names(_words(said), asked, per):
                    continue
                amount = rate.group("amount").strip()
                number = count.group("count")
                product = _value(number) * _value(amount)
                of = (rate.group("of") or "").rstrip()
                end = _CLAUSE_END.search(statement, rate.end())
                clause = statement[rate.start() : end.start() if end else len(statement)]
                sentence = (
                    f"for your {said}, {number} × {amount} is {_written(product, amount)}{of}"
                    f" (“{clause.strip()}”){_capped(product, amount, caps)}"
                )
                if all(w.sentence != sentence for w in worked):
                    worked.append(Worked(sentence, said))
    return worked


def _count_of(count: re.Match[str], noun: Sequence[str]) -> str | None:
    """The asker's count as they wrote it, up to the word that names what it counts ("3
    urgent tickets" of "3 urgent tickets where we missed …"); None when no word does."""
    written = count.group("what").split()
    named = [i for i, word in enumerate(written) if noun and _said(noun[0], _words(word))]
    if not named:
        return None
    return f"{count.group('count')} {' '.join(written[: named[0] + 1])}"


def _capped(product: Decimal, amount: str, caps: Sequence[str]) -> str:
    """ ", above the 25% cap, so 25%" when a cap of the same kind is below the product."""
    for cap in caps:
        same_kind = cap.strip().startswith("$") == amount.startswith("$") and cap.strip().endswith(
            "%"
        ) == amount.endswith("%")
        if same_kind and product > _value(cap):
            return f", above the cap of {cap.strip()}, so {cap.strip()}"
    return ""
