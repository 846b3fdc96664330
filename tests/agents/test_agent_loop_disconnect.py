"""A client that drops a chat turn in the agent loop, over a real socket: as the README says,
the turn goes on for AGENTSTREAM_DISCONNECT_GRACE_S, a client that resumes it in time gets the
rest, and otherwise the loop's model calls stop; what was produced stays in the conversation
and in the run's events."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from langchain_core.messages import AIMessage
from sqlalchemy import select

from agentstream.agents.sql.result import SqlResult
from agentstream.agents.sql.tool import SqlTool
from agentstream.app import create_app
from agentstream.chat.models import Message
from agentstream.llm.scripted import ScriptedToolCallingModel
from agentstream.runs.interruptions import CLIENT_LEFT
from agentstream.runs.models import Run
from agentstream.settings import Settings
from tests.agents.replies import ACTIVE_SQL, QUESTION, sql_call
from tests.live import serve
from tests.sse import Frame, answer_text, done_metadata, parse_frames

LONG_ANSWER = " ".join(["word"] * 300)


class HeldSql:
    """Holds every SQL tool call until released, and says when one is waiting."""

    def __init__(self) -> None:
        self.waiting = asyncio.Event()
        self.release = asyncio.Event()


@pytest.fixture
def held_sql(monkeypatch: pytest.MonkeyPatch) -> HeldSql:
    held = HeldSql()
    run = SqlTool.run

    async def held_run(tool: SqlTool, sql: str, *args: Any, **kwargs: Any) -> SqlResult:
        held.waiting.set()
        await held.release.wait()
        return await run(tool, sql, *args, **kwargs)

    monkeypatch.setattr(SqlTool, "run", held_run)
    return held


async def _live(settings: Settings, grace_s: float) -> AsyncIterator[tuple[FastAPI, str]]:
    application = create_app(
        settings.model_copy(update={"agent_mode": "tools", "disconnect_grace_s": grace_s})
    )
    async with serve(application) as url:
        yield application, url


@pytest.fixture
async def dropped(settings: Settings) -> AsyncIterator[tuple[FastAPI, str]]:
    """A live app whose turns stop soon after their last client left."""
    async for live in _live(settings, grace_s=0.05):
        yield live


@pytest.fixture
async def patient(settings: Settings) -> AsyncIterator[tuple[FastAPI, str]]:
    """A live app whose turns wait far longer than a test for their client to come back."""
    async for live in _live(settings, grace_s=600):
        yield live


async def _ask_until(url: str, enough: asyncio.Event | None, frames_wanted: int) -> uuid.UUID:
    """Ask the question, then drop the connection once `enough` is set or `frames_wanted`
    frames came; the turn's run id."""
    async with (
        httpx.AsyncClient(base_url=url, timeout=30) as client,
        client.stream("POST", "/api/chat/stream", json={"message": QUESTION}) as response,
    ):
        run_id = uuid.UUID(response.headers["X-Run-ID"])
        if enough is not None:
            await enough.wait()
            return run_id
        seen = 0
        async for line in response.aiter_lines():
            seen += line.startswith("data:")
            if seen >= frames_wanted:
                break
    return run_id


async def _ended(app: FastAPI, run_id: uuid.UUID) -> tuple[Run, Message]:
    # A turn the disconnect did not stop would wait for the held tool forever.
    async with asyncio.timeout(60):
        await app.state.chat.manager.wait(run_id)
    async with app.state.sessions() as session:
        run = await session.get(Run, run_id)
        answer = (
            await session.execute(
                select(Message).where(Message.run_id == run_id, Message.role == "assistant")
            )
        ).scalar_one()
    assert run is not None
    return run, answer


async def _replay(url: str, run_id: uuid.UUID, after: int = 0) -> list[Frame]:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        response = await client.get(
            f"/api/chat/runs/{run_id}/stream", headers={"Last-Event-ID": str(after)}
        )
    return parse_frames(response.text)


def _sql_of_tool_calls(frames: list[Frame]) -> list[str]:
    return [f.data["detail"]["sql"] for f in frames if f.data.get("type") == "tool_call"]


async def test_a_client_gone_during_a_tool_step_stops_the_loop(
    dropped: tuple[FastAPI, str], held_sql: HeldSql
) -> None:
    app, url = dropped
    model = ScriptedToolCallingModel(
        replies=[
            AIMessage("Let me count them.", tool_calls=sql_call(ACTIVE_SQL).tool_calls),
            AIMessage("never"),
        ]
    )
    app.state.chat.model = model
    run_id = await _ask_until(url, held_sql.waiting, 0)
    run, answer = await _ended(app, run_id)
    assert run.status == "cancelled" and run.error == CLIENT_LEFT.reason
    assert len(model.calls) == 1, "no model call after the client left"
    assert answer.status == "cancelled"
    assert answer.content.startswith("Let me count them."), "what was said is kept"
    frames = await _replay(url, run_id)
    assert answer_text(frames).startswith("Let me count them.")
    assert done_metadata(frames)["status"] == "cancelled"
    assert done_metadata(frames)["stop_cause"] == "client_left"


async def test_a_client_gone_during_the_answer_stops_it_and_keeps_the_tool_calls(
    dropped: tuple[FastAPI, str],
) -> None:
    app, url = dropped
    model = ScriptedToolCallingModel(
        replies=[sql_call(ACTIVE_SQL), AIMessage(LONG_ANSWER), AIMessage("never")],
        token_delay_s=0.01,
    )
    app.state.chat.model = model
    # The tool_call frame, then five of the answer's tokens.
    run_id = await _ask_until(url, None, 6)
    run, answer = await _ended(app, run_id)
    assert run.status == "cancelled"
    assert len(model.calls) == 2, "no model call after the client left"
    assert answer.status == "cancelled"
    assert 5 <= len(answer.content.split()) < 300, "the partial answer is kept"
    frames = await _replay(url, run_id)
    (sql,) = _sql_of_tool_calls(frames)
    assert sql == ACTIVE_SQL
    assert answer_text(frames) == answer.content
    metadata = done_metadata(frames)
    assert metadata["status"] == "cancelled" and metadata["route"] == "sql"
    assert [source["sql"] for source in metadata["sources"]] == [sql]


async def test_a_client_back_within_the_grace_period_gets_the_rest(
    patient: tuple[FastAPI, str], held_sql: HeldSql
) -> None:
    app, url = patient
    model = ScriptedToolCallingModel(replies=[sql_call(ACTIVE_SQL), AIMessage("Seven are.")])
    app.state.chat.model = model
    run_id = await _ask_until(url, held_sql.waiting, 0)
    held_sql.release.set()
    frames = await _replay(url, run_id)
    (sql,) = _sql_of_tool_calls(frames)
    assert sql == ACTIVE_SQL
    assert answer_text(frames) == "Seven are."
    assert done_metadata(frames)["status"] == "completed"
    run, answer = await _ended(app, run_id)
    assert run.status == "completed" and answer.content == "Seven are."
