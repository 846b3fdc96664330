"""Specification of pay set as a multiple of the base rate and of an amount raised in steps
with years served, worked out for the asker's own figures (cold try c16-r30: P2, P3, P4 and
P20 quoted the right rule and said "I have not applied your 3 hours and $30")."""

import pytest

from agentstream.agents.multiples import work_out_pay
from agentstream.agents.steps import work_out_steps

ROWS = [
    "Overtime rates: Situation: Hours over 8 in a day, or over 40 regular hours in a week — "
    "Rate: 1.5 × base hourly rate.",
    "Situation: Hours over 10 in a single day (emergency call-outs only) — Rate: 2 × base "
    "hourly rate.",
]
HOLIDAY = (
    "Technicians who work on a public holiday, for example on the on-call rota, are paid at 2× "
    "their base hourly rate and receive one day off in lieu (see the Overtime Policy)."
)
ENTITLEMENT = [
    "Full-time employees receive 25 days of paid vacation per calendar year, plus public holidays.",
    "Entitlement rises by 1 day after 5 years of service and by 1 more day after 10 years, to "
    "a maximum of 27 days.",
]


def test_hours_past_a_threshold_are_paid_the_multiple_the_rest_the_base_rate() -> None:
    question = "my base rate is $40 and i worked 9 hrs on tuesday, how much do i get paid"
    (paid,) = work_out_pay(question, ROWS)
    assert paid.sentence == (
        "your 9 hrs are 8 hours at your $40 base rate, $320, and 1 hour over 8 at 1.5 × $40, "
        "$60: $380 in all"
    )
    assert paid.used == ("9 hrs", "base rate is $40")


def test_every_hour_of_a_named_case_is_paid_the_multiple() -> None:
    question = "I worked 3 hours on a public holiday and my base rate is $30/hr. what do i get"
    (paid,) = work_out_pay(question, [HOLIDAY])
    assert paid.sentence == "your 3 hours at 2 × your $30 base rate are $180"


@pytest.mark.parametrize(
    "question",
    [
        # the row is for emergency call-outs only, and for hours over 10
        "my base rate is $40 and i worked 12 hrs today, what is my pay",
        # no base rate, or two figures of hours
        "I worked 9 hrs on tuesday, how much do i get paid",
        "base rate $40, I worked 9 hrs on monday and 10 hrs on tuesday, my pay?",
        # the case of a rule for every hour is not the asker's
        "I worked 3 hours on a Saturday and my base rate is $30/hr",
    ],
)
def test_pay_is_not_worked_out_for_a_case_the_rule_is_not_for(question: str) -> None:
    paid = work_out_pay(question, [ROWS[1], HOLIDAY])
    assert paid == []


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("ive been at meridian 7 years, how many vacation days do i get",
         "with your 7 years: 25 days plus 1 day after 5 years, 26 days"),
        ("been with the company 12 yrs now - whats my vacation entitlement",
         "with your 12 yrs: 25 days plus 1 day after 5 years and 1 day after 10 years, 27 days"),
        ("I have worked here 3 years, how much vacation?",
         "with your 3 years: 25 days (the first step comes after 5 years)"),
    ],
)  # fmt: skip
def test_an_amount_raised_in_steps_takes_the_steps_the_years_reach(
    question: str, sentence: str
) -> None:
    (served,) = work_out_steps(question, ENTITLEMENT)
    assert served.sentence == sentence


def test_no_steps_without_years_of_the_askers_own() -> None:
    assert work_out_steps("how many vacation days do we get?", ENTITLEMENT) == []
