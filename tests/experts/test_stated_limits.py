"""Specification of a figure the question asks for beyond a limit the documents state for the
same thing: "approve 15 overtime hours this week" against "no more than 12 overtime hours a
week" opposes, quoting the limit and the arithmetic; the limits are of hours a week or a
shift, hours of rest, and amounts of money (cold try c18-r6, P8: every expert supported 15
overtime hours, one of them "within the 12-hour weekly cap"). A question that states an amount
reached so far and one on top ("already worked 8 overtime hours … an extra 6-hour shift") is
held to the limit by their sum (cold try c18-r7)."""

import pytest

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.polarity import (
    broken_limit,
    figure_sign,
)
from agentstream.experts.stance import initial_leaning
from agentstream.quantities import figures

FIFTEEN = (
    "A premium customer on a $6,000 monthly contract has had 3 missed urgent response targets "
    "this month. Should we approve 15 overtime hours this week for the one technician who has "
    "the skill to clear their tickets?"
)
WEEKLY_CAP = "Limits: no shift longer than 10 hours, and no more than 12 overtime hours a week."
SO_FAR = (
    "An engineer has already worked 8 overtime hours this week. Should we schedule them for an "
    "extra 6-hour Saturday shift?"
)


def test_an_amount_of_money_is_a_figure_in_dollars() -> None:
    (amount,) = figures("a goodwill gesture of up to $7,500")
    assert (amount.value, amount.unit, amount.bound) == (7500, "dollar", "at_most")
    assert figures("about $7.5k a week")[0].value == 7500


@pytest.mark.parametrize(
    ("question", "statement", "breach"),
    [
        (FIFTEEN, WEEKLY_CAP,
         "15 overtime hours a week is more than the 12 they allow: no more than 12 overtime "
         "hours a week"),
        ("Can we offer the customer an $800 goodwill credit?",
         "A manager may offer a goodwill gesture of up to $500, such as a free visit.",
         "$800 is more than the $500 they allow: A manager may offer a goodwill gesture of up "
         "to $500"),
        ("Can we give technicians only 8 hours of rest between shifts this week?",
         "at least 11 consecutive hours of rest between shifts",
         "8 hours is less than the 11 they require: at least 11 consecutive hours of rest "
         "between shifts"),
        # Within the limit, or a figure of the case the question states, breaks nothing.
        ("Should we approve 10 overtime hours this week?", WEEKLY_CAP, None),
        ("Last week he worked 15 overtime hours. Should we approve overtime again?", WEEKLY_CAP,
         None),
        # The team's hours are not one technician's.
        ("Should the team add 100 hours a week?", WEEKLY_CAP, None),
        # An amount reached so far plus one asked for on top is what the limit bounds.
        (SO_FAR, WEEKLY_CAP,
         "8 overtime hours already plus 6 hours more make 14 overtime hours a week, more than "
         "the 12 they allow: no more than 12 overtime hours a week"),
        ("A technician has already worked 8 hours today. Can we keep them on for another 4 "
         "hours to finish the job?", WEEKLY_CAP,
         "8 hours already plus 4 hours more make 12 hours, more than the 10 they allow: "
         "no shift longer than 10 hours"),
        ("We have already given this customer a $300 goodwill gesture this month. Can the "
         "manager offer another $300 gesture?",
         "A manager may offer a goodwill gesture of up to $500, such as a free visit.",
         "$300 already plus $300 more make $600, more than the $500 they allow: A manager may "
         "offer a goodwill gesture of up to $500"),
        # Work the question asks to approve after an amount reached so far is on top of it.
        ("Priya has already worked 9 overtime hours this week. Should we approve a 5-hour "
         "overtime shift for her on Friday?", WEEKLY_CAP,
         "9 overtime hours already plus 5 hours more make 14 overtime hours a week, more than "
         "the 12 they allow: no more than 12 overtime hours a week"),
        # Within the limit once added, or figures the question does not add up.
        ("An engineer has already worked 4 overtime hours this week. Should we schedule them "
         "for an extra 6-hour Saturday shift?", WEEKLY_CAP, None),
        ("Last week he worked 10 overtime hours. Should we approve 6 extra overtime hours this "
         "week?", WEEKLY_CAP, None),
    ],
)  # fmt: skip
def test_a_figure_asked_for_beyond_a_stated_limit_breaks_it(
    question: str, statement: str, breach: str | None
) -> None:
    assert broken_limit(question, statement) == breach


@pytest.mark.parametrize(
    ("agent_id", "question", "limit"),
    [
        ("safety_expert", FIFTEEN, "no more than 12 overtime hours a week"),
        ("operations_expert", FIFTEEN, "up to 12 overtime hours a week"),
        ("operations_expert", SO_FAR, "up to 12 overtime hours a week"),
        ("safety_expert", SO_FAR, "no more than 12 overtime hours a week"),
        ("customer_expert", "Can we offer a premium customer an $800 goodwill credit?",
         "goodwill gesture of up to $500"),
    ],
)  # fmt: skip
def test_an_expert_whose_documents_set_the_limit_opposes_quoting_it(
    experts: dict[str, ExpertProfile], agent_id: str, question: str, limit: str
) -> None:
    position = initial_leaning(knowledge_of(experts[agent_id]), question).position
    assert position.stance is Stance.OPPOSE
    assert limit in position.summary and "more than the" in position.summary


def test_a_figure_of_the_stated_case_is_no_figure_of_the_proposal() -> None:
    # "$6,000 monthly contract" describes the customer; it is not what the question proposes.
    assert figure_sign(FIFTEEN, "A typical premium contract is worth $6,000 a month.") == 0
    # Proposed, the same figure is the one the statement states.
    proposal = "Should we price the premium contract at $6,000 a month?"
    assert figure_sign(proposal, "A typical premium contract is worth $6,000 a month.") == 1
