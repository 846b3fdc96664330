"""Specification of the non-position turns: challenge, answer, question, rank, synthesis."""

import pytest

from agentstream.deliberation.turns import (
    AUTHORS_LABEL,
    OWN_PREVIOUS_LABEL,
    Contribution,
    ExpertProfile,
    Position,
    Stance,
    TurnKind,
    TurnRequest,
)
from agentstream.experts.answers import PROBES
from agentstream.experts.offline import compose_turn
from agentstream.experts.positions import parse_position, parse_ranking

QUERY = "FDA 510(k) strategy?"
PANEL = ["fda_expert", "clinical_expert", "quality_expert", "reimbursement_expert"]


@pytest.fixture(scope="module")
def round_one(experts: dict[str, ExpertProfile]) -> tuple[Contribution, ...]:
    """The four experts' first positions, labelled with their names."""
    contributions = []
    for agent_id in PANEL:
        request = TurnRequest(agent_id, TurnKind.POSITION, 1, "")
        draft = compose_turn(experts[agent_id], QUERY, request)
        contributions.append(Contribution(experts[agent_id].name, draft.text, draft.position))
    return tuple(contributions)


def _turn(
    expert: ExpertProfile,
    kind: TurnKind,
    visible: tuple[Contribution, ...],
    instruction: str = "",
) -> str:
    return compose_turn(
        expert, QUERY, TurnRequest(expert.agent_id, kind, 2, instruction, visible)
    ).text


def test_challenge_argues_against_the_majority(
    experts: dict[str, ExpertProfile], round_one: tuple[Contribution, ...]
) -> None:
    request = TurnRequest("quality_expert", TurnKind.CHALLENGE, 1, "", round_one)
    text = compose_turn(experts["quality_expert"], QUERY, request).text
    # The reimbursement expert abstains: the majority is 2 of the 2 other voters.
    assert text.startswith(
        "As the Quality Assurance Lead and devil's advocate, I argue against the panel's majority "
        "(2 of 2 positions, led by FDA Regulatory Expert), which would support it: I oppose it."
    )
    assert "inspection findings can stop shipments. [quality_expert/1#1]" in text  # its notes
    position = parse_position(text)
    assert position is not None and position.stance is Stance.OPPOSE
    assert text.splitlines()[-1] == "POSITION: oppose (confidence 0.50)"


def test_a_later_challenge_without_new_evidence_points_back_to_its_sources(
    experts: dict[str, ExpertProfile], round_one: tuple[Contribution, ...]
) -> None:
    # What it sees of itself is its round-1 challenge, on the side it argues again.
    first = TurnRequest("quality_expert", TurnKind.CHALLENGE, 1, "", round_one)
    challenge = compose_turn(experts["quality_expert"], QUERY, first)
    name = experts["quality_expert"].name
    seen = tuple(
        Contribution(name, challenge.text, challenge.position) if c.label == name else c
        for c in round_one
    )
    text = _turn(experts["quality_expert"], TurnKind.CHALLENGE, seen)
    assert "The risks I raised from my documents ([quality_expert/1#1]" in text
    assert ") still stand against the answers of round 2." in text
    assert text.splitlines()[-1] == "POSITION: oppose (confidence 0.50)"


def test_a_challenge_that_changed_sides_brings_its_evidence_for_the_new_side(
    experts: dict[str, ExpertProfile], round_one: tuple[Contribution, ...]
) -> None:
    # Its round-1 vote supported the 510(k); as devil's advocate it now opposes: nothing it
    # said before was for this side, so it does not say its challenge "still" stands.
    text = _turn(experts["quality_expert"], TurnKind.CHALLENGE, round_one)
    assert "My own documents give the other side:" in text
    assert "still" not in text


def test_challenge_of_an_opposing_majority_argues_for_the_proposal(
    experts: dict[str, ExpertProfile],
) -> None:
    opposed = tuple(
        Contribution(f"Expert {n}", f"Too risky.\nPOSITION: oppose (confidence 0.{n}0)")
        for n in (7, 8)
    )
    request = TurnRequest("fda_expert", TurnKind.CHALLENGE, 1, "", opposed)
    text = compose_turn(experts["fda_expert"], QUERY, request).text
    position = parse_position(text)
    assert position is not None and position.stance is Stance.SUPPORT
    assert "led by Expert 7" in text


def test_answer_responds_to_the_question_and_ends_with_a_position(
    experts: dict[str, ExpertProfile], round_one: tuple[Contribution, ...]
) -> None:
    question = Contribution(
        "Moderator's question", "Clinical Evidence Expert, when does FDA want a study?"
    )
    text = _turn(experts["clinical_expert"], TurnKind.ANSWER, (round_one[1], question))
    assert "To answer the moderator:" in text
    assert "question's question" not in text
    assert "if FDA wants clinical data we already agree on the endpoints" in text
    assert text.splitlines()[-1].startswith("POSITION: support (confidence ")


