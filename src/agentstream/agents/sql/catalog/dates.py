"""Dates and periods in a question ("last month", "after 2026-10-15", "before 2015").

Every date phrase is found with its span and resolved against today into a half-open range of
days ``[start, end)``: a period ("in September", "last week") filters on it, a point after a
comparison word ("after October 31", "before 2015") becomes a threshold. Ranges compare the
same way on SQLite and PostgreSQL, on DATE and TIMESTAMP columns alike.
"""

import calendar
import contextlib
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import partial

_MONTH_NAMES = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}
_MONTH = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_COUNT = r"(\d+|" + "|".join(_NUMBERS) + ")"
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3}
_ORDINALS |= {"4th": 4}


@dataclass(frozen=True)
class DateRange:
    """A half-open range of days with the words that describe it; `point` when the phrase
    names a moment (a day, month or year) that a comparison word may bound."""

    start: date
    end: date
    label: str
    point: bool = False
    # Counted from today ("last month", "yesterday"), not a date of the calendar.
    relative: bool = False


@dataclass(frozen=True)
class DateMention:
    """A date phrase of the question: where it is and what it means."""

    start: int
    end: int
    range: DateRange


def _month_start(day: date, months_back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def _span(start: date, end: date) -> str:
    return f"{start.isoformat()} to {(end - timedelta(days=1)).isoformat()}"


def _count(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBERS[token]


def _year_of_month(month: int, year_text: str | None, today: date) -> int:
    # Without a year, a month means its latest occurrence that is not in the future.
    return int(year_text) if year_text else today.year - (month > today.month)


def _day(match: re.Match[str], today: date) -> DateRange:
    month = MONTHS[match.group(1)]
    year = _year_of_month(month, match.group(3), today)
    day = date(year, month, int(match.group(2)))
    return DateRange(day, day + timedelta(days=1), day.isoformat(), point=True)


def _day_first(match: re.Match[str], today: date) -> DateRange:
    """ "1 Oct 2026", "3rd of March": the day written before its month."""
    month = MONTHS[match.group(2)]
    year = _year_of_month(month, match.group(3), today)
    day = date(year, month, int(match.group(1)))
    return DateRange(day, day + timedelta(days=1), day.isoformat(), point=True)


def _slashed(match: re.Match[str], today: date) -> DateRange:
    """ "10/15/2026" (month first) or "15/10/2026" (day first): only when one of the two
    numbers cannot be a month, since "10/11/2026" may be either."""
    first, second, year = (int(group) for group in match.groups())
    if first > 12 >= second:
        day_of_month, month = first, second
    elif second > 12 >= first:
        day_of_month, month = second, first
    else:
        raise ValueError(match.group(0))
    day = date(year, month, day_of_month)
    return DateRange(day, day + timedelta(days=1), day.isoformat(), point=True)


def _month(match: re.Match[str], today: date) -> DateRange:
    month = MONTHS[match.group(1)]
    start = date(_year_of_month(month, match.group(2), today), month, 1)
    return DateRange(start, _month_start(start, -1), start.strftime("%B %Y"), point=True)


def _iso(match: re.Match[str], today: date) -> DateRange:
    day = date.fromisoformat(match.group(0))
    return DateRange(day, day + timedelta(days=1), day.isoformat(), point=True)


def _year(match: re.Match[str], today: date) -> DateRange:
    year = int(match.group(1))
    return DateRange(date(year, 1, 1), date(year + 1, 1, 1), str(year), point=True)


def _last_n(match: re.Match[str], today: date) -> DateRange:
    count, unit = _count(match.group(1)), match.group(2)
    tomorrow = today + timedelta(days=1)
    if unit == "month":
        start = _month_start(today, count) + timedelta(days=today.day)
    else:
        start = tomorrow - timedelta(days=count * (7 if unit in ("week", "wk") else 1))
    label = f"in the last {count} {unit}s ({_span(start, tomorrow)})"
    return DateRange(start, tomorrow, label, relative=True)


def _relative(match: re.Match[str], today: date) -> DateRange:
    which, unit = match.group(1), match.group(2)
    back = {"this": 0, "current": 0, "next": -1}.get(which, 1)
    if unit in ("week", "wk"):
        start = today - timedelta(days=today.weekday() + 7 * back)
        end = start + timedelta(days=7)
        unit = "week"
    elif unit == "month":
        start, end = _month_start(today, back), _month_start(today, back - 1)
    elif unit == "quarter":
        start = _month_start(today, (today.month - 1) % 3 + 3 * back)
        end = _month_start(start, -3)
    else:
        start, end = date(today.year - back, 1, 1), date(today.year - back + 1, 1, 1)
    word = {0: "this", -1: "next"}.get(back, "last")
    return DateRange(start, end, f"{word} {unit} ({_span(start, end)})", relative=True)


def _quarter(match: re.Match[str], today: date) -> DateRange:
    number = _ORDINALS.get(match.group(1)) or int(match.group(1).lstrip("q"))
    year = int(match.group(2)) if match.group(2) else today.year
    start = date(year, 3 * number - 2, 1)
    return DateRange(start, _month_start(start, -3), f"in Q{number} {year}")


def _half(match: re.Match[str], today: date) -> DateRange:
    """ "H1 2026", "the second half of 2025": January to June, or July to December."""
    which = match.group(1) or match.group(2)
    second = which in ("second", "2nd", "2")
    year = int(match.group(3)) if match.group(3) else today.year
    start = date(year, 7 if second else 1, 1)
    return DateRange(start, _month_start(start, -6), f"in H{2 if second else 1} {year}")


def _mid_month(match: re.Match[str], today: date) -> DateRange:
    """ "mid-September": its 15th, a day a comparison word may bound ("since mid-Sept")."""
    month = MONTHS[match.group(1)]
    day = date(_year_of_month(month, match.group(2), today), month, 15)
    return DateRange(day, day + timedelta(days=1), f"mid-{day:%B %Y} ({day})", point=True)


def _week_of(match: re.Match[str], today: date) -> DateRange:
    """ "The week of 16/11/2026", "the week starting March 2": seven days from that day."""
    inner = find_dates(match.group(1), today)
    if len(inner) != 1:
        raise ValueError(match.group(1))
    start = inner[0].range.start
    end = start + timedelta(days=7)
    return DateRange(start, end, f"in the week of {start} ({_span(start, end)})")


DateResolver = Callable[[re.Match[str], date], DateRange]


def _single_day(offset: int, word: str) -> DateResolver:
    def resolve(match: re.Match[str], today: date) -> DateRange:
        day = today + timedelta(days=offset)
        label = f"{word} ({day.isoformat()})"
        return DateRange(day, day + timedelta(days=1), label, relative=True)

    return resolve


def _edge(match: re.Match[str], today: date) -> DateRange:
    """ "the start of 2024", "the end of last month": the moment a period starts or ends, an
    empty range that a comparison word bounds ("after the start of 2024": from 2024-01-01)."""
    which, inner = match.group(1), find_dates(match.group(2), today)
    if len(inner) != 1:
        raise ValueError(match.group(2))
    period = inner[0].range
    moment = period.end if which == "end" else period.start
    label = f"the {'end' if which == 'end' else 'start'} of {period.label} ({moment.isoformat()})"
    return DateRange(moment, moment, label, point=True, relative=period.relative)


_MONTH_CUE = r"\b(?:in|during|of|since|before|after|until)\s+$"
_PATTERNS: tuple[tuple[re.Pattern[str], DateResolver], ...] = tuple(
    (re.compile(pattern), resolver)
    for pattern, resolver in (
        (
            r"\b(?:the )?(start|beginning|end) of (?:the )?("
            r"(?:this|current|last|previous|next) (?:week|wk|month|quarter|year)"
            r"|" + _MONTH + r"(?: \d{4})?|(?:19|20)\d{2})\b",
            _edge,
        ),
        (r"\b(?:last|past|previous) " + _COUNT + r" (day|week|wk|month)s?\b", _last_n),
        (
            r"\b(?:the )?week (?:of|starting|beginning|commencing) ("
            r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}"
            r"|(?:"
            + _MONTH
            + r" \d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)? (?:of )?"
            + _MONTH
            + r")(?:,? \d{4})?)",
            _week_of,
        ),
        (r"\b(this|current|last|previous|past|next) (week|wk|month|quarter|year)\b", _relative),
        (r"\b(first|second|third|fourth|1st|2nd|3rd|4th) quarter(?: of (\d{4}))?\b", _quarter),
        (r"\b(q[1-4])(?: (\d{4}))?\b", _quarter),
        (
            r"\b(?:(?:the )?(first|second|1st|2nd) half|h([12]))(?: of)?(?: ((?:19|20)\d{2}))?\b",
            _half,
        ),
        (r"\bmid[- ]?" + _MONTH + r"(?: (\d{4}))?\b", _mid_month),
        (r"\btoday\b", _single_day(0, "today")),
        (r"\byesterday\b", _single_day(-1, "yesterday")),
        (r"\btomorrow\b", _single_day(1, "tomorrow")),
        (r"\b\d{4}-\d{2}-\d{2}\b", _iso),
        (r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", _slashed),
        (r"\b" + _MONTH + r" (\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?", _day),
        (
            r"\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _MONTH + r"\b(?:,?\s+(\d{4})\b)?",
            _day_first,
        ),
        (r"\b" + _MONTH + r"(?: (\d{4}))?\b", _month),
        (r"\b((?:19|20)\d{2})\b", _year),
    )
)


_LONGER = r"(more than|over|at least|longer than|less than|under|fewer than|within)"
# "hired more than 10 years ago", "been with us over 5 years", "less than 2 years of service":
# a length of time back from today, said as the day it starts from.
_DURATIONS = (
    re.compile(_LONGER + r" " + _COUNT + r" (year|month|week|day)s? ago\b"),
    re.compile(
        r"(?:been (?:with us|here|with the company|employed|working here)(?: for)?|"
        r"(?:with|has|have|had)) " + _LONGER + r" " + _COUNT + r" (year|month)s?(?: of service)?\b"
    ),
    re.compile(_LONGER + r" " + _COUNT + r" (year|month)s? of service\b"),
)


def spell_out_durations(text: str, today: date) -> str:
    """`text` with each length of time back from today written as the day it reaches, so that
    the periods and thresholds read it: "hired more than 10 years ago" is "hired before
    2016-10-31", "been with us under 2 years" is "hired after 2024-10-31"."""
    for index, pattern in enumerate(_DURATIONS):
        text = pattern.sub(partial(_duration, today=today, hired=index > 0), text)
    return text


def _duration(match: re.Match[str], *, today: date, hired: bool) -> str:
    bound, count, unit = match.group(1), _count(match.group(2)), match.group(3)
    if unit == "year":
        try:
            day = today.replace(year=today.year - count)
        except ValueError:  # 29 February
            day = today.replace(year=today.year - count, day=28)
    elif unit == "month":  # the same day of that month, or its last day
        first = _month_start(today, count)
        day = first.replace(day=min(today.day, calendar.monthrange(first.year, first.month)[1]))
    else:
        day = today - timedelta(days=count * (7 if unit == "week" else 1))
    side = "before" if bound in ("more than", "over", "at least", "longer than") else "after"
    return f"{'hired ' if hired else ''}{side} {day.isoformat()}"


# Two dates of one range: "between nov 16 and nov 22 2026", "from 3 march to 9 march, 2026".
_RANGE_JOIN = re.compile(
    r"\s*(?:and|to|until|till|through|thru|-|–)(?:\s+(?:before|until|up to|to|on))?\s*"
)
_WRITTEN_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def find_dates(text: str, today: date) -> list[DateMention]:
    """Every date phrase of a lower-cased question, left to right, without overlaps; the
    first date of a range takes the year written after the second ("between nov 16 and nov
    22 2026" is in 2026, whatever today is)."""
    found: list[DateMention] = []
    resolved_by: dict[int, tuple[re.Match[str], DateResolver]] = {}
    taken: list[range] = []
    for pattern, resolver in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() in span or match.end() - 1 in span for span in taken):
                continue
            if resolver is _month and match.group(1) in ("may", "mar", "jun", "sep", "dec"):
                before = text[: match.start()]
                if not match.group(2) and not re.search(_MONTH_CUE, before):
                    continue  # "may" is a verb more often than a month
            try:
                resolved = resolver(match, today)
            except ValueError:
                continue  # "February 30": not a date
            found.append(DateMention(match.start(), match.end(), resolved))
            resolved_by[match.start()] = (match, resolver)
            taken.append(range(match.start(), match.end()))
    found.sort(key=lambda mention: mention.start)
    for index, (first, second) in enumerate(itertools.pairwise(found)):
        year = _WRITTEN_YEAR.search(text, second.start, second.end)
        if (
            year is None
            or _WRITTEN_YEAR.search(text, first.start, first.end)
            or not _RANGE_JOIN.fullmatch(text, first.end, second.start)
            or first.range.relative
        ):
            continue
        # read the first date as of the last day of the second's year: its latest occurrence
        # up to the second date
        match, resolver = resolved_by[first.start]
        end_of_range = second.range.start
        with contextlib.suppress(ValueError):
            found[index] = replace(first, range=resolver(match, end_of_range))
    return sorted(found + _bare_first_days(text, found), key=lambda mention: mention.start)


# "between 16 and 20 november 2026": the first day of a range written as its number alone.
_BARE_DAY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s*(?:and|to|until|till|through|thru|-|–)\s*$")


def _bare_first_days(text: str, found: Sequence[DateMention]) -> list[DateMention]:
    """The first days of ranges written as a number before a whole date, in its month."""
    days = []
    for mention in found:
        day = mention.range.start
        if not mention.range.point or mention.range.end - day != timedelta(days=1):
            continue
        bare = _BARE_DAY.search(text, 0, mention.start)
        if bare is None or any(m.start <= bare.start() < m.end for m in found):
            continue
        with contextlib.suppress(ValueError):
            first = day.replace(day=int(bare.group(1)))
            if first < day:
                span = DateRange(first, first + timedelta(days=1), first.isoformat(), point=True)
                days.append(DateMention(bare.start(1), bare.end(1), span))
    return days
