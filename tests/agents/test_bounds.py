"""The asker's figures against a rule's bounds: which rows of a rule speak of the asker's case,
and what the figures are against the bounds quoted to them."""

import pytest

from agentstream.agents.bounds import (
    Applied,
    apply_figures,
    bounds_their_figures,
    limits_own_figures,
    meets_a_bound,
)
from agentstream.agents.stated import stated_figures


def test_the_figures_a_question_states_are_read_with_what_they_count() -> None:
    stated = stated_figures("about 7k worth, and $1,250 more, over 11 hrs in 3 days, job 12")
    assert [(s.said, s.figure.value, s.figure.unit, s.own) for s in stated] == [
        ("7k", 7000, "dollar", True),
        ("$1,250", 1250, "dollar", True),
        ("11 hrs", 11.001, "hour", False),  # over 11: a little more, and no figure of theirs
        ("3 days", 3, "day", True),
    ]


@pytest.mark.parametrize(
    ("question", "statement", "met"),
    [
        ("damage about 7k worth", "a safety incident, or property damage over $5,000", True),
        ("damage about 4k worth", "a safety incident, or property damage over $5,000", False),
        ("I work 11 hours on a call-out", "Hours over 10 in a single day", True),
        ("I work 10 hours on a call-out", "Hours over 10 in a single day", False),
        # "more than 10 hrs" is past 10, so it is over 10
        ("if I work more than 10 hrs", "Hours over 10 in a single day", True),
        ("off sick for 4 days", "required for absences longer than 3 consecutive days", True),
        ("off sick for 2 days", "required for absences longer than 3 consecutive days", False),
        # a limit on what the figure counts speaks of it, inside the limit or not
        ("a gesture of $800", "a goodwill gesture of up to $500", True),
        ("a gesture of $300", "a goodwill gesture of up to $500", True),
        # a figure in another unit meets nothing
        ("I work 11 hours", "property damage over $5", False),
    ],
)
def test_a_statement_speaks_of_the_case_when_the_askers_figure_meets_its_bound(
    question: str, statement: str, met: bool
) -> None:
    assert meets_a_bound(stated_figures(question), statement) is met


@pytest.mark.parametrize(
    ("question", "statements", "comparisons", "unchecked"),
    [
        (
            "I was off sick for 4 days in a row, do I need a doctor's note?",
            ["A doctor's certificate is required for absences longer than 3 consecutive days."],
            [
                "your 4 days is 1 day more than the 3 consecutive days of “A doctor's "
                "certificate is required for absences longer than 3 consecutive days”"
            ],
            [],
        ),
        (
            "how am I paid for 9 hours on a call-out?",
            ["Overtime rates: Situation: Hours over 10 in a single day — Rate: 2 × base rate"],
            ["your 9 hours is 1 hour less than the 10 hours of “Hours over 10 in a single day”"],
            [],
        ),
        (
            "I worked 52 hours this week, is that over the limit?",
            [
                "Weekly overtime cap: no technician may work more than 12 overtime hours in one "
                "week, which limits total working time to 52 hours a week.",
                "Averaged hours: over any 4 consecutive weeks, working time must not average "
                "more than 48 hours per week.",
                "Daily limit: a shift may not exceed 10 hours of work, including overtime.",
            ],
            # not the 12 overtime hours, the average or a shift's 10 hours
            [
                "your 52 hours is the same as the 52 hours of “no technician may work more "
                "than 12 overtime hours in one week, which limits total working time to 52 hours "
                "a week”"
            ],
            [],
        ),
        # a list of figures is checked by its average, against a bound on an average only
        (
            "my last 4 weeks were 50, 50, 46 and 48 hours. am I within the rules?",
            [
                "Averaged hours: over any 4 consecutive weeks, working time must not average "
                "more than 48 hours per week.",
                "Weekly overtime cap: the total working time is limited to 52 hours a week.",
            ],
            [
                "your 50, 50, 46 and 48 hours average 48.5 hours, which is 0.5 hours more than "
                "the 48 hours of “over any 4 consecutive weeks, working time must not average more "
                "than 48 hours per week”"
            ],
            [],  # "over any 4 consecutive weeks" is a rule for the very 4 weeks they give
        ),
        # two figures of one unit: which rule each meets is not read, so neither is checked
        (
            "5 days off starting in 10 days, enough notice?",
            ["at least 4 weeks ahead for 4 or more consecutive days, within 5 business days"],
            [],
            ["5 days", "10 days"],
        ),
        # hours of rest or hours off are no hours worked
        (
            "did 11 hrs today, is that allowed?",
            [
                "Every technician must have at least 11 consecutive hours of rest between two "
                "shifts.",
                "Every technician must have at least 24 consecutive hours off in each 7-day "
                "period.",
            ],
            [],
            ["11 hrs"],
        ),
        # the very figure a rule is for needs no comparison
        (
            "what happens if the login fails three times",
            ["If the login fails three times, the controller locks the account for 15 minutes."],
            [],
            [],
        ),
        # hours of overtime are overtime hours, and no hours worked in all
        (
            "I've done 13 hrs of overtime this week, am I over the cap?",
            [
                "no technician may work more than 12 overtime hours in one week, which limits "
                "total working time to 52 hours a week."
            ],
            [
                "your 13 hrs is 1 hour more than the 12 overtime hours of “no technician may work "
                "more than 12 overtime hours in one week, which limits total working time to 52 "
                "hours a week”"
            ],
            [],
        ),
        # how long they have served ("after 6 yrs") is their own figure, checked against the
        # steps of a rule
        (
            "how many vacation days do I get after 6 yrs?",
            [
                "Entitlement rises by 1 day after 5 years of service and by 1 more day after 10 "
                "years."
            ],
            [
                "your 6 yrs is 1 year more than the 5 years of “Entitlement rises by 1 day after 5 "
                "years of service”",
                "your 6 yrs is 4 years less than the 10 years of “by 1 more day after 10 years”",
            ],
            [],
        ),
        # a bound the asker asks about is not a figure of theirs
        ("what happens to claims older than 90 days", ["within 30 days of the expense"], [], []),
    ],
)
def test_the_askers_own_figures_are_compared_with_the_quoted_bounds_or_named_as_unchecked(
    question: str, statements: list[str], comparisons: list[str], unchecked: list[str]
) -> None:
    applied = apply_figures(question, statements)
    assert list(applied.comparisons) == comparisons
    assert list(applied.unchecked) == unchecked


