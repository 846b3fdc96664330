"""Specification of the socratic exchange's wording, over whole panels: a moderator quotes the
claim the expert made, never an answer's reference to it, and no turn says a sentence twice."""

import re

import pytest

from agentstream.deliberation.turns import Contribution, ExpertProfile, TurnKind, TurnRequest
from agentstream.experts.offline import compose_turn
from agentstream.experts.positions import parse_position

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_QUOTE = re.compile(r'saying "([^"]*)"')


def _socratic(
    experts: dict[str, ExpertProfile], moderator: str, members: list[str], query: str
) -> list[tuple[str, str]]:
    """Three socratic rounds: positions, then per member a moderator question and its answer;
    (kind, text) of every turn."""
    turns: list[tuple[str, str]] = []
    last: dict[str, str] = {}
    for agent_id in members:
        request = TurnRequest(agent_id, TurnKind.POSITION, 1, "", ())
        last[agent_id] = compose_turn(experts[agent_id], query, request).text
        turns.append(("position", last[agent_id]))
    for round_number in (2, 3):
        for agent_id in members:
            name = experts[agent_id].name
            target = Contribution(name, last[agent_id], parse_position(last[agent_id]))
            ask = TurnRequest(moderator, TurnKind.QUESTION, round_number, f"Ask {name}", (target,))
            question = compose_turn(experts[moderator], query, ask).text
            turns.append(("question", question))
            visible = (
                Contribution("Your previous statement", last[agent_id], target.position),
                Contribution("Moderator's question", question),
            )
            answer = TurnRequest(agent_id, TurnKind.ANSWER, round_number, "", visible)
            last[agent_id] = compose_turn(experts[agent_id], query, answer).text
            turns.append(("answer", last[agent_id]))
    return turns


QUESTIONS = [
    ("operations_expert", ["safety_expert", "customer_expert", "finance_expert"],
     "Should we roster technicians on a rota of four 10-hour days?"),
    ("fda_expert", ["clinical_expert", "quality_expert", "reimbursement_expert"],
     "Should we skip clinical data for our 510(k)?"),
]  # fmt: skip


@pytest.mark.parametrize(("moderator", "members", "query"), QUESTIONS)
def test_questions_quote_claims_and_no_turn_repeats_a_sentence(
    experts: dict[str, ExpertProfile], moderator: str, members: list[str], query: str
) -> None:
    for kind, text in _socratic(experts, moderator, members, query):
        sentences = [s for s in _SENTENCE.split(text.split("\nPOSITION:")[0]) if len(s) > 20]
        assert len(sentences) == len(set(sentences)), text
        if kind == "question":
            for quote in _QUOTE.findall(text):
                assert "that claim" not in quote and len(quote.split()) >= 5, text


def test_an_assumption_names_what_the_statement_leaves_unsaid(
    experts: dict[str, ExpertProfile],
) -> None:
    # Safety's claim on night call-outs says nothing of live electrical work done alone: its
    # answer to "which part rests on assumption" names those words, not a stock sentence.
    query = "Should a technician do live electrical jobs alone at night?"
    turns = _socratic(experts, "operations_expert", ["safety_expert", "customer_expert"], query)
    answers = [text for kind, text in turns if kind == "answer" and "assumption:" in text]
    assert answers, "the moderator asks what rests on assumption"
    for text in answers:
        assumption = text.split("What is my assumption:")[1]
        assert "as well, which they do not say" in assumption or "none beyond" in assumption
        assert "do not test directly" not in assumption
    # Neighbouring words the statement leaves unsaid are named together, as the question
    # wrote them.
    assert any('"live electrical jobs alone"' in text for text in answers), answers
