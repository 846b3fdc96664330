"""Specification of how a recommendation reads on its own: it cites sources rather than the
anonymous views' "[a passage]", and it says which proposal a side is on when the question
negates it (cold try c18-r5, category 8)."""

import httpx
from bench.panel_quality import FIELD, Question, run_panel

NO_PRESUB = (
    "Should we not bother with a Pre-Submission and just file the 510(k) straight away to save "
    "the 70 days?"
)


async def test_a_council_synthesis_quotes_no_passage_placeholder(
    client: httpx.AsyncClient,
) -> None:
    # The chair quotes the best-ranked answer's reason, which cites its passages.
    question = Question(
        "How many overtime hours a week can we add across the team, and how much would that "
        "cost us per week?",
        "council",
        FIELD,
        "covered",
    )
    panel = await run_panel(client, question)
    synthesis = panel["rounds"][-1]["messages"][-1]
    assert synthesis["kind"] == "synthesis"
    assert "[a passage]" not in synthesis["content"]
    assert "[a passage]" not in panel["recommendation"]
    assert "[finance_expert/1#2]" in synthesis["content"]


async def test_a_negated_question_has_its_plain_proposal_restated(
    client: httpx.AsyncClient,
) -> None:
    devices = ["fda_expert", "clinical_expert", "quality_expert", "reimbursement_expert"]
    panel = await run_panel(client, Question(NO_PRESUB, "open", devices, "covered"))
    assert (
        "The proposal voted on: Should we skip a Pre-Submission and file the 510(k) straight "
        "away to save the 70 days?"
    ) in panel["recommendation"]


async def test_a_question_asking_for_the_opposite_says_what_supporting_it_rejects(
    client: httpx.AsyncClient,
) -> None:
    query = "Is it a mistake to hire subcontractors for specialist electrical work?"
    panel = await run_panel(client, Question(query, "structured", FIELD[:3], "covered"))
    assert (
        f"The proposal voted on: {query} The question asks for the proposal's opposite, so "
        "supporting it rejects the proposal and opposing it accepts it: Should we hire "
        "subcontractors for specialist electrical work?"
    ) in panel["recommendation"]


async def test_a_question_asking_for_the_opposite_is_answered_with_what_to_do(
    client: httpx.AsyncClient,
) -> None:
    # Cold try c18-r10: "Recommendation: support the proposal (consensus). … Supporting it
    # rejects the proposal" left the reader to undo a double negation.
    query = "Is it a mistake to hire subcontractors for specialist electrical work?"
    panel = await run_panel(client, Question(query, "structured", FIELD[:3], "covered"))
    first = panel["recommendation"].splitlines()[0]
    assert "go ahead: hire subcontractors for specialist electrical work" in first
