"""Quantities a text states: a number with its unit ("10-hour", "$7.5k", "85 dB"), the bound
it is stated as ("at most 12 hours a week"), the words around it that say what it measures,
the period it is counted over, and whether its clause denies it; and when two of them measure
the same thing, or one is beyond the other's bound.

Plain Python, read alike by the offline experts (a proposal against their documents' limits)
and by the offline chat engine (an asker's own figures against a policy's bounds).
"""

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from agentstream.deliberation.figures import asking_sentence
from agentstream.retrieval.bm25 import tokenize

# Words around a figure that say what it measures.
_CONTEXT_BEFORE = 6
_CONTEXT_AFTER = 3

_UNITS = {
    "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour", "day": "day", "days": "day",
    "year": "year", "years": "year", "yr": "year", "yrs": "year", "db": "dB", "ppm": "ppm",
    "metre": "metre", "metres": "metre", "meter": "metre", "meters": "metre", "m": "metre",
    "km": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "mins": "minute", "min": "minute", "kn": "kN", "v": "V", "volt": "V", "volts": "V",
    "week": "week", "weeks": "week", "month": "month", "months": "month",
    "minute": "minute", "minutes": "minute", "percent": "percent", "%": "percent",
    "times": "times", "x": "times", "people": "person", "person": "person",
    "technicians": "person", "technician": "person",
}  # fmt: skip
# Words that say a figure measures a gap around the work (rest, a break, time off, notice),
# not the work itself.
_GAPS = frozenset(("rest", "break", "off", "notice"))
# Words that name the same measured thing: hours a day of work are a shift's length.
_SAME_THING = {
    "day": "shift", "days": "shift", "today": "shift", "workday": "shift", "shifts": "shift",
    # how long something lasts: "a backlog we expect to be gone in two weeks"
    "gone": "last", "lasts": "last", "lasting": "last", "expect": "expected",
    "expects": "expected",
}  # fmt: skip
_SYMBOLS = frozenset(("dB", "ppm", "km", "kN", "V"))
_WORD_NUMBERS = {
    "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0, "seven": 7.0,
    "eight": 8.0, "nine": 9.0, "ten": 10.0, "eleven": 11.0, "twelve": 12.0,
}  # fmt: skip
# A word between a number and its unit says what kind it is: "11 consecutive hours", "12
# overtime hours" (the hours a limit on overtime hours bounds). An amount of money is a
# figure in dollars: "$6,000", "$7.5k".
# The words between a number and its unit that say what kind of it is counted.
KINDS = (
    "consecutive", "overtime", "regular", "extra", "more", "additional", "further", "paid",
    "working", "straight",
)  # fmt: skip
# "4 or more consecutive days" is a range from 4 days on; "7k" is $7,000.
FIGURE = re.compile(
    r"\b(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    rf"{'|'.join(_WORD_NUMBERS)})"
    r"(?:\s+or\s+(?P<or>more|longer|over|less|fewer|under))?[\s-]?"
    # "5 more overtime hours": more of a kind
    rf"(?:(?P<added>more|extra|additional|further)\s+(?=(?:{'|'.join(KINDS)})\s))?"
    rf"(?:(?P<kind>{'|'.join(KINDS)})\s+)?"
    r"(?P<unit>%|[a-z]+)"
    r"|\$\s?(?P<dollars>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?P<thousands>k\b)?",
    re.IGNORECASE,
)
# A figure with two words before its unit: "7 unused vacation days".
_LOOSE = re.compile(
    r"(?<![$,.\d])\b(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s+"
    r"(?!(?:a|an|per|each|every|of|in|the|or|and|to)\b)(?P<words>[a-z]+(?:\s+[a-z]+)?)\s+"
    r"(?P<unit>hours?|hrs?|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
# A figure whose unit is named before its bound: "Hours over 10 in a single day".
_UNIT_FIRST = re.compile(
    r"\b(?P<unit>hours?|hrs?|days?|weeks?|months?|years?)\s+"
    r"(?P<side>over|above|beyond|more than|under|below|less than|fewer than)\s+"
    r"(?P<number>\d+(?:\.\d+)?)\b",
    re.IGNORECASE,
)
AT_MOST = re.compile(
    r"\b(at most|no more than|maximum(?: of)?|max|up to|cap(?:ped)? (?:at|of)|"
    r"limit(?:ed)? (?:to|of)|limits?(?: [\w-]+){1,3}? to|"
    r"not exceed|within|(?:no|not|never)\b[\w\s]{0,30}\b(?:longer|more) than)"
    r"\s+(?:an?\s+|the\s+)?$",
    re.IGNORECASE,
)
_AT_LEAST = re.compile(r"\b(at least|no less than|minimum(?: of)?)\s+$", re.IGNORECASE)
# A range a condition states ("absences longer than 3 consecutive days", "property damage
# over $5,000", "where the noise exceeds 85 dB"): no limit to keep, the cases a rule is for.
_ABOVE = re.compile(
    r"\b(?:over|above|beyond|more than|longer than|greater than|older than|exceeds?|exceeding|"
    r"in excess of)\s+(?:an?\s+)?$",
    re.IGNORECASE,
)
_BELOW = re.compile(r"\b(?:under|below|less than|fewer than|shorter than)\s+$", re.IGNORECASE)
# "an anchor rated at 15 kN": at least that strong
RATED = re.compile(r"\brated\s+(?:at\s+|for\s+)?(?:at least\s+)?$", re.IGNORECASE)
# "Entitlement rises by 1 day after 5 years of service": from 5 years on; "serviced every 12
# months": at most 12 months apart.
AFTER = re.compile(r"\bafter\s+$", re.IGNORECASE)
_BETWEEN_FROM = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_BETWEEN_TO = re.compile(r"\bbetween\s+[\d.,]+\s*(?:%|[a-z]+)?\s+and\s+$", re.IGNORECASE)
EVERY = re.compile(r"\bevery\s+(?:\S+\s+\S+\s+or\s+)?$", re.IGNORECASE)
_OR_SIDE = {"more": "at_least", "longer": "at_least", "over": "at_least"}
# A bound named after its figure: "the 12-hour weekly cap", "the 10-hour shift limit".
_CAP_AFTER = re.compile(r"^\s*(?:[a-z]+\s+)?(?:cap|limit|maximum|ceiling)\b", re.IGNORECASE)
_FLOOR_AFTER = re.compile(r"^\s*(?:[a-z]+\s+)?minimum\b", re.IGNORECASE)
# The period a figure is counted over, right after it: "12 hours a week", "12-hour weekly cap".
_PERIOD = re.compile(
    r"^\s*(?:[a-z]+\s+)?(?:a |per |each |every )?"
    r"(weeks?|weekly|shifts?|days?|daily|months?|monthly)\b",
    re.IGNORECASE,
)
_OFF = re.compile(r"\s+off\b", re.IGNORECASE)
# Where a clause starts: a negation scopes over the clause it is in, not over the sentence.
CLAUSE_START = re.compile(
    r"[,;:.]\s+|\b(?:because|since|so|but|and|while|whereas|although)\s+", re.IGNORECASE
)

_QUANTIFIERS = frozenset(("every", "each", "per", "all", "least", "most"))
NEGATION = frozenset(("not", "never", "rarely", "seldom", "cannot", "can't", "no", "nor"))


@dataclass(frozen=True, slots=True)
class Figure:
    """A number with its unit, the bound it is stated as (None: an exact figure), the words
    around it that say what it measures ("shift" for "shifts of at most 10 hours"), the period
    it is counted over ("week" for "the 12-hour weekly cap"), and whether a negation of its
    clause denies it ("I never schedule a Sunday after a six-day week")."""

    value: float
    unit: str
    bound: str | None = None  # "at_most" | "at_least"
    context: frozenset[str] = frozenset()
    period: str | None = None
    negated: bool = False
    kind: str = ""  # the word between number and unit: "overtime" of "12 overtime hours"
    # The range of cases a figure that is no limit marks out ("over $5,000" is "above"):
    # "above" | "at_least" | "below" | "at_most".
    threshold: str | None = None

    @property
    def side(self) -> str | None:
        """The side of the figure the figures it speaks of are on, as a limit or a range."""
        return self.bound or self.threshold

    def holds(self, value: float) -> bool:
        """Whether a value is on the figure's side of it (the figure itself, when exact)."""
        return {
            "above": value > self.value,
            "at_least": value >= self.value,
            "below": value < self.value,
            "at_most": value <= self.value,
        }.get(self.side or "", value == self.value)


def figures(text: str) -> list[Figure]:
    """The figures of a text: "10-hour" → 10 hour, "at most 12 hours" → ≤ 12 hour, "the
    12-hour weekly cap" → ≤ 12 hour a week."""
    return [figure for _, figure in located(text)]


def located(text: str, loose: bool = False) -> list[tuple[re.Match[str], Figure]]:
    """The figures of a text, each with where it is written, in reading order; `loose`, also
    a figure whose unit comes after two words that say what it counts ("7 unused vacation
    days", "up to 5 unused vacation days")."""
    found = []
    for match in FIGURE.finditer(text):
        measured = _measured(match)
        if measured is not None:
            value, unit, kind = measured
            said_or = match.group("or")
            threshold = _OR_SIDE.get(said_or.lower(), "at_most") if said_or else None
            found.append((match, _figure(text, match, value, unit, kind, threshold)))
    taken = {match.start("number") for match, _ in found if match.group("number")}
    for match in _UNIT_FIRST.finditer(text):
        if match.start("number") in taken:
            continue
        side = match.group("side").lower()
        threshold = "below" if side in ("under", "below", "less than", "fewer than") else "above"
        unit = _UNITS[match.group("unit").lower()]
        figure = _figure(text, match, float(match.group("number")), unit, "", threshold)
        found.append((match, figure))
    taken |= {match.start("number") for match, _ in found if "number" in match.groupdict()}
    for match in _LOOSE.finditer(text) if loose else ():
        counted = _UNITS.get(match.group("unit").lower())
        if match.start("number") in taken or counted is None:
            continue
        value = float(match.group("number").replace(",", ""))
        figure = _figure(text, match, value, counted, "", None)
        said = frozenset(w for w in tokenize(match.group("words")) if is_plain(w))
        found.append((match, replace(figure, context=figure.context | said)))
    return sorted(found, key=lambda entry: entry[0].start())


def _figure(
    text: str,
    match: re.Match[str],
    value: float,
    unit: str,
    kind: str,
    threshold: str | None,
) -> Figure:
    """The figure `match` reads in `text`, with its bound, what it measures and its period."""
    before, after = text[: match.start()], text[match.end() :]
    bound_before = AT_MOST.search(before) or _AT_LEAST.search(before)
    bound = "at_most" if AT_MOST.search(before) or _CAP_AFTER.match(after) else None
    bound = "at_least" if _AT_LEAST.search(before) or _FLOOR_AFTER.match(after) else bound
    if bound is None and threshold is None:
        threshold = "above" if _ABOVE.search(before) else "below" if _BELOW.search(before) else None
        threshold = "at_least" if threshold is None and AFTER.search(before) else threshold
        threshold = "at_least" if threshold is None and RATED.search(before) else threshold
        threshold = "at_most" if threshold is None and EVERY.search(before) else threshold
        # "oxygen between 19.5% and 23.5%": from the first, up to the second
        if threshold is None and _BETWEEN_FROM.search(before):
            threshold = "at_least"
        elif threshold is None and _BETWEEN_TO.search(before):
            threshold = "at_most"
    # What a figure measures is said in its own clause: "rest" of "11 hours of rest
    # between shifts, at least 24 hours off" is not what the 24 hours measure.
    own_clause = CLAUSE_START.split(before)[-1]
    following = CLAUSE_START.split(after, maxsplit=1)[0]
    near = own_clause.split()[-_CONTEXT_BEFORE:] + following.split()[:_CONTEXT_AFTER]
    named = (_SAME_THING.get(word, word) for word in tokenize(" ".join(near)))
    context = frozenset(word for word in named if is_plain(word))
    # "24 consecutive hours off": time off, a word the tokenizer drops as too common.
    context |= {"off"} if _OFF.match(after) else set()
    period = _PERIOD.match(after)
    # The negation of a bound ("no shift longer than") is the bound, not a denial.
    clause = CLAUSE_START.split(before[: bound_before.start()] if bound_before else before)
    negated = bool(NEGATION & set(re.findall(r"[a-z']+", clause[-1].lower())))
    return Figure(
        value, unit, bound, context, _period_of(period), negated, kind, None if bound else threshold
    )


def _measured(match: re.Match[str]) -> tuple[float, str, str] | None:
    """The value, unit and kind word ("overtime") of a figure `FIGURE` matched; None for a
    number followed by no unit ("3 missed targets")."""
    if match.group("dollars") is not None:
        amount = float(match.group("dollars").replace(",", ""))
        return amount * (1000 if match.group("thousands") else 1), "dollar", ""
    number = match.group("number").lower().replace(",", "")
    value = _WORD_NUMBERS.get(number) or float(number)
    written = match.group("unit").lower()
    if written == "k" and number[0].isdigit():
        return value * 1000, "dollar", ""
    unit = _UNITS.get(written)
    if unit is None:
        return None
    return value, unit, (match.group("kind") or "").lower()


def _period_of(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    word = match.group(1).lower()
    if word.startswith("week"):
        return "week"
    return "month" if word.startswith("month") else "shift"


def is_unit(word: str) -> bool:
    """Whether a word is a unit figures are counted in ("hours", "technicians")."""
    return word.lower() in _UNITS


def is_plain(word: str) -> bool:
    """A word that is neither a number, a unit nor a quantifier ("every")."""
    return (
        not word.replace(".", "").isdigit()
        and word not in _UNITS
        and word not in _WORD_NUMBERS
        and word not in _QUANTIFIERS
    )


def same_thing(mine: Figure, theirs: Figure) -> bool:
    """Whether two figures measure the same thing: the same unit, a word of what it measures
    in common, and no two different periods ("12 hours a week" is no shift length)."""
    return _same_measure(mine, theirs, bool(theirs.context & mine.context))


def _same_measure(mine: Figure, theirs: Figure, named: bool) -> bool:
    """Whether two figures `named` alike measure the same thing: the same unit, and neither
    two different periods nor a gap against the work itself."""
    periods = {mine.period, theirs.period} - {None}
    # Hours of rest between shifts are no shift's length, though both name shifts.
    gaps = (mine.context & _GAPS) == (theirs.context & _GAPS)
    return named and theirs.unit == mine.unit and gaps and len(periods) < 2


def breaks(mine: Figure, theirs: Figure) -> bool:
    """Whether a figure is beyond a bound on the same thing (12 hours "at most" of 15): a
    bound on "12 overtime hours a week" bounds "15 overtime hours this week", the kind
    between number and unit naming what both measure."""
    alike = bool(theirs.context & mine.context) or (bool(mine.kind) and mine.kind == theirs.kind)
    if theirs.bound is None or not _same_measure(mine, theirs, alike):
        return False
    return mine.value > theirs.value if theirs.bound == "at_most" else mine.value < theirs.value


# What says a figure of a question's case is an amount reached so far ("has already worked 8
# overtime hours this week"), and what says a proposed one comes on top of it ("an extra
# 6-hour shift", "another 4 hours", "6 more hours").
SO_FAR = re.compile(
    r"\b(?:already|so far|to date|until now|up to now"
    # "has worked 9 overtime hours this week": what is done by now
    r"|(?:has|have|'s|'ve)\s+(?:worked|logged|done|clocked|put in|racked up))\b",
    re.IGNORECASE,
)
# A figure of an earlier period than the one asked about.
EARLIER = re.compile(r"\b(?:last|previous|yesterday|ago|earlier)\b", re.IGNORECASE)
_ON_TOP = re.compile(r"\b(?:extra|additional|another|further|more|on top of)\b", re.IGNORECASE)
_ADDING_KINDS = frozenset(("extra", "more", "additional", "further"))
_PROPOSES = re.compile(
    r"\b(?:approve|schedule|add|book|assign|take on|work|do|give|put|send|let|allow|hand|cover"
    r"|pick up|sign (?:off|up))\b",
    re.IGNORECASE,
)
# How many words before a figure may say it comes on top ("an extra 6-hour Saturday shift").
_ON_TOP_WORDS = 3


@dataclass(frozen=True, slots=True)
class Total:
    """An amount reached so far plus one a question proposes on top of it, and their sum,
    which measures what the amount so far measures."""

    so_far: Figure
    added: Figure

    @property
    def figure(self) -> Figure:
        """The sum, as a figure of what the amount so far measures."""
        kind = self.so_far.kind or (self.added.kind if self.added.kind not in _ADDING_KINDS else "")
        so_far = replace(self.so_far, kind=kind)
        return replace(so_far, value=self.so_far.value + self.added.value)

    def arithmetic(self) -> str:
        """The sum as a reader checks it: "8 overtime hours already plus 6 hours more make 14
        overtime hours a week,"."""
        so_far = as_written(replace(self.so_far, period=None))
        added = as_written(replace(self.added, kind="", period=None))
        return f"{so_far} already plus {added} more make {as_written(self.figure)},"


def totals(question: str, anywhere: bool = False) -> list[Total]:
    """The sums a question states as adding up: a figure its case says is reached so far
    ("has already worked 8 overtime hours this week") and one of the same unit it proposes
    on top ("an extra 6-hour Saturday shift"). Figures it does not say add up ("a 4-week
    backlog and 2 technicians", last week's hours and this week's) are no sum. `anywhere`:
    the work to add may be told before the question ("… needs a 5-hour job done on Friday.
    Who should do it?"), where options choose who takes it on."""
    asking = asking_sentence(question)
    start = question.rfind(asking) if asking else len(question)
    read = [(match, figure) for match, figure in located(question) if not figure.negated]
    if anywhere:
        return _told_totals(question, read)
    so_far = [
        figure
        for match, figure in read
        if figure.bound is None and SO_FAR.search(clause_of(question, match))
    ]

    def on_top(match: re.Match[str], figure: Figure) -> bool:
        return bool(
            figure.kind in _ADDING_KINDS
            or match.groupdict().get("added")
            or _ON_TOP.search(" ".join(question[: match.start()].split()[-_ON_TOP_WORDS:]))
            or _ON_TOP.match(question[match.end() :].lstrip())
        )

    added = [
        figure
        for match, figure in read
        if match.start() >= start
        and figure.bound is None
        and figure not in so_far
        and (
            on_top(match, figure)
            # after an amount reached so far, the work the question asks to add is on top of
            # it: "has already worked 9 overtime hours … approve a 5-hour overtime shift"
            or _PROPOSES.search(question[start : match.start()])
        )
    ]
    more = [m.start() for m, f in read if f in added and on_top(m, f)]
    if not so_far and more:
        # "4 more" is more than an amount of the same period the question states before it,
        # whatever its verb ("done 10 overtime hours this week, can I do 4 more?"); last
        # week's hours are no part of this week's
        so_far = [
            figure
            for match, figure in read
            if match.start() < more[0]
            and figure.bound is None
            and figure not in added
            and not EARLIER.search(clause_of(question, match))
        ]
    return [
        Total(mine, theirs)
        for mine in so_far
        for theirs in added
        if mine.unit == theirs.unit and (mine.context & _GAPS) == (theirs.context & _GAPS)
    ]


# What a proposal would bring the case to: "would reach 14 overtime hours", "that takes her to
# 13 hours", "would put him at 50 hours".
_REACHES = re.compile(
    r"\b(?:would|will|'d|to|that|it|this)\s+(?:reach|hit|make|come to|total|"
    r"(?:take|bring|get)\s+(?:her|him|them|me|us|it)\s+to|put\s+(?:her|him|them|me|us|it)\s+at)"
    r"\s+(?:a\s+total\s+of\s+)?$",
    re.IGNORECASE,
)


def reached(question: str) -> list[Figure]:
    """The amounts a question says what it proposes would bring its case to ("A technician
    would reach 14 overtime hours this week if dispatch gives her a Saturday job"): a total
    of what is proposed, whichever sentence says it."""
    return [
        figure
        for match, figure in located(question)
        if figure.bound is None and _REACHES.search(question[: match.start()])
    ]


def _told_totals(question: str, read: list[tuple[re.Match[str], Figure]]) -> list[Total]:
    """An amount reached so far and a later one of the same unit, wherever it is told."""
    found = []
    for index, (match, mine) in enumerate(read):
        if mine.bound is not None or not SO_FAR.search(clause_of(question, match)):
            continue
        found += [
            Total(mine, theirs)
            for _, theirs in read[index + 1 :]
            if theirs.bound is None
            and theirs.unit == mine.unit
            and (mine.context & _GAPS) == (theirs.context & _GAPS)
        ]
    return found


def clause_of(text: str, match: re.Match[str]) -> str:
    """The clause a figure is written in."""
    before = CLAUSE_START.split(text[: match.start()])[-1]
    after = CLAUSE_START.split(text[match.end() :], maxsplit=1)[0]
    return f"{before}{match.group(0)}{after}"


def as_money(value: Decimal) -> str:
    """A sum worked out, as a reader writes it: "$1,520", "$12.50"."""
    return f"${value:,.2f}".removesuffix(".00")


def as_written(figure: Figure, bare: bool = False) -> str:
    """A figure as a reader writes it: "$800", "15 overtime hours a week" ("12" when `bare`)."""
    number = f"{figure.value:,g}"
    if figure.unit == "dollar":
        return f"${figure.value:,.0f}"
    if bare:
        return number
    kind = f" {figure.kind}" if figure.kind else ""
    if figure.unit == "percent":
        return f"{number}%{kind}"
    # Units written as symbols take no plural: "85 dB", "120 km".
    plural = figure.value != 1 and figure.unit not in _SYMBOLS
    unit = f"{figure.unit}s" if plural else figure.unit
    period = f" a {figure.period}" if figure.period else ""
    return f"{number}{kind} {unit}{period}"


# A time of day: "02:00", "7.30", "1:30am", "2 am", "7pm", "3 in the morning", "8 this morning",
# "midnight".
CLOCK = re.compile(
    r"\b(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?:\s*(?P<half>[ap])\.?m\b\.?)?(?!\d)"
    r"|\b(?P<hour12>1[0-2]|0?[1-9])\s*(?P<half12>[ap])\.?m\b\.?"
    r"|\b(?P<hour_of>1[0-2]|0?[1-9])(?:\s+o'clock)?\s+(?:in\s+the\s+|at\s+|this\s+|that\s+|"
    r"tomorrow\s+|(?:the\s+)?next\s+)(?P<part>morning|afternoon|evening|night)\b"
    r"|\b(?P<named>midnight|noon|midday)\b",
    re.IGNORECASE,
)
_NAMED_HOURS = {"midnight": 0, "noon": 12, "midday": 12}


def clock_hours(match: re.Match[str]) -> float:
    """A time of day `CLOCK` matched, in hours since midnight ("3 in the morning" is 03:00,
    "11 at night" 23:00 and "2 at night" 02:00)."""
    if named := match.group("named"):
        return _NAMED_HOURS[named.lower()]
    if part := match.group("part"):
        hour = int(match.group("hour_of")) % 12
        late = part.lower() in ("afternoon", "evening") or (part.lower() == "night" and hour > 5)
        return hour + (12 if late else 0)
    hour = int(match.group("hour") or match.group("hour12"))
    minutes = int(match.group("minute") or 0) / 60
    half = (match.group("half") or match.group("half12") or "").lower()
    if half and hour <= 12:
        hour = hour % 12 + (12 if half == "p" else 0)
    return hour + minutes


# What an event that ended says just before its time: "the call-out ENDED at 02:00".
_ENDED = re.compile(
    r"\b(?:ended|ends|ending|finished|finishes|finishing|completed|completes|was over|"
    r"got back|returned)\b[^.?!]{0,30}$",
    re.IGNORECASE,
)


def clock_gap(text: str) -> float | None:
    """The hours from the end of one event to the start of the next, when a text names two
    times of day: from the one it says ended ("a shift at 06:00 after a call-out that ended
    at 23:00" is 7 hours), else from the first; across midnight too. None without two."""
    times = clock_times(text)
    if times is None:
        return None
    first, second = times
    return (clock_hours(second) - clock_hours(first)) % 24


def clock_times(text: str) -> tuple[re.Match[str], re.Match[str]] | None:
    """The two times of day a text names, the one it says ended first; None without two. A
    time named again ("rostered at 08:00 … keep him on the 08:00 shift") is one time."""
    distinct: dict[float, re.Match[str]] = {}
    for match in CLOCK.finditer(text):
        distinct.setdefault(clock_hours(match), match)
    matches = list(distinct.values())
    if len(matches) != 2:
        return None
    ended = [m for m in matches if _ENDED.search(text[: m.start()].split(".")[-1])]
    first = ended[0] if len(ended) == 1 else matches[0]
    (second,) = (m for m in matches if m is not first)
    return first, second
