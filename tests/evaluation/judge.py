"""Expectations of the question table and the judge that grades an answer against them.

Every expectation is a hand-written SQL statement run on the demo database (or a quoted span of
a policy document); none of them goes through the engine's own query builder. An answer is
`correct`, `refused` (the engine said what it could not answer) or `wrong` (anything else: a
confident answer that does not state the expected facts).
"""

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

# How the engine opens a refusal; any other answer is taken as an answer.
REFUSAL = re.compile(r"^(?:I can't|I cannot|I could not|I couldn't|I can only|I don't)\b")
_NUMBER = re.compile(r"(?<![\w.#-])-?\d[\d,]*(?:\.\d+)?(?![\w-])")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Every entity name of the demo tenant: a list answer may name no one outside the expected set.
UNIVERSES = {
    "technicians": "SELECT name FROM technicians",
    "customers": "SELECT name FROM customers",
    "skills": "SELECT name FROM skills",
    "categories": "SELECT DISTINCT category FROM work_orders",
    "regions": "SELECT DISTINCT region FROM technicians",
}


@dataclass(frozen=True)
class Answer:
    """What a client saw: the answer text and the sections the final frame cites."""

    question: str
    text: str
    sections: tuple[str, ...] = ()
    # the conversation's earlier questions
    history: tuple[str, ...] = ()


class Expectation(Protocol):
    """Something an answer must state."""

    def check(self, answer: Answer, db: sqlite3.Connection) -> str | None:
        """None when the answer states it, else why not."""


def _rows(db: sqlite3.Connection, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in db.execute(sql).fetchall()]


def _numbers(text: str, question: str) -> list[Decimal]:
    """The numbers of an answer in order, without dates and the numbers the question gave."""
    text = _ISO_DATE.sub(" ", text)
    given = {Decimal(m.replace(",", "")) for m in _NUMBER.findall(_ISO_DATE.sub(" ", question))}
    found = [Decimal(match.replace(",", "")) for match in _NUMBER.findall(text)]
    return [number for number in found if number not in given]


def _rounded(value: Any, places: int) -> Decimal:
    quantum = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(quantum, ROUND_HALF_UP)


def _same(found: Decimal, expected: Any, places: int) -> bool:
    return _rounded(found, places) == _rounded(expected, places)


def _headline(answer: Answer) -> Decimal | None:
    if re.match(r"^(?:There are no|There is no|No |None\b|Nobody|No one)", answer.text):
        return Decimal(0)
    numbers = _numbers(answer.text, answer.question)
    return numbers[0] if numbers else None


@dataclass(frozen=True)
class Count:
    """The answer's first figure is the single value `sql` returns (rounded to `places`)."""

    sql: str
    places: int = 0

    def check(self, answer: Answer, db: sqlite3.Connection) -> str | None:
        """The headline figure equals the expected value."""
        expected = _rows(db, self.sql)[0][0] or 0
        found = _headline(answer)
        if found is not None and _same(found, expected, self.places):
            return None
        return f"expected {_rounded(expected, self.places)} first, found {found}"


@dataclass(frozen=True)
class Figures:
    """Every value of the single row `sql` returns appears in the answer (rounded)."""

    sql: str
    places: int = 1

    def check(self, answer: Answer, db: sqlite3.Connection) -> str | None:
        """All expected figures are stated."""
        numbers = _numbers(answer.text, answer.question)
        missing = [
            value
            for value in _rows(db, self.sql)[0]
            if not any(_same(n, value or 0, self.places) for n in numbers)
        ]
        return f"missing figures {missing}" if missing else None


@dataclass(frozen=True)
class Names:
    """The answer names exactly the entities `sql` returns, none other of `universe`."""

    sql: str
    universe: str = "technicians"

    def check(self, answer: Answer, db: sqlite3.Connection) -> str | None:
        """All expected names appear and no other name of the universe does."""
        expected = {str(row[0]) for row in _rows(db, self.sql)}
        every = {str(row[0]) for row in _rows(db, UNIVERSES[self.universe])}
        lowered = answer.text.lower()
        missing = sorted(name for name in expected if name.lower() not in lowered)
        # the lead ("... named Olga Chen or Marco Chen: ") may restate the earlier turns' names;
        # the rows listed after it may not
        said = " ".join(answer.history).lower()
        listed = lowered.partition(":")[2]
        extra = sorted(
            name
            for name in every - expected
            if re.search(
                rf"(?<!\w){re.escape(name.lower())}(?!\w)",
                listed if name.lower() in said else lowered,
            )
            # a name inside an expected name ("Harbor" in "Harborview") is not another entity
            and not any(name.lower() in other.lower() for other in expected)
        )
        if missing or extra:
            return f"missing {missing}, unexpected {extra}"
        return None


