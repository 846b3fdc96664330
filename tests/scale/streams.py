"""Reading a cluster's SSE streams and its database in tests."""

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import httpx

from tests.sse import Frame

TIMEOUT_S = 60.0  # for anything that should take seconds
PANEL = {
    "query": "FDA 510(k) strategy?",
    "panel_type": "structured",
    "agent_ids": ["fda_expert", "clinical_expert"],
}


class Stream:
    """An SSE response read frame by frame."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.frames: list[Frame] = []
        self._lines = response.aiter_lines()

    async def next(self) -> Frame | None:
        """The next frame with data (None at the end of the stream)."""
        fields: dict[str, str] = {}
        async for line in self._lines:
            if line:
                if not line.startswith(":"):
                    name, _, value = line.partition(": ")
                    fields[name] = value
                continue
            if "data" in fields:
                frame = Frame(
                    int(fields["id"]) if "id" in fields else None,
                    fields.get("event"),
                    json.loads(fields["data"]),
                )
                self.frames.append(frame)
                return frame
            fields = {}
        return None

    async def until(self, done: Callable[[Frame], bool]) -> Frame:
        """Read up to and including the first frame for which `done` holds."""
        while (frame := await self.next()) is not None:
            if done(frame):
                return frame
        raise AssertionError(f"the stream ended first: {self.frames[-3:]}")

    async def rest(self) -> list[Frame]:
        """Every frame up to the end of the stream."""
        start = len(self.frames)
        while await self.next() is not None:
            pass
        return self.frames[start:]


@asynccontextmanager
async def open_stream(
    client: httpx.AsyncClient, method: str, url: str, **kwargs: Any
) -> AsyncIterator[Stream]:
    async with client.stream(method, url, **kwargs) as response:
        assert response.status_code == 200, await response.aread()
        yield Stream(response)


def http_client(base_url: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base_url, timeout=httpx.Timeout(TIMEOUT_S))


def in_order(frames: list[Frame], after: int = 0) -> None:
    assert [f.id for f in frames] == list(range(after + 1, after + len(frames) + 1)), (
        "every event once, in order"
    )


def increasing(frames: list[Frame]) -> None:
    """The ids of a run that failed over: strictly increasing, a jump allowed (the README's
    contract)."""
    ids = [f.id for f in frames]
    assert all(i is not None for i in ids)
    assert ids == sorted(set(ids)), "every event once, in order"


async def new_panel(client: httpx.AsyncClient) -> str:
    created = await client.post("/api/v1/panels", json=PANEL)
    assert created.status_code == 201, created.text
    panel_id: str = created.json()["panel_id"]
    return panel_id


async def query(sql: str, *args: Any, database: str) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(database.replace("+asyncpg", ""))
    try:
        return list(await connection.fetch(sql, *args))
    finally:
        await connection.close()
