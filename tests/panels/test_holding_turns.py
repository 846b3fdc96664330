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
