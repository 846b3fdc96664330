"""Chat and panels served on the real local model (greedy decoding, short answers)."""

import httpx
from fastapi import FastAPI

from agentstream.llm.local import LlamaCppChatModel
from tests.sse import answer_text, done_metadata, parse_frames


async def test_chat_on_the_local_model_keeps_the_numbers(
    app: FastAPI, client: httpx.AsyncClient, local_model: LlamaCppChatModel
) -> None:
    app.state.chat.model = local_model
    frames = parse_frames(
        (
            await client.post(
                "/api/chat/stream", json={"message": "How many technicians are active?"}
            )
        ).text
    )
    metadata = done_metadata(frames)
    assert metadata["status"] == "completed" and metadata["route"] == "sql"
    assert "10" in answer_text(frames)
    assert metadata["usage"]["output_tokens"] > 0


async def test_a_panel_runs_on_the_local_model(
    app: FastAPI, client: httpx.AsyncClient, local_model: LlamaCppChatModel
) -> None:
    app.state.panels.model = local_model
    created = await client.post(
        "/api/v1/panels",
        json={
            "query": "FDA 510(k) strategy?",
            "agent_ids": ["fda_expert", "clinical_expert"],
            "configuration": {"max_rounds": 1},
        },
    )
    panel_id = created.json()["panel_id"]
    frames = parse_frames((await client.get(f"/api/v1/panels/{panel_id}/stream")).text)
    assert frames[-1].event == "panel_complete", frames[-1].data
    speeches = [f.data for f in frames if f.event == "expert_speaking"]
    assert len(speeches) == 2 and all(s["position"] for s in speeches)
    body = (await client.get(f"/api/v1/panels/{panel_id}")).json()
    assert body["usage"]["output_tokens"] > 0
