"""Date ranges named in a question ("last month", "in September 2026"), resolved against today.

Ranges are half-open ``[start, end)`` so that SQL can compare ``col >= :start AND col < :end``
identically on SQLite and PostgreSQL, for DATE and TIMESTAMP columns alike.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    name: number
    for number, names in enumerate(
        (
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
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b"
_ISO = r"(\d{4}-\d{2}-\d{2})"
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_COUNT = r"(\d+|" + "|".join(_NUMBER_WORDS) + ")"


@dataclass(frozen=True)
class DateRange:
    """A half-open range of days ``[start, end)`` with the words used to describe it."""

    start: date
    end: date
    label: str


def _month_start(day: date, months_back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def _months_before(day: date, months: int) -> date:
    """The same day of the month ``months`` earlier, clipped to that month's length."""
    first = _month_start(day, months)
    last_day = calendar.monthrange(first.year, first.month)[1]
    return first.replace(day=min(day.day, last_day))


def _span(start: date, end: date) -> str:
    """Inclusive human rendering of a half-open range."""
    return f"{start.isoformat()} to {(end - timedelta(days=1)).isoformat()}"


def _to_int(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBER_WORDS[token]


def _explicit(text: str, today: date) -> DateRange | None:
    """Ranges spelled with ISO dates or month names."""
    tomorrow = today + timedelta(days=1)
    if match := re.search(rf"\bbetween {_ISO} and {_ISO}|\bfrom {_ISO} to {_ISO}", text):
        first, last = (g for g in match.groups() if g)
        start, end = date.fromisoformat(first), date.fromisoformat(last) + timedelta(days=1)
        return DateRange(start, end, f"from {first} to {last}")
    if match := re.search(rf"\b(?:since|after) {_ISO}", text):
        start = date.fromisoformat(match.group(1))
        return DateRange(start, tomorrow, f"since {start.isoformat()}")
    if match := re.search(rf"\bon {_ISO}", text):
        day = date.fromisoformat(match.group(1))
        return DateRange(day, day + timedelta(days=1), f"on {day.isoformat()}")
    if match := re.search(rf"\b(since|in|during|for|of|from) {_MONTH}(?: (\d{{4}}))?", text):
        keyword, month_name, year_text = match.groups()
        month = MONTHS[month_name]
        # Without a year, a month means its latest occurrence that is not in the future.
        year = int(year_text) if year_text else today.year - (month > today.month)
        start = date(year, month, 1)
        if keyword == "since":
            return DateRange(start, tomorrow, f"since {start.isoformat()}")
        return DateRange(start, _month_start(start, -1), f"in {start.strftime('%B %Y')}")
    if match := re.search(r"\b(?:in|during) (\d{4})\b(?!-)", text):
        year = int(match.group(1))
        return DateRange(date(year, 1, 1), date(year + 1, 1, 1), f"in {year}")
    return None


def _relative(text: str, today: date) -> DateRange | None:
    """Ranges relative to today: this/last week, month, quarter, year; the last N days."""
    tomorrow = today + timedelta(days=1)
    if match := re.search(rf"\b(?:last|past|previous) {_COUNT} (day|week|month)s?\b", text):
        count, unit = _to_int(match.group(1)), match.group(2)
        if unit == "month":
            start = _months_before(today, count) + timedelta(days=1)
        else:
            start = tomorrow - timedelta(days=count * (7 if unit == "week" else 1))
        return DateRange(start, tomorrow, f"in the last {count} {unit}s ({_span(start, tomorrow)})")
    if re.search(r"\btoday\b", text):
        return DateRange(today, tomorrow, f"today ({today.isoformat()})")
    if re.search(r"\byesterday\b", text):
        day = today - timedelta(days=1)
        return DateRange(day, today, f"yesterday ({day.isoformat()})")
    if re.search(r"\btomorrow\b", text):
        return DateRange(
            tomorrow, tomorrow + timedelta(days=1), f"tomorrow ({tomorrow.isoformat()})"
        )
    match = re.search(r"\b(this|current|last|previous|past|next) (week|month|quarter|year)\b", text)
    if match is None:
        return None
    which, unit = match.groups()
    back = {"this": 0, "current": 0, "next": -1}.get(which, 1)
    if unit == "week":
        start = today - timedelta(days=today.weekday() + 7 * back)
        end = start + timedelta(days=7)
    elif unit == "month":
        start, end = _month_start(today, back), _month_start(today, back - 1)
    elif unit == "quarter":
        first = _month_start(today, (today.month - 1) % 3 + 3 * back)
        start, end = first, _month_start(first, -3)
    else:
        start, end = date(today.year - back, 1, 1), date(today.year - back + 1, 1, 1)
    word = {0: "this", -1: "next"}.get(back, "last")
    return DateRange(start, end, f"{word} {unit} ({_span(start, end)})")


# Words that announce a period: if one is present but no period was understood, the question
# asks for a range the catalog cannot read and must not be answered for all time instead.
_PERIOD_WORDS = re.compile(
    r"\b(?:days?|weeks?|weekend|months?|years?|quarters?|today|tomorrow|yesterday|since|ago"
    r"|recent(?:ly)?|between|until|before|after|during|20\d\d|"
    + "|".join(name for name in MONTHS if len(name) > 3 or name in ("jan", "feb", "aug", "oct"))
    + r")\b"
)


def mentions_unread_period(text: str, today: date) -> bool:
    """Whether `text` speaks of a period that `parse_date_range` does not understand."""
    return parse_date_range(text, today) is None and bool(_PERIOD_WORDS.search(text))


def parse_date_range(text: str, today: date) -> DateRange | None:
    """Find the date range a lower-cased question refers to, or None when it names none."""
    return _explicit(text, today) or _relative(text, today)
