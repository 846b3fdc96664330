"""Dates of a question: a range takes the year written once, after its second date."""

from datetime import date

import pytest

from agentstream.agents.sql.catalog.dates import find_dates

# the data's last day, before the dates asked of
TODAY = date(2026, 10, 31)


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("between nov 16 and nov 22 2026", [date(2026, 11, 16), date(2026, 11, 22)]),
        ("from 16 nov to 22 nov 2026", [date(2026, 11, 16), date(2026, 11, 22)]),
        ("after nov 3 and before nov 9 2026", [date(2026, 11, 3), date(2026, 11, 9)]),
        # a range across a new year
        ("between dec 20 and jan 5 2027", [date(2026, 12, 20), date(2027, 1, 5)]),
        # the first day written as its number alone, in the second's month
        ("between 16 and 20 november 2026", [date(2026, 11, 16), date(2026, 11, 20)]),
        ("from 3rd to 9 march 2026", [date(2026, 3, 3), date(2026, 3, 9)]),
        # without a year, each is its latest occurrence up to today
        ("between nov 16 and nov 22", [date(2025, 11, 16), date(2025, 11, 22)]),
    ],
)
def test_the_first_date_of_a_range_takes_the_year_of_the_second(
    question: str, days: list[date]
) -> None:
    assert [mention.range.start for mention in find_dates(question, TODAY)] == days