def test_question_targets_the_named_experts_own_statement(
    experts: dict[str, ExpertProfile], round_one: tuple[Contribution, ...]
) -> None:
    instruction = (
        "Ask Clinical Evidence Expert (Clinical Affairs Lead) one probing question about their "
        "latest statement below."
    )
    text = _turn(experts["fda_expert"], TurnKind.QUESTION, (round_one[1],), instruction)
    assert text.startswith(
        'Clinical Evidence Expert, you support it, saying "I support a 510(k) when the predicate '
        "is strong, with a Pre-Submission first"
    )
    assert "[fda_expert/2#5]" in text  # checked against the moderator's own notes
    assert text.count("?") == 1 and text.endswith("?")
    assert parse_position(text) is None


def test_question_changes_its_probe_with_the_round(
    experts: dict[str, ExpertProfile], round_one: tuple[Contribution, ...]
) -> None:
    instruction = "Ask Clinical Evidence Expert one probing question about their statement."
    asked = {
        compose_turn(
            experts["fda_expert"],
            QUERY,
            TurnRequest("fda_expert", TurnKind.QUESTION, n, instruction, (round_one[1],)),
        ).text.rsplit(". ", 1)[-1]
        for n in (2, 3, 4)
    }
    assert len(asked) == 3


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
    dissenting = (*round_one, Contribution("Skeptic", "No.\nPOSITION: oppose (confidence 0.70)"))
    text = _turn(experts["fda_expert"], TurnKind.SYNTHESIS, dissenting)
    assert text.startswith("As the Regulatory Affairs Lead, I write this panel's synthesis.")
    # The reimbursement expert abstained: 3 voters support, the skeptic opposes.
    assert "Majority view: 3 of 4 would support it" in text
    assert "confidence-weighted agreement of 75%" in text  # (0.8 + 0.6 + 0.7) / 2.8
    assert "Key conditions: " in text and "provided" in text
    assert "[fda_expert/" not in text  # source ids stay in the turns they came from
    assert "Dissent: Skeptic would oppose it (confidence 0.70)" in text
    assert parse_position(text) is None


def test_council_synthesis_names_the_ranking_winner(experts: dict[str, ExpertProfile]) -> None:
    visible = (
        Contribution("Response A", "Go.\nPOSITION: support (confidence 0.8)"),
        Contribution("Response B", "Stop.", Position(Stance.OPPOSE, 0.6, "Too early.")),
        Contribution("Peer ranking (Borda count)", "1. Response B: 2 points\n2. Response A: 0"),
    )
    text = _turn(experts["fda_expert"], TurnKind.SYNTHESIS, visible)
    assert (
        "The peer ranking puts Response B first with 2 points; its author's position: "
        'oppose: "Too early"'
    ) in text


def test_council_synthesis_names_the_authors_once_revealed(
    experts: dict[str, ExpertProfile],
) -> None:
    visible = (
        Contribution("Response A", "Go.\nPOSITION: support (confidence 0.8)"),
        Contribution("Response B", "Stop.", Position(Stance.OPPOSE, 0.6, "Too early.")),
        Contribution("Peer ranking (Borda count)", "1. Response B: 2 points\n2. Response A: 0"),
        Contribution(AUTHORS_LABEL, "Response A: Ann (Lead)\nResponse B: Bob (Analyst)"),
    )
    text = _turn(experts["fda_expert"], TurnKind.SYNTHESIS, visible)
    assert "The peer ranking puts Response B (Bob) first with 2 points" in text
    # One vote each: no majority, and each position is named by its author.
    assert "Majority view: none; the 2 votes are split evenly." in text
    assert "Response B (Bob) would oppose it" in text


def test_synthesis_of_an_even_split_recommends_no_decision(
    experts: dict[str, ExpertProfile],
) -> None:
    split = (
        Contribution("A", "Go.\nPOSITION: support (confidence 0.8)"),
        Contribution("B", "Stop.\nPOSITION: oppose (confidence 0.8)"),
    )
    text = _turn(experts["fda_expert"], TurnKind.SYNTHESIS, split)
    assert "Majority view: none" in text
    assert "Positions: A would support it (confidence 0.80)" in text
    assert "Dissent" not in text


def test_synthesis_without_a_quorum_reports_no_majority(
    experts: dict[str, ExpertProfile],
) -> None:
    visible = (
        Contribution("A", "Go.\nPOSITION: support (confidence 0.8)"),
        Contribution("B", "Out of my field.", Position.abstention("not my documents")),
        Contribution("C", "Out of my field.", Position.abstention("not my documents")),
    )
    text = _turn(experts["fda_expert"], TurnKind.SYNTHESIS, visible)
    assert "Majority view: none; only 1 of 3 members voted, short of a quorum." in text
    assert "agreement of 100%" not in text


