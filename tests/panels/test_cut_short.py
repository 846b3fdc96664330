"""Specification of a panel whose strategy's later rounds have nobody to work on: with fewer
than two members able to speak to the question, it ends after round 1 and its recommendation
says why (cold try c18-r10, panel 6: an open debate with one voice)."""

import httpx
from bench.panel_quality import Question, run_panel

ENROLMENT = (
    "How many patients should the clinical study behind our 510(k) enrol, and how much should "
    "we budget for it?"
)
FIELD = ["operations_expert", "safety_expert", "customer_expert", "finance_expert"]


async def test_an_open_debate_with_one_voice_ends_after_round_1_and_says_why(
    client: httpx.AsyncClient,
) -> None:
    agent_ids = ["clinical_expert", "fda_expert", "reimbursement_expert"]
    panel = await run_panel(client, Question(ENROLMENT, "open", agent_ids, "mixed"))
    assert len(panel["rounds"]) == 1
    assert panel["recommendation"].endswith(
        "The panel ended after round 1: only one member's documents speak to the question, so "
        "there was no one to answer."
    )


async def test_a_debate_with_two_voices_runs_its_replies(client: httpx.AsyncClient) -> None:
    query = "Should we make Saturday overtime compulsory for all technicians next month?"
    panel = await run_panel(client, Question(query, "open", FIELD, "covered"))
    assert len(panel["rounds"]) >= 2
    assert "The panel ended after round" not in panel["recommendation"]
