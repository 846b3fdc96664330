"""The agent listing names each expert's documents and, asked with a query, the passages that
cover it: what a client needs to show a turn's citations and to choose experts."""

import httpx

from agentstream.deliberation.turns import ExpertProfile, TurnKind, TurnRequest
from agentstream.experts.offline import compose_turn

PATHWAY = "Should we pursue a 510(k) or a De Novo pathway for our new glucose monitor?"


async def _agents(client: httpx.AsyncClient, **params: str) -> dict[str, dict[str, object]]:
    response = await client.get("/api/v1/agents", params=params)
    assert response.status_code == 200, response.text
    return {agent["agent_id"]: agent for agent in response.json()["agents"]}


async def test_listing_names_the_documents_and_sections_a_turn_cites(
    client: httpx.AsyncClient, experts: dict[str, ExpertProfile]
) -> None:
    fda = (await _agents(client))["fda_expert"]
    documents = fda["documents"]
    assert isinstance(documents, list)
    passages = {p["id"]: (d["title"], p["section"]) for d in documents for p in d["passages"]}
    request = TurnRequest("fda_expert", TurnKind.POSITION, 1, "")
    cited = compose_turn(experts["fda_expert"], PATHWAY, request).citations
    assert cited and set(cited) <= set(passages)
    assert all(title and section for title, section in (passages[c] for c in cited))
    assert "knowledge" not in fda and fda["covering"] is None


async def test_listing_with_a_query_says_which_experts_documents_cover_it(
    client: httpx.AsyncClient,
) -> None:
    agents = await _agents(client, query=PATHWAY)
    covering = agents["fda_expert"]["covering"]
    assert isinstance(covering, list) and covering
    assert all(str(passage).startswith("fda_expert/") for passage in covering)
    assert agents["finance_expert"]["covering"] == []


async def test_a_tenant_expert_without_knowledge_lists_no_documents(
    client: httpx.AsyncClient,
) -> None:
    body = {"agent_id": "pricing_expert", "name": "P", "role": "R", "persona": "Thinks."}
    assert (await client.post("/api/v1/agents", json=body)).status_code == 201
    agents = await _agents(client, query=PATHWAY)
    assert agents["pricing_expert"]["documents"] == []
    assert agents["pricing_expert"]["covering"] == []