@dataclass(frozen=True)
class Pairs:
    """Each (label, value) row of `sql` appears as "label: value" or "value label"."""

    sql: str
    places: int = 0
    # the answer lists no other "Label: value" than the rows' (a comparison of two skills is
    # wrong with the counts of nine others beside it)
    only: bool = False

    def check(self, answer: Answer, db: sqlite3.Connection) -> str | None:
        """Every label is stated with its value (and, `only`, no other label is listed)."""
        wrong = []
        rows = _rows(db, self.sql)
        if self.only:
            labels = {str(label).replace("_", " ").lower() for label, _ in rows}
            listed = re.findall(r"(?:^|[:,]\s|and\s)([A-Z][\w ]*?): -?\d", answer.text)
            extra = [label for label in listed if label.lower() not in labels]
            if extra:
                return f"also lists {extra}"
        for label, value in rows:
            text = str(label).replace("_", " ")
            after = re.finditer(
                rf"(?<!\w){re.escape(text)}(?!\w)[^\d,;]{{0,25}}?(-?\d[\d,]*(?:\.\d+)?)",
                answer.text,
                re.IGNORECASE,
            )
            before = re.finditer(
                rf"(-?\d[\d,]*(?:\.\d+)?)\s+(?:in (?:the )?)?{re.escape(text)}(?!\w)",
                answer.text,
                re.IGNORECASE,
            )
            found = [m.group(1).replace(",", "") for m in (*after, *before)]
            if not any(_same(Decimal(f), value or 0, self.places) for f in found):
                wrong.append(f"{label}={_rounded(value or 0, self.places)}")
        return f"not stated: {wrong}" if wrong else None


@dataclass(frozen=True)
class Mentions:
    """Each value of the single row `sql` returns is written in the answer (text match)."""

    sql: str

    def check(self, answer: Answer, db: sqlite3.Connection) -> str | None:
        """All expected words appear."""
        values = [str(value).replace("_", " ") for value in _rows(db, self.sql)[0]]
        missing = [value for value in values if value.lower() not in answer.text.lower()]
        return f"missing {missing}" if missing else None


@dataclass(frozen=True)
class Quote:
    """A span of a policy document (any of `spans`), cited from its `section`; `elsewhere`
    lists other (span, section) pairs of the documents that state the same fact, `related`
    other sections that bear on the question. An answer citing any other section is padded
    with passages that do not answer the question, and wrong; so is one that also quotes a span
    of `instead`, another answer to it (the Urgent row for a case the High row names), or one
    that leaves out what `works_out` says: the asker's own figure held against the rule ("1
    hour more than the 2 hours")."""

    spans: Sequence[str]
    section: str
    elsewhere: Sequence[tuple[str, str]] = ()
    related: Sequence[str] = ()
    instead: Sequence[str] = ()
    works_out: str = ""

    def check(self, answer: Answer, db: sqlite3.Connection) -> str | None:
        """The passage is quoted, its section is among the sources, and nothing unrelated."""
        flat = " ".join(answer.text.split()).lower()
        places = [(span, self.section) for span in self.spans] + list(self.elsewhere)
        quoted = [section for span, section in places if " ".join(span.split()).lower() in flat]
        if not quoted:
            return f"does not quote {self.spans[0]!r}"
        if not any(section in answer.sections for section in quoted):
            return f"section {quoted[0]!r} not cited (cited {list(answer.sections)})"
        allowed = {section for _, section in places} | set(self.related)
        padding = [section for section in answer.sections if section not in allowed]
        if padding:
            return f"padded with unrelated sections {padding}"
        otherwise = [span for span in self.instead if " ".join(span.split()).lower() in flat]
        if otherwise:
            return f"also quotes {otherwise[0]!r}, which answers otherwise"
        if self.works_out.lower() not in flat:
            return f"does not work out {self.works_out!r}"
        return None


@dataclass(frozen=True)
class Refusal:
    """Only a refusal is right: the data and documents cannot answer this."""

    def check(self, answer: Answer, db: sqlite3.Connection) -> str | None:
        """Never correct as an answer (the judge counts the refusal as correct)."""
        return "answered a question it cannot answer"


def grade(expect: Expectation, answer: Answer, db: sqlite3.Connection) -> tuple[str, str]:
    """("correct" | "refused" | "wrong", why) for one answer."""
    refused = bool(REFUSAL.match(answer.text.strip()))
    if isinstance(expect, Refusal):
        return ("correct", "") if refused else ("wrong", "answered a question it cannot answer")
    if refused:
        return "refused", answer.text[:160]
    reason = expect.check(answer, db)
    return ("correct", "") if reason is None else ("wrong", reason)
