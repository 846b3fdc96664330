"""Specification of which way a statement weighs when its words could mislead: a reversal word
used as a noun, a limit named after its figure or counted over another period, a comparison
of two figures, and a negation that scopes over its own clause."""

import pytest

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.polarity import (
    reverses,
    statement_sign,
)
from agentstream.experts.stance import initial_leaning
from agentstream.quantities import figures

# Sentences of the demo experts' documents.
WEEKLY_CAP = (
    "Targeted overtime is acceptable only within the 10-hour shift limit, the 11 hours of rest "
    "between shifts and the 12-hour weekly cap."
)
LIMITS = (
    "The Overtime Policy lets each technician work up to 12 overtime hours a week, with shifts "
    "of at most 10 hours, so the team can add up to 120 hours a week."
)
RISK = (
    "Studies of shift work show that the risk of an incident is about a quarter higher on a "
    "12-hour shift than on an 8-hour shift, and it keeps rising over consecutive days."
)
SUNDAY = (
    "A seventh consecutive working day is paid at double time, so I never schedule a Sunday "
    "after a six-day week."
)
SPREAD = "It does not pay when it is spread across the whole team on planned maintenance."


@pytest.mark.parametrize(
    ("proposal", "statement", "sign"),
    [
        # A limit named after its figure is a limit, and one counted a week is no shift length.
        ("Should technicians work 12-hour shifts?", WEEKLY_CAP, -1),
        ("Should technicians work 10-hour shifts?", WEEKLY_CAP, 1),
        ("Should we move to 12-hour shifts four days a week?", LIMITS, -1),
        ("Should we roster 9-hour shifts?", "No shift may last more than 10 hours.", 1),
        ("Should we roster 11-hour shifts?", "There is a cap of 10 hours on every shift.", -1),
        # Two figures of one thing compared set neither.
        ("Should technicians work 12-hour shifts?", RISK, 0),
        # A negation denies the figure of its own clause, not those of the sentence's others.
        ("Should we schedule technicians on Sunday after a six-day week?", SUNDAY, -1),
        ("Should we work a Sunday after a six-day week?", "We work Sunday after a six-day week.",
         1),
        ("Should we spread overtime across the whole team?", SPREAD, -1),
        ("Should we pay 1.5 times the base rate?",
         "No bonus applies, and overtime pays 1.5 times the base rate.", 1),
    ],
)  # fmt: skip
def test_a_statement_weighs_by_its_own_clause_and_bound(
    proposal: str, statement: str, sign: int
) -> None:
    assert statement_sign(proposal, statement) == sign


def test_a_figure_read_with_its_period_and_a_trailing_cap() -> None:
    shift, rest, week = figures(WEEKLY_CAP)
    assert (shift.value, shift.bound, shift.period) == (10.0, "at_most", "shift")
    assert (rest.value, rest.bound) == (11.0, None)
    assert (week.value, week.bound, week.period) == (12.0, "at_most", "week")
    (denied,) = figures(SUNDAY)
    assert (denied.value, denied.unit, denied.negated) == (6.0, "day", True)
    (bounded,) = figures("no shift longer than 10 hours")
    assert (bounded.bound, bounded.negated) == ("at_most", False)


@pytest.mark.parametrize(
    ("proposal", "reversal"),
    [
        ("Should we keep weekend overtime through the end of the quarter?", False),
        ("Is a cut of ten percent in overtime enough?", False),
        ("Should we end weekend overtime?", True),
        ("Should we stop giving service credits?", True),
        ("Skip the Pre-Submission and file?", True),
    ],
)
def test_a_reversal_word_reverses_only_as_the_proposals_verb(proposal: str, reversal: bool) -> None:
    assert reverses(proposal, "Saturday shifts are the easiest overtime to schedule.") is reversal


@pytest.mark.parametrize(
    ("agent_id", "stance"),
    [
        ("operations_expert", Stance.SUPPORT),
        ("safety_expert", Stance.OPPOSE),
        ("customer_expert", Stance.SUPPORT),
        ("finance_expert", Stance.OPPOSE),
    ],
)
def test_a_time_span_ending_the_question_does_not_turn_the_experts_views_around(
    experts: dict[str, ExpertProfile], agent_id: str, stance: Stance
) -> None:
    query = "Should we keep weekend overtime for all technicians through the end of the quarter?"
    leaning = initial_leaning(knowledge_of(experts[agent_id]), query)
    assert leaning.position.stance is stance


def test_an_expert_who_never_does_what_the_question_asks_opposes_it(
    experts: dict[str, ExpertProfile],
) -> None:
    query = "Should we schedule technicians on Sundays after a six-day week?"
    leaning = initial_leaning(knowledge_of(experts["operations_expert"]), query)
    assert leaning.position.stance is Stance.OPPOSE
    assert "never schedule a Sunday" in leaning.position.summary


def test_hours_of_rest_are_no_shifts_length() -> None:
    rest = "Should we cut the rest period between shifts to 8 hours?"
    # A shift's bound says nothing of the rest between shifts; the rest's bound does.
    assert statement_sign(rest, "Shifts last at most 10 hours.") == 0
    assert (
        statement_sign(rest, "There are at least 11 consecutive hours of rest between shifts.")
        == -1
    )


def test_the_limit_on_what_a_figure_measures_is_the_first_passage_on_it(
    experts: dict[str, ExpertProfile],
) -> None:
    leaning = initial_leaning(
        knowledge_of(experts["safety_expert"]),
        "Should we cut the rest period between shifts to 8 hours?",
    )
    assert leaning.position.stance is Stance.OPPOSE
    assert "[safety_expert/1#2]" in leaning.position.summary
