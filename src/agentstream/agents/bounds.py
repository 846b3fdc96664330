"""The figures a question states of its own case, against the bounds of the rules it is
answered with.

"We damaged a customer's property, about 7k worth: who does this get escalated to?" is
answered by the escalation level for "property damage over $5,000", and "I worked 11 hours on
an emergency call-out" by the rates of "hours over 8 in a day" and "hours over 10 in a single
day": a statement whose bound the asker's figure meets speaks of the asker's case, though it
shares no word with the figure. The answer then says what the asker's figures are against the
bounds it quotes, and names those it could not check: a rule quoted to someone who gave their
own figures is never passed off as worked out for them.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from agentstream.agents.stated import Stated, is_lead_time, sentence_of, stated_figures
from agentstream.quantities import (
    EVERY,
    Figure,
    as_written,
    is_plain,
    located,
)
from agentstream.retrieval.bm25 import form_of, tokenize, variant_of

# What a figure may count besides the work itself: hours of rest are no hours worked.
_OTHER_THAN_WORK = frozenset(("rest", "break"))
# "more than 2 hours without a break": what it counts is work done without one
_PAUSES = frozenset(("break", "rest", "stop", "stopping"))
# Words between a number and its unit that count no other thing: four days off in a row are
# "4 consecutive days"; "12 overtime hours" are another count than 52 hours worked.
_PLAIN_KINDS = frozenset(("consecutive", "working", "straight"))
# A bound on an average ("must not average more than 48 hours per week") is no bound on the
# one week the asker states.
_AVERAGED = re.compile(r"\baverag", re.IGNORECASE)

# A question whether the asker's figures are within the rules: "is that allowed?", "am I over
# the limit?", "too many hours?".
_ASKS_IF_ALLOWED = re.compile(
    r"\b(?:allowed|permitted|legal|ok|okay|limits?|too (?:much|many|long)|exceed\w*|max\w*|"
    r"cap|(?:can|may|could) (?:i|we|she|he|they) (?:still )?(?:approve|go|do|use|work|drive|"
    r"take|give|clip|start))\b",
    re.IGNORECASE,
)


def _period(figure: Figure) -> str | None:
    """What a figure is counted over: its period, or a shift when it speaks of one ("11 hrs
    today", "hours over 8 in a day")."""
    return figure.period or ("shift" if "shift" in figure.context else None)


def _besides_work(figure: Figure) -> frozenset[str]:
    """What a figure counts besides the work: rest, a break, hours off (days off are leave)."""
    if _without_a_pause(figure):
        return frozenset()
    besides = figure.context & _OTHER_THAN_WORK
    return besides | (figure.context & {"off"} if figure.unit == "hour" else frozenset())


# "take a break of at least 15 minutes after every 2 hours of driving": 2 hours of driving
# without one
_AFTER_EVERY = re.compile(r"\bafter\s+every\s+$", re.IGNORECASE)


def _rule_figures(statement: str) -> list[tuple[re.Match[str], Figure, bool]]:
    """The figures of a rule, each with whether it is a time until or since an event; a
    stretch of work between the pauses it sets is work without a pause, not such a time."""
    pauses = bool(set(tokenize(statement)) & _PAUSES)
    found = []
    for match, theirs in located(statement, loose=True):
        if pauses and _AFTER_EVERY.search(statement[: match.start()]):
            found.append(
                (match, replace(theirs, context=theirs.context | {"without", "break"}), False)
            )
        else:
            found.append((match, theirs, is_lead_time(statement, match.start(), match.end())))
    return found


def _without_a_pause(figure: Figure) -> bool:
    return "without" in figure.context and bool(figure.context & _PAUSES)


def _does_alike(mine: Figure, clause: str) -> bool:
    """Whether the clause names what the asker did for their figure ("drove" and "Driving"),
    besides a pause they did not take."""
    did = mine.context - _PAUSES - {"without"}
    return any(form_of(word, other) for word in did for other in tokenize(clause))


def _kind(figure: Figure) -> str:
    return "" if figure.kind in _PLAIN_KINDS else figure.kind


def _comparable(mine: Figure, theirs: Figure) -> bool:
    """Whether a rule's figure counts what the asker's counts: the same unit, no other kind
    ("12 overtime hours"), no rest against work, and no two different periods."""
    periods = {_period(mine), _period(theirs)} - {None}
    return (
        mine.unit == theirs.unit
        # a limit on work without a pause is none on work the asker paused in, or did not say
        and (_without_a_pause(mine) or not _without_a_pause(theirs))
        and _kind(theirs) == _kind(mine)
        and _besides_work(mine) == _besides_work(theirs)
        and len(periods) < 2
    )


def _named_alike(mine: Figure, theirs: Figure, clause: str) -> bool:
    """Whether a rule's figure counts what the asker's does, said alike: a word around the
    asker's figure in the rule's clause ("ladder" of "up the ladder for 45 min" and "Ladders
    are only for short tasks of up to 30 minutes"), or one period ("52 hours this week" and
    "52 hours a week"); "report it within 1 hour" counts no hours worked."""
    if _period(mine) is not None and _period(mine) == _period(theirs):
        return True
    if mine.kind and mine.kind == theirs.kind:
        return True  # "13 overtime hours" and "12 overtime hours in one week"
    said = set(tokenize(clause)) | theirs.context
    return any(variant_of(word, other) or word == other for word in mine.context for other in said)


def asks_if_allowed(question: str) -> bool:
    """Whether a question asks if the asker's figures are within the rules."""
    return _ASKS_IF_ALLOWED.search(question) is not None


def meets_a_bound(
    stated: Sequence[Stated], statement: str, if_allowed: bool = False, holding: bool = False
) -> bool:
    """Whether the statement speaks of the asker's case by its figures: one of them is in a
    range the statement sets ("$7,000" in "over $5,000"; "11 hours" in "hours over 10"), or
    the statement sets a limit on what one of them counts ("a shift may not exceed 10 hours"
    of "11 hrs today"), inside it or not. Asked `if_allowed`, only a limit on what they count,
    said alike, speaks of it: "shifts longer than 6 hours include a break" does not say
    whether 11 hours are allowed. `holding`: only a range one of them is in."""
    for match, theirs, lead in _rule_figures(statement):
        if theirs.side is None or (holding and theirs.threshold is None):
            continue
        for mine in stated:
            if not _comparable(mine.figure, theirs) or mine.lead != lead:
                continue
            if if_allowed:
                clause = quoted_clause(statement, match.start(), match.end())
                if theirs.bound is not None and _named_alike(mine.figure, theirs, clause):
                    return True
            elif (theirs.bound is not None and not holding) or theirs.holds(mine.figure.value):
                return True
    return False


@dataclass(frozen=True, slots=True)
class Applied:
    """What the asker's own figures are against the bounds of the statements quoted to them,
    and the figures no bound could be checked against."""

    comparisons: tuple[str, ...]
    unchecked: tuple[str, ...]


def apply_figures(question: str, statements: Sequence[str], worked_out: str = "") -> Applied:
    """The asker's own figures ("I was off sick 4 days") against the bounds the quoted
    statements set on what they count ("absences longer than 3 consecutive days"): "your 4
    days is more than the 3 consecutive days of “…”". A figure is checked only when it is the
    question's one figure of its unit, so that "5 days off starting in 10 days" is never
    matched to the wrong rule. A figure the answer already worked into a sum (`worked_out`:
    "19% of your $10,000 a month") is not held against another rule's bound (a goodwill
    gesture "of up to $500")."""
    own = [s for s in stated_figures(question) if s.own and f"your {s.said}" not in worked_out]
    # one figure of each unit and kind: "12 overtime hours" counts other hours than "52 hours"
    per_unit = Counter((s.figure.unit, _kind(s.figure)) for s in own)
    checkable = [s for s in own if per_unit[s.figure.unit, _kind(s.figure)] == 1]
    # the relations of each figure to the bounds of each clause, in reading order
    relations: dict[tuple[str, str], list[str]] = {}
    done_alike: set[str] = set()
    said_alike: set[tuple[str, str]] = set()
    checked: set[str] = set()
    for statement in statements:
        for match, theirs, lead in _rule_figures(statement):
            clause = quoted_clause(statement, match.start(), match.end())
            averaged = _AVERAGED.search(clause) is not None
            if theirs.side is None:
                # A rule for the very figure asked of ("if the login fails three times")
                # speaks of it as it stands.
                checked.update(
                    mine.said
                    for mine in own
                    if not mine.listed
                    and _comparable(mine.figure, theirs)
                    and mine.figure.value == theirs.value
                )
                continue
            for mine in checkable:
                # A list is checked against a bound on its average, one figure against the
                # others: "50, 50, 46 and 48 hours" average 48.5 hours.
                if mine.listed != averaged or not _comparable(mine.figure, theirs):
                    continue
                if not _of_the_same(question, mine, statement, match, clause):
                    continue
                # what the asker says their figure counts ("7 unused vacation days") the rule's
                # clause must say too ("5 unused vacation days", not "a maximum of 27 days")
                if not all(_names_any([word], tokenize(clause)) for word in mine.qualifiers):
                    continue
                # time until or since something ("24 hours before the work starts", "within
                # 24 hours", "90 minutes ago") is no time spent working, nor the other way
                if mine.lead != lead:
                    continue
                # Outside one of several cases a rule is for ("in plant rooms, generator rooms
                # and anywhere the noise exceeds 85 dB") is no answer: another may hold. Past
                # one of several intervals ("every 12 months or 20,000 km") is.
                # So is outside the first ("Hours over 8 in a day, or over 40 regular hours in
                # a week").
                begins = statement.find(clause)
                before = statement[begins : match.start()]
                another = _ANOTHER_CASE.match(statement, begins + len(clause)) is not None
                interval = EVERY.search(statement[: match.start()]) is not None
                outside = theirs.threshold and not theirs.holds(_average(mine))
                if outside and (_OR.search(before) or another) and not interval:
                    continue
                # of what they did: "2 hours driving without a break" is no limit on a shift
                alike = _does_alike(mine.figure, clause)
                if _without_a_pause(theirs) and not alike:
                    continue
                said = relations.setdefault((_as_compared(mine), clause), [])
                if (relation := _relation(mine, theirs)) not in said:
                    said.append(relation)
                if alike:
                    done_alike.add(_as_compared(mine))
                    said_alike.add((_as_compared(mine), clause))
                checked.add(mine.said)
    # a rule on what the asker did ("driving for more than 2 hours without a break" for
    # "drove 3 hrs straight") answers for their figure; one on something else does not
    comparisons = tuple(
        f"your {mine} {' and '.join(said)} of “{clause}”"
        for (mine, clause), said in relations.items()
        if mine not in done_alike or (mine, clause) in said_alike
    )
    unchecked = tuple(dict.fromkeys(s.said for s in own if s.said not in checked))
    return Applied(comparisons, unchecked)


# Another case of the same rule, before its figure: "… or over 40 regular hours", "… and
# anywhere the noise exceeds 85 dB".
_OR = re.compile(
    r",\s*or\b|\b(?:or|and)\s+(?:anywhere|wherever|whenever|when|if|in any)\b", re.IGNORECASE
)
# Another case of the same rule, after the clause quoted: "…, or over 40 regular hours".
_ANOTHER_CASE = re.compile(r"\s*,\s*or\b", re.IGNORECASE)
# Words between a figure and what it measures ("oxygen AT 19.2%", "gas BELOW 10%").
_LINKING = frozenset((
    "at", "is", "are", "was", "be", "of", "between", "below", "above", "over", "under",
    "than", "more", "less", "the", "a", "an", "reads", "read", "reading", "measures",
    "measured", "level", "about", "around", "roughly", "approximately", "exceeds", "exceed",
    "up", "to", "no", "not", "must", "by", "only", "for", "in", "on", "with", "it", "its",
    "our", "my", "their", "and", "or",
))  # fmt: skip


def _subject(text: str, start: int) -> str | None:
    """The word a figure is of, right before it: "oxygen" of "reads oxygen at 19.2%"."""
    words = re.findall(r"[a-z]+", text[:start].lower())
    return next((word for word in reversed(words[-6:]) if word not in _LINKING), None)


# Units of a share of something, which the word before the figure names: "oxygen at 19.2%",
# "hydrogen sulphide below 10 ppm".
_CONCENTRATIONS = frozenset(("percent", "ppm"))


def _of_the_same(
    question: str, mine: Stated, statement: str, match: re.Match[str], clause: str
) -> bool:
    """Whether a rule's amount of money or share is of what the asker's is: a share of the
    same thing ("oxygen at 19.2%" and "oxygen between 19.5% and 23.5%", not "flammable gas
    below 10%"), a sum the asker's sentence and the clause name alike (a damaged floor's repair
    and "property damage over $5,000", not a monthly fee and "a goodwill gesture of up to
    $500").
    Other units say what they count by themselves."""
    if mine.figure.unit in _CONCENTRATIONS:
        ours, theirs = _subject(question, mine.start), _subject(statement, match.start())
        if ours is None or theirs is None:
            return False
        return ours == theirs or variant_of(ours, theirs)
    if mine.figure.unit == "dollar":
        # the words of the asker's sentence that holds the sum ("we damaged a customer's floor,
        # repair is about $6,200"), not of what else they ask ("how much credit")
        named = [word for word in tokenize(sentence_of(question, mine.start)) if is_plain(word)]
        said = tokenize(clause)
        return any(word == other or variant_of(word, other) for word in named for other in said)
    return True


# Where a clause quoted with a figure starts and ends: a sentence's end, a colon or semicolon,
# a parenthesis, a table's next cell, a comma before the next clause, or "and" before another
# bound ("after 1 hour for premium customers and after 3 hours for standard customers").
_CLAUSE_BOUNDARY = re.compile(
    r"[;:()]|\.(?:\s|$)|\s—\s|,\s+(?:and|or|but|while|so)\s+"
    r"|\s+and\s+(?=(?:after|before|within|by|up to|at least|at most)\b)"
)


def quoted_clause(statement: str, start: int, end: int) -> str:
    """The clause of a rule that holds `statement[start:end]` (a figure, a time), as quoted to
    the asker."""
    starts = [b.end() for b in _CLAUSE_BOUNDARY.finditer(statement) if b.end() <= start]
    after = _CLAUSE_BOUNDARY.search(statement, end)
    return statement[starts[-1] if starts else 0 : after.start() if after else None].strip()


def _average(stated: Stated) -> float:
    """The mean of a list of figures ("50, 50, 46 and 48 hours"), or the one figure."""
    values = [float(number) for number in re.findall(r"\d+(?:\.\d+)?", stated.said)]
    return sum(values) / len(values) if stated.listed and values else stated.figure.value


def _as_compared(stated: Stated) -> str:
    """ "52 hours is", or for a list "50, 50, 46 and 48 hours average 48.5 hours, which is"."""
    if not stated.listed:
        return f"{stated.said} is"
    mean = replace(stated.figure, value=round(_average(stated), 2), period=None)
    return f"{stated.said} average {as_written(mean)}, which is"


def _relation(mine: Stated, theirs: Figure) -> str:
    """ "25 minutes more than the 60 minutes", "the same as the 52 hours"."""
    written = as_written(replace(theirs, period=None))
    value = _average(mine)
    if value == theirs.value:
        return f"the same as the {written}"
    gap = as_written(
        replace(theirs, value=round(abs(value - theirs.value), 2), period=None, kind="")
    )
    return f"{gap} {'more' if value > theirs.value else 'less'} than the {written}"


def limits_own_figures(question: str, statements: Sequence[str]) -> bool:
    """Whether the question asks if the asker's own figures are allowed and one of the
    statements sets a limit on what one of them counts ("a shift may not exceed 10 hours" of
    "did 11 hrs today, is that allowed?")."""
    if not asks_if_allowed(question):
        return False
    own = [s for s in stated_figures(question) if s.own and not s.listed]
    return any(meets_a_bound(own, statement, if_allowed=True) for statement in statements)


def _names_any(named: Sequence[str], said: Sequence[str]) -> bool:
    return any(word == other or variant_of(word, other) for word in named for other in said)


def bounds_their_figures(question: str, statements: Sequence[str], holding: bool = False) -> bool:
    """Whether a statement sets a bound or a range on what one of the asker's own figures
    counts, said of what their question names ("property damage over $5,000" for a damaged
    floor at about $6,200 or $3,000; "hydrogen sulphide below 10 ppm" for a reading of 12
    ppm): the statement is the rule for their case, whichever side of it they are on; or,
    `holding`, only a range their figure is in ("Hours over 10 in a single day" for 11 hours),
    which speaks of it more than any other."""
    own = [s for s in stated_figures(question) if s.own and not s.listed]
    # what the question names, besides its figures ("damaged" of "damaged a floor, $6,200")
    named = [word for word in tokenize(question) if is_plain(word)]
    for statement in statements:
        for match, theirs, lead in _rule_figures(statement):
            if theirs.side is None or (holding and theirs.threshold is None):
                continue
            clause = quoted_clause(statement, match.start(), match.end())
            # the rule's words around the bound (a row's "(emergency call-outs only)") too
            if not _names_any(named, tokenize(statement)):
                continue
            if any(
                _comparable(mine.figure, theirs)
                and mine.lead == lead
                and (not holding or theirs.holds(mine.figure.value))
                and _of_the_same(question, mine, statement, match, clause)
                for mine in own
            ):
                return True
    return False
