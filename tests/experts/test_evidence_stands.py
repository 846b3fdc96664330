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
