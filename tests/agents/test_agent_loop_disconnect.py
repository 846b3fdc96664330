"""A client that drops a chat turn in the agent loop, over a real socket: as the README says,
the turn goes on for AGENTSTREAM_DISCONNECT_GRACE_S, a client that resumes it in time (after
the last frame it saw, on any worker) gets the rest of the answer, and otherwise the loop's
model calls stop; what was produced stays in the conversation and in the run's events.

With one worker (in-process broker), and with two workers sharing the database and a Redis:
the turn runs on A, and the client comes back to B.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGenerationChunk
from pydantic import PrivateAttr
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
from tests.runs.brokers import REDIS_URL, delete_prefix, redis_unreachable
from tests.sse import Frame, answer_text, done_metadata, parse_frames

LONG_ANSWER = " ".join(f"word{i}" for i in range(300))


class CountingModel(ScriptedToolCallingModel):
    """The scripted capable model, counting the answer tokens it produced, and saying when it
    has produced `awaited` of them."""

    awaited: int = 0
    _produced: int = PrivateAttr(default=0)
    _reached: asyncio.Event = PrivateAttr(default_factory=asyncio.Event)

    @property
    def produced(self) -> int:
        return self._produced

    @property
    def reached(self) -> asyncio.Event:
        return self._reached

    async def _astream(self, *args: Any, **kwargs: Any) -> AsyncIterator[ChatGenerationChunk]:
        async for chunk in super()._astream(*args, **kwargs):
            self._produced += bool(chunk.message.content)
            if self.awaited and self._produced >= self.awaited:
                self._reached.set()
            yield chunk


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


@dataclass
class Live:
    """A worker serving over a real socket."""

    app: FastAPI
    url: str


@dataclass
class Cluster:
    """Where the turn runs (`asked`), and where its client comes back (`resumed`): the same
    worker with the in-process broker."""

    asked: Live
    resumed: Live

    def play(self, model: ScriptedToolCallingModel) -> None:
        """The turns' model, on every worker."""
        self.asked.app.state.chat.model = model
        self.resumed.app.state.chat.model = model


Workers = Callable[[float], Awaitable[Cluster]]


@pytest.fixture(params=["in-process", "redis"])
async def workers(
    request: pytest.FixtureRequest, settings: Settings, tmp_path: Path
) -> AsyncIterator[Workers]:
    """Starts the workers, whose turns wait `grace_s` for their last client to come back."""
    async with AsyncExitStack() as stack:

        async def start(grace_s: float) -> Cluster:
            shared = settings.model_copy(
                update={
                    "agent_mode": "tools",
                    "disconnect_grace_s": grace_s,
                    "database_url": f"sqlite+aiosqlite:///{tmp_path / 'agentstream.sqlite'}",
                }
            )

            async def worker(worker_settings: Settings) -> Live:
                app = create_app(worker_settings)
                return Live(app, await stack.enter_async_context(serve(app)))

            if request.param == "in-process":
                only = await worker(shared)
                return Cluster(only, only)
            reason = await redis_unreachable()
            if reason:
                pytest.skip(reason)
            prefix = f"agentstream-test-{uuid.uuid4().hex[:12]}"
            stack.push_async_callback(delete_prefix, prefix)
            redis = {"broker_url": REDIS_URL, "broker_prefix": prefix}
            asked, resumed = [
                await worker(shared.model_copy(update={**redis, "data_dir": tmp_path / name}))
                for name in ("a", "b")
            ]
            return Cluster(asked, resumed)

        yield start


async def _ask_until(
    url: str, enough: asyncio.Event | None, frames_wanted: int
) -> tuple[uuid.UUID, list[Frame]]:
    """Ask the question, then drop the connection once `enough` is set or `frames_wanted`
    frames came; the turn's run id and the frames seen."""
    async with (
        httpx.AsyncClient(base_url=url, timeout=30) as client,
        client.stream("POST", "/api/chat/stream", json={"message": QUESTION}) as response,
    ):
        run_id = uuid.UUID(response.headers["X-Run-ID"])
        if enough is not None:
            await enough.wait()
            return run_id, []
        lines: list[str] = []
        async for line in response.aiter_lines():
            lines.append(line)
            if line == "" and sum(seen.startswith("data:") for seen in lines) >= frames_wanted:
                break
    return run_id, parse_frames("\n".join(lines))


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


async def _conversation_answer(url: str, run_id: uuid.UUID) -> dict[str, Any]:
    """The answer of the turn as the conversation API shows it."""
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        listed = (await client.get("/api/conversations")).json()["conversations"]
        (conversation,) = listed
        messages = (await client.get(f"/api/conversations/{conversation['id']}")).json()
    answers: list[dict[str, Any]] = [
        m for m in messages["messages"] if m["run_id"] == str(run_id) and m["role"] == "assistant"
    ]
    (answer,) = answers
    return answer


