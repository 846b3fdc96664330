"""Specification of a panel on a question that asks for figures: it is framed as the figures
the experts' documents state, nobody votes on it, and the recommendation states the figures
with their sources instead of a side (cold try c18-r5, Q2 and Q10)."""

import httpx
from bench.panel_quality import Question, run_panel

from agentstream.deliberation.figures import figures_proposition, is_figures_framing
from agentstream.panels.capable.prompts import vote_meaning
from agentstream.panels.domain.options import proposition_of

FIELD = ["operations_expert", "safety_expert", "customer_expert", "finance_expert"]
OVERTIME = (
    "How many overtime hours a week can we add across the team to clear the backlog, and how "
    "much would that cost us per week?"
)


async def test_a_figures_panel_answers_with_the_figures_and_their_sources(
    client: httpx.AsyncClient,
) -> None:
    panel = await run_panel(client, Question(OVERTIME, "structured", FIELD, "covered"))
    assert is_figures_framing(panel["configuration"]["proposition"])
    positions = [m["position"] for r in panel["rounds"] for m in r["messages"]]
    assert all(p["stance"] == "neutral" for p in positions if p is not None)
    recommendation = panel["recommendation"]
    assert recommendation.startswith("Answer: the figures the members' documents state")
    assert "$7,300 a week" in recommendation and "[finance_expert/1#2]" in recommendation
    assert "12 overtime hours a week" in recommendation
    assert "the proposal" not in recommendation and "Votes:" not in recommendation
    assert "Customer Success Expert (my documents" in recommendation  # it abstained


async def test_a_council_chair_lists_the_figures_each_response_states(
    client: httpx.AsyncClient,
) -> None:
    panel = await run_panel(client, Question(OVERTIME, "council", FIELD, "covered"))
    synthesis = panel["rounds"][-1]["messages"][-1]
    assert synthesis["kind"] == "synthesis"
    assert "Figures stated:" in synthesis["content"]
    assert "Majority view" not in synthesis["content"]


def test_a_question_of_figures_is_framed_as_its_figures() -> None:
    assert proposition_of(OVERTIME) == figures_proposition(OVERTIME)
    assert not is_figures_framing(proposition_of("Should we add overtime?"))


def test_a_capable_model_is_asked_for_the_figures_not_for_a_side() -> None:
    meaning = vote_meaning((), figures_proposition(OVERTIME), OVERTIME, votes=True)
    assert "Quote the figures your passages state" in meaning
    assert "supports it, opposes it" not in meaning


def test_a_question_asking_what_budget_and_timeline_asks_for_figures() -> None:
    # Cold try c18-r16, #9: it was voted on, with a meaningless split.
    query = (
        "What budget and timeline should we plan for the clinical study if FDA asks for "
        "clinical data?"
    )
    assert proposition_of(query) == figures_proposition(query)
