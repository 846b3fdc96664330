"""A chat turn run to its end through the API, for tests that need a run of some tenant."""

import httpx


async def finished_chat_run_id(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    """The run id of a chat turn the caller asked and read to its end."""
    async with client.stream(
        "POST", "/api/chat/stream", json={"message": "How many technicians?"}, headers=headers
    ) as response:
        assert response.status_code == 200
        await response.aread()
        return response.headers["X-Run-ID"]
