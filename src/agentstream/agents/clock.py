"""Times of day worked out from the least gap a rule puts between two events.

"The next shift starts 11 hours later at the earliest" for "my call-out finished at 1am,
when can I start?" is 12:00; for "it ended at 02:00 and my shift starts at 07:00" the gap is 5
hours, less than the 11 the rule asks.
"""

import re
from collections.abc import Sequence
from datetime import date

from agentstream.agents.bounds import quoted_clause
from agentstream.agents.sql.catalog.dates import find_dates
from agentstream.quantities import AT_MOST, CLOCK, clock_gap, clock_hours

# "11 hours later", "at least 11 consecutive hours of rest between two shifts", "11 hours
# after the call-out ended".
_LEAST_GAP = re.compile(
    r"\b(?P<count>\d+(?:\.\d+)?)\s*(?:consecutive\s+|clear\s+)?(?P<unit>hours?|minutes?|mins?)\b"
    r"(?:\s+of\s+(?:rest|sleep|break|time off))?\s+(?:later|after|between)\b"
    # "escalate … after 1 hour for premium customers": from the event on
    r"|\bafter\s+(?P<after>\d+(?:\.\d+)?)\s+(?P<after_unit>hours?|minutes?|mins?)\b",
    re.IGNORECASE,
)
# A time a rule sets something by: "before 07:30", "by Monday 10:00", "after 18:00".
_BY_TIME = re.compile(
    r"\b(?:before|by|after|until|from|no later than)\s+(?:[A-Z][a-z]+day\s+)?(?:at\s+)?"
    r"(?P<time>\d)",
)


def _written(hours: float) -> str:
    whole = int(hours) % 24
    return f"{whole:02d}:{round((hours - int(hours)) * 60):02d}"


def _hours_of(least: re.Match[str]) -> float:
    """The gap `_LEAST_GAP` matched, in hours ("60 minutes" is 1)."""
    count = float(least.group("count") or least.group("after"))
    unit = (least.group("unit") or least.group("after_unit")).lower()
    return count / 60 if unit.startswith("min") else count


def _duration(hours: float) -> str:
    """ "1 hour 10 minutes", "9 hours"."""
    whole, minutes = divmod(round(hours * 60), 60)
    said = [f"{whole} hour{'s' if whole != 1 else ''}"] if whole else []
    said += [f"{minutes} minute{'s' if minutes != 1 else ''}"] if minutes else []
    return " ".join(said) or "0 minutes"


def work_out_times(question: str, statements: Sequence[str]) -> list[str]:
    """For one time of day the question gives, the earliest the next event may start by each
    least gap the quoted statements set, and where it falls against each time they set a
    deadline or a start by ("call the dispatcher before 07:30"); for two, the gap between
    them against each least gap."""
    times = list(CLOCK.finditer(question))
    if not times or len(times) > 2:
        return []
    gaps = _against_gaps(question, times, statements)
    return gaps + (_against_times(clock_hours(times[0]), statements) if len(times) == 1 else [])


def _against_times(given: float, statements: Sequence[str]) -> list[str]:
    """ "your 07:45 is after the 07:30 of “call the dispatcher before 07:30”"."""
    worked: list[str] = []
    for statement in statements:
        for bound in _BY_TIME.finditer(statement):
            time = CLOCK.match(statement, bound.start("time"))
            if time is None:
                continue
            set_at = clock_hours(time)
            side = "before" if given < set_at else "after" if given > set_at else "the same as"
            clause = quoted_clause(statement, bound.start(), time.end())
            said = f"your {_written(given)} is {side} the {_written(set_at)} of “{clause}”"
            if said not in worked:
                worked.append(said)
    return worked


def _against_gaps(
    question: str, times: Sequence[re.Match[str]], statements: Sequence[str]
) -> list[str]:
    """The earliest start after the one time given, or the gap between the two given,
    against each least gap the statements set."""
    gap = clock_gap(question) if len(times) == 2 else None
    worked: dict[float, str] = {}
    for statement in statements:
        for least in _LEAST_GAP.finditer(statement):
            hours = _hours_of(least)
            # "within 2 hours after the call" is a deadline, no least gap
            if hours in worked or AT_MOST.search(statement[: least.start()]):
                continue
            clause = quoted_clause(statement, least.start(), least.end())
            if gap is None:
                ended = clock_hours(times[0])
                said = (
                    f"{_written(ended)} plus {_duration(hours)} is {_written(ended + hours)}"
                    f" (“{clause}”)"
                )
            else:
                side = "less than" if gap < hours else "more than" if gap > hours else "the same as"
                said = (
                    f"your gap of {_duration(gap)} is {side} the {_duration(hours)} of “{clause}”"
                )
            worked[hours] = said
    return list(worked.values())


def least_gap_for(question: str, statements: Sequence[str]) -> bool:
    """Whether the question gives a time of day and a statement puts a least gap after an
    event: "I finished a call-out at 11pm, can I start at 8am?" is answered by the rest rule
    though it shares few of its words."""
    return CLOCK.search(question) is not None and any(
        not AT_MOST.search(statement[: least.start()])
        for statement in statements
        for least in _LEAST_GAP.finditer(statement)
    )


def calendar_dates(question: str) -> list[str]:
    """The days of the calendar a question gives, as it writes them ("June 22", "1 Oct"):
    no rule is worked through them, so an answer names them as not applied."""
    lowered = question.lower()
    return [
        question[mention.start : mention.end]
        for mention in find_dates(lowered, date.today())
        if not mention.range.relative and mention.range.point
    ]


def clock_times_of(question: str) -> list[str]:
    """The times of day a question gives, as it writes them ("22:10", "7pm")."""
    return [match.group(0).strip() for match in CLOCK.finditer(question)]
