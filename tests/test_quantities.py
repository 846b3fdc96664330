"""How figures are read: their unit, the limit or range they set, and what they count."""

import pytest

from agentstream.quantities import as_written, clock_gap, located, reached, totals


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # a range a condition states is no limit
        ("absences longer than 3 consecutive days", (3, "day", None, "above", "consecutive")),
        ("property damage over $5,000", (5000, "dollar", None, "above", "")),
        ("anywhere the noise exceeds 85 dB(A)", (85, "dB", None, "above", "")),
        (
            "at least 4 weeks ahead for 4 or more consecutive days",
            (4, "week", "at_least", None, ""),
        ),
        # the unit named before the range
        ("Hours over 10 in a single day", (10, "hour", None, "above", "")),
        # limits
        ("a shift may not exceed 10 hours of work", (10, "hour", "at_most", None, "")),
        ("which limits total working time to 52 hours a week", (52, "hour", "at_most", None, "")),
        ("may extend a day to a maximum of 12 hours", (12, "hour", "at_most", None, "")),
        # exact figures
        ("about 7k worth", (7000, "dollar", None, None, "")),
        ("I have been here 6 yrs", (6, "year", None, None, "")),
    ],
)
def test_a_figure_is_read_with_its_unit_and_the_limit_or_range_it_sets(
    text: str, read: tuple[float, str, str | None, str | None, str]
) -> None:
    _, figure = located(text)[0]
    assert (figure.value, figure.unit, figure.bound, figure.threshold, figure.kind) == read


def test_a_range_from_a_figure_on_is_read_after_it() -> None:
    (_, _, (match, figure)) = located("at least 2 weeks ahead, at least 4 weeks for 4 or more days")
    assert (match.group(0), figure.threshold, figure.holds(4), figure.holds(3)) == (
        "4 or more days",
        "at_least",
        True,
        False,
    )


def test_hours_off_are_read_as_time_off() -> None:
    (_, figure), *_ = located("at least 24 consecutive hours off in each 7-day period")
    assert "off" in figure.context


@pytest.mark.parametrize(
    ("text", "written"),
    [("19% of orders", "19%"), ("above 85 dB", "85 dB"), ("a $7.5k contract", "$7,500")],
)
def test_a_figure_is_written_as_a_reader_writes_it(text: str, written: str) -> None:
    _, figure = located(text)[0]
    assert as_written(figure) == written


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("serviced every 12 months or 20,000 km", 20000, "km"),
        ("work more than 2 metres above the ground", 2, "metre"),
        ("a break of 30 mins", 30, "minute"),
    ],
)
def test_distances_and_thousands_are_read(text: str, value: float, unit: str) -> None:
    _, figure = located(text)[-1]
    assert (figure.value, figure.unit) == (value, unit)


@pytest.mark.parametrize(
    ("question", "total"),
    [
        # cold try c18-r14, #10: what the question asks to give is on top of what is logged
        ("A technician already has 9 overtime hours logged this week. Can dispatch give her a "
         "5-hour Saturday overtime job?", 14.0),
        ("She has already worked 10 overtime hours. Can we approve a 4-hour block?", 14.0),
        # what has been worked this week is reached so far
        ("Maria has worked 9 overtime hours this week. Can we give her another 5-hour "
         "overtime job on Friday?", 14.0),
        # "another 4 hours" is more of what she has, whatever its verb
        ("she has 10 overtime hours, another 4 hours ok?", 14.0),
        # last week's hours are no part of this week's
        ("I worked 52 hours last week. Can I work 4 more hours this week?", None),
        # no amount reached so far: no sum
        ("Can dispatch give her a 5-hour Saturday overtime job?", None),
    ],
)  # fmt: skip
def test_an_amount_given_after_one_reached_so_far_adds_up(
    question: str, total: float | None
) -> None:
    found = totals(question)
    assert (found[0].figure.value if found else None) == total


def test_what_a_proposal_would_bring_the_case_to_is_read_as_reached() -> None:
    question = (
        "A technician would reach 14 overtime hours this week if dispatch gives her a Saturday "
        "job. Can we assign it?"
    )
    assert [figure.value for figure in reached(question)] == [14.0]
    assert reached("She worked 14 overtime hours this week.") == []


def test_a_time_named_again_is_one_time() -> None:
    # cold try c18-r15, #1: "rostered at 08:00 … keep him on the 08:00 shift" named three
    # times of day, so no gap was read
    question = (
        "Raj finished a night call-out at 03:30 and is rostered at 08:00 the same morning. Can "
        "we keep him on the 08:00 shift?"
    )
    assert clock_gap(question) == 4.5


def test_more_of_a_kind_is_added_to_what_was_reached_so_far() -> None:
    # cold try c18-r20, #3: "5 more overtime hours" after "already worked 9 overtime hours"
    question = (
        "A technician has already worked 9 overtime hours this week. Can we give him 5 more "
        "overtime hours on Thursday so he can close a premium customer's urgent ticket?"
    )
    (total,) = totals(question)
    assert (total.so_far.value, total.added.value, total.added.kind) == (9.0, 5.0, "overtime")