@pytest.mark.parametrize(
    ("question", "statement", "limits"),
    [
        ("did 11 hrs today, is that allowed?", "a shift may not exceed 10 hours of work", True),
        # a deadline in hours is no limit on the hours worked
        ("did 11 hrs today, is that allowed?", "Report an accident within 1 hour.", False),
        # nor is a rule for longer shifts one on how long a shift may be
        ("did 11 hrs today, is that allowed?", "Shifts longer than 6 hours include a break", False),
        # a question that does not ask whether it is allowed
        ("I did 11 hrs today, how am I paid?", "a shift may not exceed 10 hours of work", False),
    ],
)
def test_a_limit_on_what_the_askers_figure_counts_answers_whether_it_is_allowed(
    question: str, statement: str, limits: bool
) -> None:
    assert limits_own_figures(question, [statement]) is limits


def test_an_interval_is_checked_against_the_time_and_distance_since() -> None:
    applied = apply_figures(
        "our van was last serviced 13 months ago and has done 18,000 km since, is it due?",
        ["Vans are serviced every 12 months or 20,000 km, whichever comes first."],
    )
    rule = "“Vans are serviced every 12 months or 20,000 km, whichever comes first”"
    assert list(applied.comparisons) == [
        f"your 13 months is 1 month more than the 12 months of {rule}",
        f"your 18,000 km is 2,000 km less than the 20,000 km of {rule}",
    ]


def test_a_bound_said_of_what_the_question_names_is_the_rule_for_the_askers_case() -> None:
    level = "Escalate to level 3 when: a safety incident, or property damage over $5,000."
    damaged = "we damaged a customer's floor, repair is about $6,200, which level?"
    assert bounds_their_figures(damaged, [level])
    # under the range too: the rule decides their case
    assert bounds_their_figures("we damaged a floor, about $3,000, which level?", [level])
    # a range on something the question does not name
    assert not bounds_their_figures("I spent $6,200 on parts, which level?", [level])
    gas = "atmosphere: carbon monoxide below 25 ppm and hydrogen sulphide below 10 ppm"
    assert bounds_their_figures("hydrogen sulphide at 12 ppm in the tank, can we go in?", [gas])


GAS = (
    "Test the atmosphere before entry: oxygen between 19.5% and 23.5%, flammable gas below 10% "
    "of the lower explosive limit, carbon monoxide below 25 ppm."
)


def test_a_share_is_compared_only_with_a_share_of_the_same_thing() -> None:
    applied = apply_figures("gas monitor reads oxygen at 19.2% in the tank, ok to go in?", [GAS])
    assert len(applied.comparisons) == 1
    assert applied.comparisons[0].startswith(
        "your 19.2% is 0.3% less than the 19.5% and 4.3% less than the 23.5% of “"
    )


def test_a_sum_is_compared_only_with_a_sum_its_sentence_names() -> None:
    goodwill = "a regional service manager may offer a goodwill gesture of up to $500 in credits"
    fee = "premium customer pays $8,000 a month. how much credit do they get?"
    assert apply_figures(fee, [goodwill]) == Applied((), ("$8,000",))


def test_being_outside_one_of_several_cases_of_a_rule_is_not_said() -> None:
    rule = (
        "Hearing protection in plant rooms, generator rooms and anywhere the noise exceeds 85 dB."
    )
    applied = apply_figures("noise in the plant room is 82 dB, do I need ear protection?", [rule])
    assert applied == Applied((), ("82 dB",))
    louder = apply_figures("noise on the roof is 90 dB, do I need ear protection?", [rule])
    assert louder.comparisons[0].startswith("your 90 dB is 5 dB more than the 85 dB of")


