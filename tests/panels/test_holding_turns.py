"""Specification of a turn that holds its side with nothing new: it names the statement its
position rests on, so two experts holding one side on different rules do not say the same
words (the panel bench's near-repeat check found two such turns alike)."""

import httpx
from bench.panel_quality import FIELD, Question, run_panel


async def test_experts_holding_one_side_name_their_own_rules(client: httpx.AsyncClient) -> None:
    query = (
        "Marco has already logged 9 overtime hours this week. A premium customer needs a 5-hour "
        "job done on Friday after his regular shift. Who should do it?"
    )
    options = ("Marco on overtime", "a subcontractor")
    panel = await run_panel(client, Question(query, "structured", FIELD, "options", options))
    second = {m["agent_id"]: m["content"] for r in panel["rounds"] if r["number"] == 2
              for m in r["messages"]}  # fmt: skip
    assert "my position still rests on" in second["operations_expert"]
    assert "[operations_expert/1#4]" in second["operations_expert"]
    assert "my position still rests on" in second["safety_expert"]
    assert "[safety_expert/1#2]" in second["safety_expert"]


async def test_a_council_recommendation_names_the_ranking_once(client: httpx.AsyncClient) -> None:
    # cold try c18-r25, #8: the chair's paragraph on the ranking's winner repeated the
    # verdict's ranking lines; the reasons the voters gave take its place
    query = (
        "Can we send in the 510(k) now and finish the design verification tests while FDA is "
        "reviewing it?"
    )
    experts = ["fda_expert", "quality_expert", "clinical_expert", "reimbursement_expert"]
    panel = await run_panel(client, Question(query, "council", experts, "mixed"))
    recommendation = panel["recommendation"]
    assert recommendation.count("Peer ranking (Borda count)") == 1
    assert "The peer ranking puts" not in recommendation
    assert "Reasons given:" in recommendation
