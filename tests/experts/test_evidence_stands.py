"""Specification of the evidence a position turn brings (cold try c18-r2, category 5): it
stands with the position the turn declares, so that a turn never says "I take no firm side"
and then "I oppose submitting early", nor "I oppose it" and then a statement for it."""

import re

import pytest

from agentstream.deliberation.position import Position, Stance
from agentstream.deliberation.turns import Contribution, ExpertProfile, TurnKind, TurnRequest
from agentstream.experts.council import synthesis_turn
from agentstream.experts.offline import compose_turn
from agentstream.experts.polarity import states_view
from agentstream.experts.reading import question_sign

QUESTIONS = [
    "Should we NOT bother with a Pre-Submission meeting and just file the 510(k) straight away "
    "to save the 70 days?",
    "Should we rush the 510(k) and submit before design verification is finished so we can "
    "announce clearance at the spring trade show?",
    "Is it a bad idea to submit our 510(k) on bench testing alone, without any clinical data?",
    "Should we compensate premium customers with service credits and goodwill gestures instead "
    "of paying overtime to meet their SLA targets?",
]
_CITED = re.compile(r"([^\[\]]+?) \[[^\[\]\s]+/[^\[\]\s]+\]")


@pytest.mark.parametrize("query", QUESTIONS)
def test_a_position_turns_evidence_stands_with_its_position(
    experts: dict[str, ExpertProfile], query: str
) -> None:
    for agent_id, expert in experts.items():
        draft = compose_turn(expert, query, TurnRequest(agent_id, TurnKind.POSITION, 1, ""))
        position = draft.position
        assert position is not None
        if position.abstain:
            continue
        evidence = draft.text.split("\n\n")[0].split(". ", 1)[1]
        for statement in _CITED.findall(evidence):
            statement = statement.strip()
            if position.stance is Stance.NEUTRAL:
                assert not states_view(statement), (agent_id, statement)
                continue
            own = 1 if position.stance is Stance.SUPPORT else -1
            assert question_sign(query, statement) != -own, (agent_id, statement)


def test_a_majority_that_takes_no_side_sets_no_condition(
    experts: dict[str, ExpertProfile],
) -> None:
    neutral = Position(Stance.NEUTRAL, 0.5, "My documents do not settle it.")
    visible = (
        Contribution("Safety Expert", "Overtime is allowed only within the weekly cap.", neutral),
        Contribution("Finance Expert", "Premium tickets must be answered within 2 hours.", neutral),
        Contribution("Operations Expert", "I support it if the backlog is long.",
                     Position(Stance.SUPPORT, 0.6, "It clears the backlog.")),
    )  # fmt: skip
    request = TurnRequest("customer_expert", TurnKind.SYNTHESIS, 3, "", visible)
    text = synthesis_turn(experts["customer_expert"], QUESTIONS[0], request)
    assert "Key conditions" not in text


def test_a_view_of_what_the_proposal_is_for_is_no_evidence_for_it(
    experts: dict[str, ExpertProfile],
) -> None:
    # "I support targeted overtime to clear a backlog" is about overtime, not about bringing
    # in subcontractors to clear one.
    query = (
        "Should we bring in subcontracted technicians to clear a backlog we expect to last "
        "about two months?"
    )
    for round_number in (1, 2, 3):
        request = TurnRequest("operations_expert", TurnKind.POSITION, round_number, "")
        text = compose_turn(experts["operations_expert"], query, request).text
        assert "I support targeted overtime" not in text, round_number


def test_a_neutral_turn_without_new_evidence_says_what_its_documents_leave_open(
    experts: dict[str, ExpertProfile],
) -> None:
    # Its two statements on it were said in round 1.
    query = "Should we use registry data instead of a clinical study for our 510(k)?"
    neutral = Contribution("Expert 1", "Reason.", Position(Stance.NEUTRAL, 0.5, "Reason."))
    request = TurnRequest("quality_expert", TurnKind.POSITION, 2, "", (neutral,))
    text = compose_turn(experts["quality_expert"], query, request).text
    assert "I have no evidence beyond what I cited earlier" in text
    assert "Nothing in Quality Management System and Design Controls settles" in text