def test_a_list_of_bare_numbers_takes_the_unit_the_sentence_names() -> None:
    applied = apply_figures(
        "my hours over the last 4 weeks were 50, 52, 46 and 44. am I over the averaging limit?",
        [
            "Averaged hours: over any 4 consecutive weeks, working time must not average more than "
            "48 hours per week."
        ],
    )
    assert applied.comparisons == (
        "your 50, 52, 46 and 44 hours average 48 hours, which is the same as the 48 hours of "
        "“over any 4 consecutive weeks, working time must not average more than 48 hours per "
        "week”",
    )


def test_a_time_until_or_since_an_event_is_compared_only_with_another() -> None:
    notice = "Planned overtime must be approved at least 24 hours before the work starts."
    assert apply_figures("I worked 6 hours straight, do I get a break?", [notice]).comparisons == ()
    ahead = "at least 4 weeks ahead for 4 or more consecutive days"
    assert apply_figures("5 days off starting in 3 weeks, enough notice?", [ahead]).comparisons == (
        "your 3 weeks is 1 week less than the 4 weeks of “at least 4 weeks ahead for 4 or more "
        "consecutive days”",
        "your 5 days is 1 day more than the 4 consecutive days of “at least 4 weeks ahead for 4 or "
        "more consecutive days”",
    )


def test_more_on_top_of_an_amount_reached_so_far_is_checked_as_their_sum() -> None:
    cap = "no technician may work more than 12 overtime hours in one week"
    applied = apply_figures(
        "I've already done 10 overtime hours this week and my manager wants 3 more. Allowed?",
        [cap],
    )
    assert applied.comparisons == (
        "your 10 overtime hours already plus 3 more (13 overtime hours a week) is 1 hour more "
        f"than the 12 overtime hours of “{cap}”",
    )


def test_a_rating_the_asker_gives_is_checked_against_the_rating_a_rule_requires() -> None:
    rule = "On roofs without guardrails, attach the harness to an anchor rated at 15 kN"
    applied = apply_figures("the only anchor point is rated 12 kN. Can I clip my harness?", [rule])
    assert applied.comparisons == (f"your 12 kN is 3 kN less than the 15 kN of “{rule}”",)


def test_past_one_of_several_intervals_is_said() -> None:
    rule = "Vans are serviced every 12 months or 20,000 km, whichever comes first"
    applied = apply_figures("done 21,500 km since its last service 8 months ago, due?", [rule])
    assert applied.comparisons == (
        f"your 8 months is 4 months less than the 12 months of “{rule}”",
        f"your 21,500 km is 1,500 km more than the 20,000 km of “{rule}”",
    )


def test_a_concentration_is_compared_only_with_one_of_the_same_gas() -> None:
    applied = apply_figures("hydrogen sulphide at 12 ppm inside the tank, can we go in?", [GAS])
    assert applied.comparisons == ()  # the GAS rule names carbon monoxide in ppm only
    both = GAS.replace(".", ", hydrogen sulphide below 10 ppm.")
    assert len(apply_figures("hydrogen sulphide at 12 ppm, go in?", [both]).comparisons) == 1


def test_the_difference_to_a_bound_is_said() -> None:
    rule = "The commute does not count, except for the part that exceeds 60 minutes"
    applied = apply_figures("my drive to the first job took 85 minutes, how much counts?", [rule])
    assert applied.comparisons[0].startswith("your 85 minutes is 25 minutes more than the 60")


def test_being_under_a_voltage_a_rule_is_for_is_said() -> None:
    rule = "Arc-flash clothing for any work on or near live electrical equipment above 50 V"
    applied = apply_figures("working on a 48 V battery bank, do I need arc-flash clothing?", [rule])
    assert applied.comparisons == (f"your 48 V is 2 V less than the 50 V of “{rule}”",)


def test_what_the_asker_says_their_figure_counts_the_rule_must_say_too() -> None:
    entitlement = (
        "Entitlement rises by 1 day after 10 years, to a maximum of 27 days. Up to 5 unused "
        "vacation days may be carried over to the next year."
    )
    applied = apply_figures(
        "I'll have 7 unused vacation days, how many can I carry over?", [entitlement]
    )
    assert applied.comparisons == (
        "your 7 unused vacation days is 2 days more than the 5 days of “Up to 5 unused vacation "
        "days may be carried over to the next year”",
    )


def test_another_amount_on_top_of_one_reached_so_far_is_their_sum() -> None:
    cap = "no technician may work more than 12 overtime hours in one week"
    applied = apply_figures(
        "I've already done 9 overtime hours this week. Can I take another 4 hours of overtime?",
        [cap],
    )
    assert applied.comparisons == (
        "your 9 overtime hours already plus 4 more (13 overtime hours a week) is 1 hour more "
        f"than the 12 overtime hours of “{cap}”",
    )
