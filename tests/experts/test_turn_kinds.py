"""Specification of the non-position turns: challenge, answer, question, rank, synthesis."""

import pytest

from agentstream.experts.offline import compose_turn
from agentstream.experts.positions import parse_position, parse_ranking
from agentstream.panels.turns import (
    Contribution,
    ExpertProfile,
    Stance,
    TurnKind,
    TurnRequest,
)

QUERY = "FDA 510(k) strategy?"
PANEL = ["fda_expert", "clinical_expert", "quality_expert", "reimbursement_expert"]


@pytest.fixture(scope="module")
def round_one(experts: dict[str, ExpertProfile]) -> tuple[Contribution, ...]:
    """The four experts' first positions, labelled with their names."""
    contributions = []
    for agent_id in PANEL:
        request = TurnRequest(agent_id, TurnKind.POSITION, 1, "")
        text = compose_turn(experts[agent_id], QUERY, request)
        contributions.append(Contribution(experts[agent_id].name, text, parse_position(text)))
    return tuple(contributions)


def _turn(
    expert: ExpertProfile,
    kind: TurnKind,
    visible: tuple[Contribution, ...],
    instruction: str = "",
) -> str:
    return compose_turn(expert, QUERY, TurnRequest(expert.agent_id, kind, 2, instruction, visible))


def test_challenge_argues_against_the_majority(
    experts: dict[str, ExpertProfile], round_one: tuple[Contribution, ...]
) -> None:
    text = _turn(experts["quality_expert"], TurnKind.CHALLENGE, round_one)
    assert "devil's advocate" in text
    assert "emerging view that we should support this" in text
    assert "an incomplete verification means an incomplete submission" in text  # its own notes
    position = parse_position(text)
    assert position is not None and position.stance is Stance.OPPOSE
    assert text.splitlines()[-1] == "POSITION: oppose (confidence 0.50)"


def test_challenge_of_an_opposing_majority_argues_for_the_proposal(
    experts: dict[str, ExpertProfile],
) -> None:
    opposed = tuple(
        Contribution(f"Expert {n}", f"Too risky.\nPOSITION: oppose (confidence 0.{n}0)")
        for n in (7, 8)
    )
    text = _turn(experts["fda_expert"], TurnKind.CHALLENGE, opposed)
    position = parse_position(text)
    assert position is not None and position.stance is Stance.SUPPORT
    assert "led by Expert 7" in text


def test_answer_responds_to_the_question_and_ends_with_a_position(
    experts: dict[str, ExpertProfile], round_one: tuple[Contribution, ...]
) -> None:
    question = Contribution("Moderator", "Clinical Evidence Expert, when does FDA want a study?")
    text = _turn(experts["clinical_expert"], TurnKind.ANSWER, (*round_one, question))
    assert "To answer Moderator's question:" in text
    assert "FDA expects clinical data when" in text or "Only about 10 to 15 percent" in text
    assert text.splitlines()[-1].startswith("POSITION: support (confidence ")


def test_question_is_one_question_to_the_named_expert(
    experts: dict[str, ExpertProfile], round_one: tuple[Contribution, ...]
) -> None:
    instruction = "Ask Clinical Evidence Expert one probing question about their position."
    text = _turn(experts["fda_expert"], TurnKind.QUESTION, round_one, instruction)
    assert text.startswith("Clinical Evidence Expert, you support this with confidence 0.60")
    assert text.count("?") == 1 and text.endswith("?")
    assert parse_position(text) is None
    assert "Pre-Submission" in text  # grounded in the moderator's own notes


def test_question_finds_an_agent_id_target_without_contributions(
    experts: dict[str, ExpertProfile],
) -> None:
    text = _turn(experts["fda_expert"], TurnKind.QUESTION, (), "Question safety_expert next.")
    assert text.startswith("safety_expert, ")
    assert text.count("?") == 1 and text.endswith("?")


def test_rank_orders_every_anonymous_response(
    experts: dict[str, ExpertProfile], round_one: tuple[Contribution, ...]
) -> None:
    anonymous = tuple(
        Contribution(f"Response {chr(ord('A') + i)}", c.text) for i, c in enumerate(round_one)
    )
    labels = [c.label for c in anonymous]
    text = _turn(experts["quality_expert"], TurnKind.RANK, anonymous)
    last = text.splitlines()[-1]
    assert last.startswith("RANKING: ")
    ranking = parse_ranking(text, labels)
    assert sorted(ranking) == labels
    assert last == "RANKING: " + " > ".join(ranking)
    assert parse_position(text) is None


def test_rank_prefers_the_grounded_response(experts: dict[str, ExpertProfile]) -> None:
    vague = Contribution("Response A", "I think it is fine.\nPOSITION: support (confidence 0.9)")
    grounded = Contribution(
        "Response B",
        "A 510(k) needs a predicate; FDA's goal is 90 review days and a Pre-Submission "
        "takes about 70 days.\nPOSITION: support (confidence 0.6)",
    )
    text = _turn(experts["fda_expert"], TurnKind.RANK, (vague, grounded))
    assert parse_ranking(text, ["Response A", "Response B"]) == ("Response B", "Response A")


def test_synthesis_states_majority_conditions_and_dissent(
    experts: dict[str, ExpertProfile], round_one: tuple[Contribution, ...]
) -> None:
    text = _turn(experts["fda_expert"], TurnKind.SYNTHESIS, round_one)
    assert text.startswith(
        "As the Regulatory Affairs Lead chairing this panel, my recommendation: proceed"
    )
    assert "Majority view: 3 of 4 experts support it" in text
    assert "confidence-weighted agreement of 81%" in text  # (0.8 + 0.6 + 0.7) / 2.6
    assert "Key conditions: " in text and "provided" in text
    assert "Dissent: Reimbursement Expert would take no firm side on it (confidence 0.50)" in text
    assert parse_position(text) is None


def test_synthesis_of_an_even_split_recommends_no_decision(
    experts: dict[str, ExpertProfile],
) -> None:
    split = (
        Contribution("A", "Go.\nPOSITION: support (confidence 0.8)"),
        Contribution("B", "Stop.\nPOSITION: oppose (confidence 0.8)"),
    )
    text = _turn(experts["fda_expert"], TurnKind.SYNTHESIS, split)
    assert "no decision yet; the panel is divided" in text
    assert "Majority view: none" in text
    assert "Positions: A would support it (confidence 0.80)" in text
    assert "Dissent" not in text
