"""Specification of an offline devil's advocate's evidence and reason (cold try c18-r2,
category 6): its evidence is for its own side and about what the question proposes, and its
position's reason, which the recommendation states as the main caveat, is that evidence."""

import re

from agentstream.deliberation.position import Position, Stance
from agentstream.deliberation.turns import Contribution, ExpertProfile, TurnKind, TurnRequest
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.offline import NO_COUNTER_EVIDENCE, compose_turn
from agentstream.experts.reading import question_sign

SUBCONTRACT = (
    "Should we bring in subcontracted technicians to clear a backlog we expect to last about two "
    "months?"
)
_CITED = re.compile(r"([^.\[\]]+?)\.? \[([^\[\]\s]+/[^\[\]\s]+)\]")


def _challenge(
    experts: dict[str, ExpertProfile], agent_id: str, query: str, stance: Stance
) -> tuple[str, Position]:
    majority = tuple(
        Contribution(f"Expert {n}", "My documents favour it.", Position(stance, 0.7, "Reason."))
        for n in (1, 2)
    )
    request = TurnRequest(agent_id, TurnKind.CHALLENGE, 1, "", majority)
    draft = compose_turn(experts[agent_id], query, request)
    assert draft.position is not None
    return draft.text, draft.position


def test_a_challenge_opens_in_the_role_it_holds(experts: dict[str, ExpertProfile]) -> None:
    text, _ = _challenge(experts, "finance_expert", SUBCONTRACT, Stance.SUPPORT)
    assert text.startswith("As the Financial Controller and devil's advocate, I argue against")


def test_a_challenges_evidence_weighs_for_its_side_or_speaks_to_the_proposal(
    experts: dict[str, ExpertProfile],
) -> None:
    text, position = _challenge(experts, "finance_expert", SUBCONTRACT, Stance.SUPPORT)
    assert position.stance is Stance.OPPOSE
    evidence = _CITED.findall(text.split("My own documents give the other side:")[1])
    assert evidence
    knowledge = knowledge_of(experts["finance_expert"])
    for statement, _ in evidence:
        assert question_sign(SUBCONTRACT, statement) != 1, statement
        # "Used for the whole team, overtime adds up quickly …" is about overtime, not
        # subcontractors.
        assert "whole team" not in statement
        assert knowledge.speaks_to("Should we bring in subcontracted technicians", statement)


def test_a_challenges_reason_is_its_first_piece_of_evidence(
    experts: dict[str, ExpertProfile],
) -> None:
    text, position = _challenge(experts, "finance_expert", SUBCONTRACT, Stance.SUPPORT)
    statement, source = _CITED.findall(text.split("My own documents give the other side:")[1])[0]
    assert position.summary == f"My documents weigh against it: {statement.strip()} [{source}]."


def test_a_challenge_without_evidence_says_so_in_its_reason(
    experts: dict[str, ExpertProfile],
) -> None:
    # Nothing in the quality documents speaks of announcing at a trade show.
    query = "Should we announce the product at the spring trade show?"
    _, position = _challenge(experts, "quality_expert", query, Stance.SUPPORT)
    assert position.summary.startswith(NO_COUNTER_EVIDENCE)


def test_a_challenge_for_a_proposal_argues_only_from_statements_for_it(
    experts: dict[str, ExpertProfile],
) -> None:
    # "Overtime is the cheapest extra capacity …: a subcontracted technician costs about $85"
    # is no case for subcontractors, whatever its words of ease.
    text, position = _challenge(experts, "finance_expert", SUBCONTRACT, Stance.OPPOSE)
    assert position.stance is Stance.SUPPORT
    assert NO_COUNTER_EVIDENCE in text
    assert position.summary.startswith(NO_COUNTER_EVIDENCE)


def test_a_later_challenge_without_evidence_does_not_say_it_still_holds_its_side(
    experts: dict[str, ExpertProfile],
) -> None:
    # It may have argued the other side last round: the majority it argues against moved.
    majority = tuple(
        Contribution(f"Expert {n}", "Reason.", Position(Stance.OPPOSE, 0.7, "Reason."))
        for n in (1, 2)
    )
    request = TurnRequest("finance_expert", TurnKind.CHALLENGE, 3, "", majority)
    text = compose_turn(experts["finance_expert"], SUBCONTRACT, request).text
    assert "still" not in text.split("\n")[0]