def test_council_synthesis_without_a_ranking_says_none_took_place(
    experts: dict[str, ExpertProfile],
) -> None:
    visible = (
        Contribution("Response A", "Go.\nPOSITION: support (confidence 0.8)"),
        Contribution("Peer ranking (Borda count)", "No rankings were recorded."),
        Contribution(AUTHORS_LABEL, "Response A: FDA Regulatory Expert (Regulatory Affairs Lead)"),
    )
    text = _turn(experts["fda_expert"], TurnKind.SYNTHESIS, visible)
    assert "No peer ranking took place" in text
    assert "ranked blind" not in text
    assert "recorded no winner" not in text


@pytest.mark.parametrize(
    ("probe", "answer"),
    [
        (PROBES[0], "What would change my position: "),
        (PROBES[1], "What rests on my documents: "),
        (PROBES[2], "The strongest objection is "),
    ],
)
def test_answer_to_a_probe_answers_that_probe_with_something_new(
    experts: dict[str, ExpertProfile],
    round_one: tuple[Contribution, ...],
    probe: str,
    answer: str,
) -> None:
    own = Contribution(OWN_PREVIOUS_LABEL, round_one[1].text, round_one[1].position)
    claim = round_one[1].text.split(". ", 1)[1].split(" [", 1)[0]
    question = Contribution("Moderator's question", f'Clinical Evidence Expert, "{claim}". {probe}')
    draft = compose_turn(
        experts["clinical_expert"],
        QUERY,
        TurnRequest("clinical_expert", TurnKind.ANSWER, 2, "", (own, question)),
    )
    assert answer in draft.text
    # It answers from a statement of its own documents that its last turn did not make.
    cited = [c for c in draft.citations if c.startswith("clinical_expert/")]
    assert cited
    assert claim not in draft.text.split(answer, 1)[1]


def test_a_moderator_quotes_an_answers_evidence_not_its_lead(
    experts: dict[str, ExpertProfile],
) -> None:
    answered = Contribution(
        "Clinical Evidence Expert",
        "As the Clinical Affairs Lead, in round 2 I support it. What rests on my documents: A "
        "Pre-Submission is the right place to ask FDA [clinical_expert/1#3]. What is my "
        "assumption: that the rule fits.\nPOSITION: support (confidence 0.60)",
    )
    instruction = "Ask Clinical Evidence Expert (Clinical Affairs Lead) one probing question."
    text = _turn(experts["fda_expert"], TurnKind.QUESTION, (answered,), instruction)
    assert 'saying "A Pre-Submission is the right place to ask FDA"' in text


def test_a_devils_advocate_with_nothing_to_challenge_and_no_documents_abstains(
    experts: dict[str, ExpertProfile],
) -> None:
    outside = "Should we sponsor the local football club's jerseys next season?"
    abstained = tuple(
        Contribution(name, "I abstain.\nPOSITION: abstain") for name in ("Ann", "Bob")
    )
    request = TurnRequest("finance_expert", TurnKind.CHALLENGE, 1, "", abstained)
    draft = compose_turn(experts["finance_expert"], outside, request)
    assert draft.position is not None and draft.position.abstain
    assert "there is no view to challenge" in draft.text


def test_council_synthesis_quotes_the_winners_cited_evidence(
    experts: dict[str, ExpertProfile],
) -> None:
    cited = "Overtime pays when it is targeted. [finance_expert/1#4]\nPOSITION: support (0.6)"
    visible = (
        Contribution("Response A", "Go.\nPOSITION: support (confidence 0.8)"),
        Contribution("Response B", cited, Position(Stance.SUPPORT, 0.6, "My documents lean so.")),
        Contribution("Peer ranking (Borda count)", "1. Response B: 2 points\n2. Response A: 0"),
    )
    text = _turn(experts["fda_expert"], TurnKind.SYNTHESIS, visible)
    assert 'its author\'s position: support: "Overtime pays when it is targeted"' in text


def test_a_side_held_by_half_the_others_is_the_leading_side_not_a_majority(
    experts: dict[str, ExpertProfile],
) -> None:
    # cold try c18-r26, #4: "the panel's majority (1 of 2 positions …)" of 1 support, 1 neutral
    visible = (
        Contribution(
            "FDA Regulatory Expert",
            "I support it.\nPOSITION: support (confidence 0.70)",
            Position(Stance.SUPPORT, 0.7, "x"),
        ),
        Contribution(
            "Clinical Evidence Expert",
            "I take no firm side on it.\nPOSITION: neutral (confidence 0.50)",
            Position(Stance.NEUTRAL, 0.5, "y"),
        ),
    )
    request = TurnRequest("quality_expert", TurnKind.CHALLENGE, 1, "", visible)
    text = compose_turn(experts["quality_expert"], QUERY, request).text
    assert "I argue against the leading side (1 of 2 positions, led by FDA Regulatory Expert)" in (
        text
    )
