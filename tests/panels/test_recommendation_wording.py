"""Specification of how a recommendation reads on its own: it cites sources rather than the
anonymous views' "[a passage]", and it says which proposal a side is on when the question
negates it (cold try c18-r5, category 8)."""

import httpx
from bench.panel_quality import FIELD, Question, run_panel

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
