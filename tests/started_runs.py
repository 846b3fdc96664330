"""Runs of some tenant started through the API, for tests that need one: a chat turn read to
its end, the body of a panel."""

import httpx


async def finished_chat_run_id(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    """The run id of a chat turn the caller asked and read to its end."""
    async with client.stream(
        "POST", "/api/chat/stream", json={"message": "How many technicians?"}, headers=headers
    ) as response:
        assert response.status_code == 200
        await response.aread()
        return response.headers["X-Run-ID"]


# A panel the demo experts can hold (the seed's example).
PANEL_REQUEST = {
    "query": "FDA 510(k) strategy?",
    "panel_type": "structured",
    "agent_ids": ["fda_expert", "clinical_expert"],
}
