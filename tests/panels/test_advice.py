"""Specification of a panel on a question that asks what to do ("How should we …?"): it is
framed as the advice the experts' documents give, nobody votes on it, and the recommendation
states each member's advice with its sources instead of "support the proposal" (cold tries
c18-r12 and c18-r13, #3: a how-to question was recommended as "support the proposal")."""

import httpx
import pytest
from bench.panel_quality import DEVICE, FIELD, Question, run_panel

from agentstream.deliberation.advice import advice_proposition, asks_how, is_advice_framing
from agentstream.panels.capable.prompts import vote_meaning
from agentstream.panels.domain.options import proposition_of

BACKLOG = (
    "How should we work down a three-week backlog of planned maintenance for standard "
    "customers without wearing out the technicians?"
)
INSPECTION = "How should we get ready for FDA's first inspection of our quality system?"


@pytest.mark.parametrize(
    ("question", "how"),
    [
        (BACKLOG, True),
        ("We have a backlog. How can we clear it?", True),
        ("If FDA asks for clinical data, how should we plan the study?", True),
        ("What should we do about the backlog?", True),
        ("What is the best way to clear it?", True),
        ("How many subjects do we need?", False),  # figures
        ("How long does a De Novo take?", False),
        ("How is the backlog measured?", False),
        ("Should we clear the backlog with overtime?", False),
    ],
)
def test_a_question_asking_what_to_do_is_told_apart(question: str, how: bool) -> None:
    assert asks_how(question) is how


def test_a_question_of_what_to_do_is_framed_as_advice() -> None:
    assert proposition_of(BACKLOG) == advice_proposition(BACKLOG)
    meaning = vote_meaning((), advice_proposition(BACKLOG), BACKLOG, votes=True)
    assert "advice" in meaning and "neutral" in meaning


async def test_a_panel_answers_with_each_members_advice_and_no_vote(
    client: httpx.AsyncClient,
) -> None:
    panel = await run_panel(client, Question(BACKLOG, "socratic", FIELD, "covered"))
    assert is_advice_framing(panel["configuration"]["proposition"])
    positions = [m["position"] for r in panel["rounds"] for m in r["messages"]]
    assert all(p["stance"] == "neutral" for p in positions if p is not None)
    recommendation = panel["recommendation"]
    assert recommendation.startswith("Answer: the advice the members' documents give")
    assert "the proposal" not in recommendation and "Votes:" not in recommendation
    # the finance expert's own words on planned maintenance, not a vote on them
    assert "spread across the whole team on planned maintenance" in recommendation


async def test_advice_comes_from_passages_on_what_is_asked(client: httpx.AsyncClient) -> None:
    # "a study protocol ready to run if FDA asks" shares "ready" and "FDA" with the question
    # but says nothing of an inspection.
    panel = await run_panel(client, Question(INSPECTION, "open", DEVICE, "mixed"))
    recommendation = panel["recommendation"]
    assert "[quality_expert/1#1]" in recommendation
    assert "Clinical Evidence Expert:" not in recommendation