def _sql_of_tool_calls(frames: list[Frame]) -> list[str]:
    return [f.data["detail"]["sql"] for f in frames if f.data.get("type") == "tool_call"]


async def test_a_client_gone_during_a_tool_step_stops_the_loop(
    workers: Workers, held_sql: HeldSql
) -> None:
    cluster = await workers(0.05)
    model = CountingModel(
        replies=[
            AIMessage("Let me count them.", tool_calls=sql_call(ACTIVE_SQL).tool_calls),
            AIMessage("never"),
        ]
    )
    cluster.play(model)
    run_id, _ = await _ask_until(cluster.asked.url, held_sql.waiting, 0)
    run, answer = await _ended(cluster.asked.app, run_id)
    assert run.status == "cancelled" and run.error == CLIENT_LEFT.reason
    assert len(model.calls) == 1, "no model call after the client left"
    assert answer.status == "cancelled"
    assert answer.content.startswith("Let me count them."), "what was said is kept"
    frames = await _replay(cluster.resumed.url, run_id)
    assert answer_text(frames).startswith("Let me count them.")
    assert done_metadata(frames)["status"] == "cancelled"
    assert done_metadata(frames)["stop_cause"] == "client_left"


async def test_a_client_gone_during_the_answer_stops_it_and_keeps_what_streamed(
    workers: Workers,
) -> None:
    cluster = await workers(0.05)
    model = CountingModel(
        replies=[sql_call(ACTIVE_SQL), AIMessage(LONG_ANSWER), AIMessage("never")],
        token_delay_s=0.01,
    )
    cluster.play(model)
    # The tool_call frame, then five of the answer's tokens.
    run_id, _ = await _ask_until(cluster.asked.url, None, 6)
    run, _ = await _ended(cluster.asked.app, run_id)
    produced = model.produced
    assert run.status == "cancelled"
    assert len(model.calls) == 2, "no model call after the client left"
    assert 5 <= produced < 300, "the answer stopped with the turn"
    answer = await _conversation_answer(cluster.resumed.url, run_id)
    assert answer["status"] == "cancelled"
    assert LONG_ANSWER.startswith(answer["content"]) and answer["content"], "what streamed is kept"
    frames = await _replay(cluster.resumed.url, run_id)
    (sql,) = _sql_of_tool_calls(frames)
    assert sql == ACTIVE_SQL
    assert answer_text(frames) == answer["content"]
    metadata = done_metadata(frames)
    assert metadata["status"] == "cancelled" and metadata["route"] == "sql"
    assert [source["sql"] for source in metadata["sources"]] == [sql]
    await asyncio.sleep(0.1)
    assert model.produced == produced, "no token after the turn ended"


async def test_a_client_back_within_the_grace_period_gets_the_whole_answer(
    workers: Workers,
) -> None:
    cluster = await workers(600)
    model = CountingModel(
        replies=[sql_call(ACTIVE_SQL), AIMessage(LONG_ANSWER)], token_delay_s=0.005, awaited=100
    )
    cluster.play(model)
    # The tool_call frame and the answer's first tokens; more stream while the client is away.
    run_id, before = await _ask_until(cluster.asked.url, None, 6)
    await model.reached.wait()
    after = await _replay(cluster.resumed.url, run_id, after=before[-1].id or 0)
    ids = [frame.id for frame in before + after]
    assert ids == sorted(set(ids)), "every frame once, in order"
    assert _sql_of_tool_calls(before + after) == [ACTIVE_SQL]
    assert answer_text(before) + answer_text(after) == LONG_ANSWER
    assert done_metadata(after)["status"] == "completed"
    answer = await _conversation_answer(cluster.resumed.url, run_id)
    assert answer["status"] == "completed" and answer["content"] == LONG_ANSWER


async def test_a_client_back_after_the_turn_ended_within_the_grace_period_gets_the_rest(
    workers: Workers,
) -> None:
    cluster = await workers(600)
    model = CountingModel(
        replies=[sql_call(ACTIVE_SQL), AIMessage(LONG_ANSWER)], token_delay_s=0.001
    )
    cluster.play(model)
    run_id, before = await _ask_until(cluster.asked.url, None, 6)
    run, _ = await _ended(cluster.asked.app, run_id)
    assert run.status == "completed"
    # The answer's tokens are not stored: they come from the run's live log, kept a while.
    after = await _replay(cluster.resumed.url, run_id, after=before[-1].id or 0)
    assert answer_text(before) + answer_text(after) == LONG_ANSWER
    assert done_metadata(after)["status"] == "completed"
