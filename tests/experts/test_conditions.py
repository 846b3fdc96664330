"""Specification of what counts as a condition of a recommendation: something that must hold
for the course of action, not a fact, a limit or a figure the documents state (cold try: a
council's "Key conditions" and a socratic answer's "condition I attach" quoted facts)."""

import pytest

from agentstream.deliberation.position import Position, Stance
from agentstream.deliberation.turns import Contribution, ExpertProfile, TurnKind, TurnRequest
from agentstream.experts.answers import CHANGE, CONDITION_LEAD, answer_probe
from agentstream.experts.council import synthesis_turn
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.wording import sets_condition

SHIFTS = "Should we move technicians to a 4-day, 10-hour shift pattern?"
SUBCONTRACT = "Is it a mistake to hire subcontractors for specialist electrical work?"


@pytest.mark.parametrize(
    "sentence",
    [
        "Overtime is the cheapest extra capacity we can buy for a few weeks: a subcontracted "
        "technician costs about $85 an hour and needs a site induction before the first job.",
        "A change to our own cleared device can go through a Special 510(k), which FDA aims to "
        "review within 30 days.",
        "The Overtime Policy lets each technician work up to 12 overtime hours a week, with "
        "shifts of at most 10 hours.",
        "If FDA decides during the review that clinical data are needed, it says so in the "
        "additional information request.",
    ],
)
def test_a_stated_fact_limit_or_procedure_is_no_condition(sentence: str) -> None:
    assert not sets_condition(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "I support the 510(k) provided design verification is complete.",
        "I use them only for specialist work or when the backlog lasts more than six weeks.",
        "Overtime is allowed only within the weekly cap of 12 hours.",
        "I do not support skipping clinical data unless FDA has confirmed it in writing.",
    ],
)
def test_what_a_course_of_action_depends_on_is_a_condition(sentence: str) -> None:
    assert sets_condition(sentence)


def test_a_synthesis_lists_no_fact_as_a_key_condition(experts: dict[str, ExpertProfile]) -> None:
    oppose = Position(Stance.OPPOSE, 0.8, "Contractors pay only for specialist skills.")
    visible = (
        Contribution("Finance Expert", "I oppose it. A subcontracted technician costs about $85 "
                     "an hour and needs a site induction before the first job.", oppose),
        Contribution("Operations Expert", "I oppose it. Subcontracted technicians cost more per "
                     "hour, so I use them only for specialist work.", oppose),
    )  # fmt: skip
    request = TurnRequest("operations_expert", TurnKind.SYNTHESIS, 2, "", visible)
    text = synthesis_turn(experts["operations_expert"], SUBCONTRACT, request)
    conditions = next(p for p in text.split("\n\n") if p.startswith("Key conditions:"))
    assert "I use them only for specialist work" in conditions
    assert "site induction" not in conditions


def test_an_answer_attaches_no_stated_limit_as_its_condition(
    experts: dict[str, ExpertProfile],
) -> None:
    limit = (
        "operations_expert/1#4",
        "The Overtime Policy lets each technician work up to 12 overtime hours a week, with "
        "shifts of at most 10 hours, so the team can add up to 120 hours a week.",
    )
    said = ("operations_expert/1#1", "Meridian runs its field work on a standard 40-hour week.")
    position = Position(Stance.SUPPORT, 0.8, "It adds capacity.")
    knowledge = knowledge_of(experts["operations_expert"])
    answer = answer_probe(CHANGE, SHIFTS, [said, limit], said[1], position, knowledge)
    assert answer is not None
    assert CONDITION_LEAD not in answer
    assert "My position rests on: The Overtime Policy" in answer
