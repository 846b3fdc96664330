"""Rates a rule sets per unit, worked out for the count the asker gives of that unit."""

import pytest

from agentstream.agents.rates import work_out_rates

SLA_CREDITS = (
    "5% of the monthly service fee for each missed urgent response target and 2% for each "
    "missed high response target, capped at 25% of the monthly fee."
)


@pytest.mark.parametrize(
    ("question", "statement", "worked"),
    [
        (
            "I was on the on-call rota 6 days this month, how much allowance do I get?",
            "Technicians on the on-call rota also receive an on-call allowance of $25 per day.",
            ["for your 6 days, 6 × $25 is $150 (“$25 per day”)"],
        ),
        (
            "I worked 8 overtime hours, how much time off in lieu can I take?",
            "a technician may take time off in lieu at 1.5 hours off for each overtime hour "
            "worked.",
            [
                "for your 8 overtime hours, 8 × 1.5 hours off is 12 hours off (“1.5 hours off "
                "for each overtime hour worked”)"
            ],
        ),
        (
            "we missed 3 urgent response targets this month, what credit do they get?",
            SLA_CREDITS,
            [
                "for your 3 urgent response targets, 3 × 5% is 15% of the monthly service fee "
                "(“5% of the monthly service fee for each missed urgent response target and 2% "
                "for each missed high response target”)"
            ],
        ),
        # the cap the rule sets on the sum
        (
            "we missed 7 urgent response targets this month, what credit do they get?",
            SLA_CREDITS,
            [
                "for your 7 urgent response targets, 7 × 5% is 35% of the monthly service fee "
                "(“5% of the monthly service fee for each missed urgent response target and 2% "
                "for each missed high response target”), above the cap of 25%, so 25%"
            ],
        ),
        # a count of something else than the rate is per
        ("I was on call 3 nights, how much allowance?", "an allowance of $25 per day.", []),
        # a rate for a kind the question does not name ("high", "missed")
        ("we had 3 urgent response targets this month", SLA_CREDITS, []),
        # a cap per unit is no rate
        ("I bought parts on 3 jobs", "Parts are reimbursed up to 200 per job.", []),
    ],
)
def test_a_rate_is_worked_out_for_the_askers_count_of_what_it_is_per(
    question: str, statement: str, worked: list[str]
) -> None:
    assert [w.sentence for w in work_out_rates(question, [statement])] == worked
