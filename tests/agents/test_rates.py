"""Rates a rule sets per unit, worked out for the count the asker gives of that unit."""

import pytest

from agentstream.agents.rates import in_all, work_out_rates

ESCALATION_CREDITS = (
    "5% of the monthly service fee for each missed urgent response target and 2% for each "
    "missed high response target, capped at 25% of the monthly fee."
)
SLA_CREDITS = (
    "Premium contracts include service credits: 5% of the monthly service fee for each urgent "
    "ticket whose response target is missed; 2% of the monthly service fee for each high ticket "
    "whose response target is missed. Service credits are capped at 25% of the monthly fee."
)


@pytest.mark.parametrize(
    ("question", "statement", "worked"),
    [
        (
            "I was on the on-call rota 6 days this month, how much allowance do I get?",
            "Technicians on the on-call rota also receive an on-call allowance of $25 per day.",
            [
                "for your 6 days, 6 × $25 is $150 (“Technicians on the on-call rota also "
                "receive an on-call allowance of $25 per day”)"
            ],
        ),
        (
            "I worked 8 overtime hours, how much time off in lieu can I take?",
            "A technician may take 1.5 hours off for each overtime hour worked.",
            [
                "for your 8 overtime hours, 8 × 1.5 hours off is 12 hours off (“A technician "
                "may take 1.5 hours off for each overtime hour worked”)"
            ],
        ),
        # each count with the rate of its own kind, the noun said once for both
        (
            "we missed 3 urgent and 2 high response targets this month, what credit?",
            SLA_CREDITS,
            [
                "for your 3 urgent response targets, 3 × 5% is 15% of the monthly service fee "
                "(“5% of the monthly service fee for each urgent ticket whose response target "
                "is missed”)",
                "for your 2 high response targets, 2 × 2% is 4% of the monthly service fee "
                "(“2% of the monthly service fee for each high ticket whose response target is "
                "missed”)",
            ],
        ),
        # a count of something else than the rate is per
        ("I was on call 3 weeks, how much allowance?", "an allowance of $25 per day.", []),
        # a night on the on-call rota is a day of it
        (
            "I was on call 3 nights, how much allowance?",
            "an allowance of $25 per day.",
            ["for your 3 nights, 3 × $25 is $75 (“an allowance of $25 per day”)"],
        ),
        # a rate for a kind the question does not name
        ("we had 3 urgent response targets this month", ESCALATION_CREDITS, []),
        # a bound per unit is no rate, and "52 hours this week" counts hours, not weeks
        ("I bought parts on 3 jobs", "Parts are reimbursed up to 200 per job.", []),
        (
            "I worked 52 hours this week, is that over?",
            "working time must not average more than 48 hours per week",
            [],
        ),
        ("I worked 52 hours this week, is that over?", "a flat 48 hours per week", []),
    ],
)
def test_a_rate_is_worked_out_for_the_askers_count_of_what_it_is_per(
    question: str, statement: str, worked: list[str]
) -> None:
    assert [w.sentence for w in work_out_rates(question, [statement])] == worked


@pytest.mark.parametrize(
    ("question", "total"),
    [
        ("we missed 3 urgent and 2 high response targets", "19% in all, within the cap of 25%"),
        ("we missed 7 urgent response targets", "35%, above the cap of 25%, so 25%"),
        ("we missed 2 urgent response targets", ""),
    ],
)
def test_rates_of_one_rule_add_up_under_its_cap(question: str, total: str) -> None:
    statements = [ESCALATION_CREDITS]
    assert in_all(question, work_out_rates(question, statements), statements) == total


@pytest.mark.parametrize(
    "question",
    [
        "customer pays $8,000 a month, we missed 3 urgent and 2 high response targets",
        # cold try c16-r31: the month said before the sum
        "premium customer, monthly fee $8000, we missed 3 urgent response targets and 2 high "
        "ones this month. how much credit do they get",
    ],
)
def test_a_share_of_a_monthly_sum_the_asker_gives_is_worked_out_in_money(question: str) -> None:
    statements = [ESCALATION_CREDITS]
    assert in_all(question, work_out_rates(question, statements), statements) == (
        "19% in all, within the cap of 25%, 19% of your $8,000 a month is $1,520"
    )


def test_ones_count_the_noun_said_before() -> None:
    question = "we missed 3 urgent response targets and 2 high ones"
    worked = work_out_rates(question, [ESCALATION_CREDITS])
    assert [w.count for w in worked] == ["3 urgent response targets", "2 high response targets"]


def test_a_rate_stated_of_each_unit_is_worked_out_and_the_next_one_is_a_share_of_the_same_sum() -> (
    None
):
    """Cold try c18-r20: "Each missed urgent response target … costs a service credit of 5% of
    the monthly service fee, and each missed high response target 2%, capped at 25%"."""
    statement = (
        "Each missed urgent response target for a premium customer costs a service credit of 5% "
        "of the monthly service fee, and each missed high response target 2%, capped at 25% of "
        "that month's fee."
    )
    question = "4 urgent and 3 high response targets missed on a $9,000 monthly contract"
    worked = work_out_rates(question, [statement])
    assert [(w.count, w.amount, w.of) for w in worked] == [
        ("4 urgent response targets", "5%", "of the monthly service fee"),
        ("3 high response targets", "2%", "of the monthly service fee"),
    ]
    assert in_all(question, worked, [statement]) == (
        "26%, above the cap of 25%, so 25%, 25% of your $9,000 a month is $2,250"
    )
