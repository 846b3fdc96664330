"""The figures a question states of its own case: each as the asker wrote it, whether it is
theirs ("I worked 52 hours") or a bound they ask about ("more than 10 hrs"), a list ("50, 52,
46 and 44 hours"), a sum of what they have reached and what they add ("already 10 overtime
hours … 3 more"), or a time until or since an event ("in 3 weeks", "90 minutes ago")."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from agentstream.quantities import (
    AFTER,
    EARLIER,
    EVERY,
    KINDS,
    RATED,
    SO_FAR,
    Figure,
    as_written,
    is_plain,
    is_unit,
    located,
)
from agentstream.retrieval.bm25 import tokenize

# "more than 10 hrs" asked of is a little more than 10 hours.
_MARGIN = 0.001
_PAST = {"above": _MARGIN, "below": -_MARGIN}
# "13 hrs of overtime" counts what "13 overtime hours" does.
_KIND_AFTER = re.compile(rf"\s+of\s+({'|'.join(KINDS)})\b", re.IGNORECASE)
# A figure that ends a list ("50, 50, 46 and 48 hours"): the unit counts every number of it.
_LIST = re.compile(r"(?:\d+(?:\.\d+)?(?:\s*,\s*|\s+(?:and|or)\s+))+$")


# "drove 3 hrs straight", "with no break", "without stopping": time spent working without a
# pause, as rules on it write it ("more than 2 hours without a break")
NONSTOP = re.compile(
    r"\b(?:no|without(?:\s+(?:a|any))?)\s+(?:breaks?|rest|stops?|stopping)\b"
    r"|\b(?:straight|non-?stop|continuously)\b",
    re.IGNORECASE,
)
_SPENT_WORKING = ("hour", "minute")
# "11 hrs on a regular job yesterday": hours of one day's work, which a shift's limit bounds
_ONE_DAY = re.compile(
    r"\b(?:today|yesterday|tonight|last\s+night|this\s+(?:morning|evening)"
    r"|on\s+(?:a|the|one|this|that)\s+(?:\w+\s+)?(?:job|shift|call-?out))\b",
    re.IGNORECASE,
)
_DAY_LONG = 24
# "only had 9 hours between shifts": rest, as rules on it write it ("11 consecutive hours of
# rest between two shifts")
_BETWEEN_SHIFTS = re.compile(r"\bbetween\s+(?:\w+\s+)?shifts\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Stated:
    """A figure of the question, as the asker wrote it, and whether it is a figure of their
    own case ("I worked 52 hours") rather than a bound they ask about ("more than 10 hrs"),
    or a figure of a list, which no one bound is checked against."""

    said: str
    figure: Figure
    own: bool
    listed: bool = False
    start: int = 0  # where the question writes it
    lead: bool = False  # a time until or since an event ("in 3 weeks", "90 minutes ago")
    # what the asker says it counts, between number and unit: "unused vacation" of "7 unused
    # vacation days"
    qualifiers: tuple[str, ...] = ()


@lru_cache(maxsize=256)
def stated_figures(question: str) -> tuple[Stated, ...]:
    """The figures a question states, bare numbers (which count nothing said) left out; a
    bound asked about is read as a figure just past it. Read once per question: every
    passage and statement weighed for it asks again."""
    found: list[Stated] = []
    for match, figure in located(question, loose=True):
        if figure.negated:
            continue
        # "how many days do I get after 6 yrs?", "I check it every 8 months", "the anchor is
        # rated 12 kN": how long they have served, how often they do it, what they have: their
        # own figures
        before = question[: match.start()]
        served = figure.threshold is not None and bool(
            AFTER.search(before) or EVERY.search(before) or RATED.search(before)
        )
        if figure.side is not None and not served:
            value = figure.value + _PAST.get(figure.side, 0.0)
            plain = replace(figure, value=value, bound=None, threshold=None)
            lead = is_lead_time(question, match.start(), match.end())
            found.append(Stated(match.group(0), plain, own=False, start=match.start(), lead=lead))
            continue
        figure = replace(figure, threshold=None) if served else figure
        sentence = sentence_of(question, match.start())
        if figure.unit in _SPENT_WORKING and NONSTOP.search(sentence):
            figure = replace(figure, context=figure.context | {"without", "break"})
        if figure.unit == "hour" and _BETWEEN_SHIFTS.search(sentence):
            figure = replace(figure, context=figure.context | {"rest"})
        if (
            figure.unit == "hour"
            and figure.period is None
            and figure.value <= _DAY_LONG
            and _ONE_DAY.search(sentence)
        ):
            figure = replace(figure, period="shift")
        if (kind := _KIND_AFTER.match(question, match.end())) and not figure.kind:
            figure = replace(figure, kind=kind.group(1).lower())
        listing = _LIST.search(before)
        said = f"{listing.group(0)}{match.group(0)}" if listing else match.group(0)
        lead = is_lead_time(question, match.start(), match.end())
        words = match.groupdict().get("words") or ""
        qualifiers = tuple(w for w in tokenize(words) if is_plain(w))
        found.append(
            Stated(
                said,
                figure,
                own=True,
                listed=listing is not None,
                start=match.start(),
                lead=lead,
                qualifiers=qualifiers,
            )
        )
    return tuple(_with_totals(question, found + _bare_lists(question, found)))


# An amount reached so far, and more of it the question adds: "I've already done 10 overtime
# hours this week and my manager wants me to do 3 more".
_MORE = re.compile(
    r"\b(?:another\s+(?P<another>\d+(?:\.\d+)?)"
    r"|(?<![\d,.$])(?P<more>\d+(?:\.\d+)?)\s+(?:more|extra|additional))\b",
    re.IGNORECASE,
)


def _with_totals(question: str, found: list[Stated]) -> list[Stated]:
    """The figures with an amount reached so far and the more the question adds to it read as
    their sum ("10 overtime hours already plus 3 more, 13 overtime hours"), which the rules
    bound, in place of the two."""
    for so_far in found:
        sentence = sentence_of(question, so_far.start)
        # "N more" is more of an amount reached so far, whatever its verb ("done 10 overtime
        # hours this week, can I do 4 more?"), but not of an earlier period's
        if (
            not so_far.own
            or so_far.listed
            or (not SO_FAR.search(sentence) and EARLIER.search(sentence))
        ):
            continue
        more = _MORE.search(question, so_far.start + len(so_far.said))
        if more is None:
            continue
        added = more.group("more") or more.group("another")
        total = replace(so_far.figure, value=so_far.figure.value + float(added))
        said = f"{so_far.said} already plus {added} more ({as_written(total)})"
        # the added figure, if read with its unit ("6 more hours"), is part of the sum
        rest = [s for s in found if not (more.start() <= s.start < more.end())]
        rest[rest.index(so_far)] = replace(so_far, said=said, figure=total)
        return rest
    return found


# Three or more numbers in a list, with no unit after them: "were 50, 52, 46 and 44".
_BARE_LIST = re.compile(
    r"\b\d+(?:\.\d+)?(?:\s*,\s*\d+(?:\.\d+)?)+,?\s+(?:and|or)\s+\d+(?:\.\d+)?\b(?!\s*[%$a-z])",
    re.IGNORECASE,
)


def _bare_lists(question: str, found: Sequence[Stated]) -> list[Stated]:
    """The lists of numbers whose unit the question names before them ("my hours over the
    last 4 weeks were 50, 52, 46 and 44"), as a list of figures in it."""
    lists = []
    for match in _BARE_LIST.finditer(question):
        if any(s.start >= match.start() and s.start < match.end() for s in found):
            continue
        sentence_start = max(question.rfind(mark, 0, match.start()) for mark in ".?!") + 1
        # the unit named on its own ("my hours"), not that of a figure ("the last 4 weeks")
        words = re.findall(
            r"[a-z]+|\d+(?:\.\d+)?", question[sentence_start : match.start()].lower()
        )
        unit = next(
            (
                word
                for index, word in enumerate(words)
                if is_unit(word) and not (index and words[index - 1][0].isdigit())
            ),
            None,
        )
        if unit is None:
            continue
        last = float(match.group(0).rsplit(maxsplit=1)[-1])
        (_, figure), *_ = located(f"{last:g} {unit}")
        lists.append(
            Stated(f"{match.group(0)} {unit}", figure, own=True, listed=True, start=match.start())
        )
    return lists


# What makes a span of time one until or since an event: "24 hours before", "within 2 hours",
# "3 weeks ahead", "90 minutes ago", "starting in 3 weeks".
_LEAD_AFTER = re.compile(
    r"'?\s*(?:before|after|ahead|in advance|later|earlier|ago|from now|notice|of notice|since)\b",
    re.IGNORECASE,
)
# an interval between events is one too: "serviced every 12 months or 20,000 km"
_LEAD_BEFORE = re.compile(
    r"\b(?:within|in|after|starting in|notice of|every(?:\s+\S+\s+\S+\s+or)?)\s+$",
    re.IGNORECASE,
)


def is_lead_time(text: str, start: int, end: int) -> bool:
    """Whether the figure at `text[start:end]` is a time until or since an event."""
    return bool(_LEAD_AFTER.match(text, end) or _LEAD_BEFORE.search(text[:start]))


def sentence_of(text: str, index: int) -> str:
    """The sentence of `text` that holds `index`."""
    start = max(text.rfind(mark, 0, index) for mark in ".?!") + 1
    ends = [end for mark in ".?!" if (end := text.find(mark, index)) >= 0]
    return text[start : min(ends, default=len(text))]
