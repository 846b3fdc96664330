"""The stream over a real socket: disconnects stop generation, heartbeats, errors, replay."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from agentstream.app import create_app
from agentstream.chat.models import Message
from agentstream.llm.scripted import ScriptedChatModel
from agentstream.runs.interruptions import CANCEL_REQUESTED, CLIENT_LEFT, SHUTDOWN
from agentstream.runs.models import Run
from agentstream.settings import Settings
from tests.counting import CountsTokens
from tests.live import serve
from tests.llm.failing import FailingServerModel
from tests.sse import Frame, answer_text, done_metadata, parse_frames


class CountingModel(CountsTokens, ScriptedChatModel):
    """A scripted model that counts the tokens it produced."""


@pytest.fixture
async def live(settings: Settings) -> AsyncIterator[tuple[FastAPI, str]]:
    application = create_app(settings)
    async with serve(application) as url:
        yield application, url


async def test_client_disconnect_stops_generation(live: tuple[FastAPI, str]) -> None:
    app, url = live
    model = CountingModel(tokens=500, token_delay_s=0.01)
    app.state.chat.model = model
    async with (
        httpx.AsyncClient(base_url=url, timeout=10) as client,
        client.stream("POST", "/api/chat/stream", json={"message": "hello there"}) as response,
    ):
        seen = 0
        async for line in response.aiter_lines():
            if '"type": "content"' in line:
                seen += 1
                if seen == 5:
                    break
    async with app.state.sessions() as session:
        for _ in range(500):
            run = (
                (await session.execute(select(Run).order_by(Run.created_at.desc())))
                .scalars()
                .first()
            )
            assert run is not None
            await session.refresh(run)
            if run.status != "running":
                break
            await asyncio.sleep(0.01)
        assert run.status == "cancelled"
        answer = (
            await session.execute(
                select(Message).where(Message.run_id == run.id, Message.role == "assistant")
            )
        ).scalar_one()
    produced = model.produced
    await asyncio.sleep(0.2)
    assert model.produced == produced, "no token is produced after the cancel"
    assert 5 <= produced < 100, "the client read 5 tokens, then generation stopped"
    assert answer.status == "cancelled" and answer.content.startswith("token0 token1")
    # The run's end says its client left; a cancel asked for is told apart.
    assert run.error == CLIENT_LEFT.reason
    done = [f for f in await _replay(url, run.id) if "done" in f.data]
    assert [f.data["metadata"]["status"] for f in done] == ["cancelled"]
    assert done[0].data["metadata"]["stop_cause"] == "client_left"
    assert answer.details["stop_cause"] == "client_left"
    assert done[0].data["metadata"]["route"] == "none", "the done frame says how far it got"
    assert done[0].data["metadata"]["timings"]["first_token_ms"] is not None


async def test_a_cancelled_turn_reports_the_usage_counted_so_far(
    live: tuple[FastAPI, str],
) -> None:
    app, url = live
    app.state.chat.model = ScriptedChatModel(tokens=500, token_delay_s=0.01)
    async with (
        httpx.AsyncClient(base_url=url, timeout=10) as client,
        client.stream("POST", "/api/chat/stream", json={"message": "hello there"}) as response,
    ):
        run_id = response.headers["x-run-id"]
        text, cancelled = "", False
        async for line in response.aiter_lines():
            text += line + "\n"
            if not cancelled and text.count('"type": "content"') == 5:
                cancel = await client.post(f"/api/chat/runs/{run_id}/cancel")
                assert cancel.status_code == 204
                cancelled = True
        frames = parse_frames(text)
    metadata = done_metadata(frames)
    assert metadata["status"] == "cancelled"
    assert metadata["stop_cause"] == "requested", "a cancel asked for is told from a client gone"
    streamed = len(answer_text(frames).split())
    assert metadata["usage"]["output_tokens"] == streamed >= 5, "what the model wrote is counted"
    async with app.state.sessions() as session:
        run = await session.get(Run, uuid.UUID(run_id))
    assert run is not None and run.output_tokens == streamed, "the tenant's usage counts it"
    assert run.error == CANCEL_REQUESTED.reason


async def test_a_turn_the_worker_stopped_for_shutdown_says_so(
    live: tuple[FastAPI, str],
) -> None:
    app, url = live
    app.state.chat.model = ScriptedChatModel(tokens=500, token_delay_s=0.01)
    async with (
        httpx.AsyncClient(base_url=url, timeout=10) as client,
        client.stream("POST", "/api/chat/stream", json={"message": "hello there"}) as response,
    ):
        run_id = uuid.UUID(response.headers["x-run-id"])
        text = ""
        async for line in response.aiter_lines():
            text += line + "\n"
            if text.count('"type": "content"') == 5:
                # The worker is told to stop, leaving the turn no time to finish.
                app.state.manager.drain(0)
        frames = parse_frames(text)
    metadata = done_metadata(frames)
    assert metadata["status"] == "failed" and metadata["stop_cause"] == "shutdown"
    async with app.state.sessions() as session:
        run = await session.get(Run, run_id)
        answer = (
            await session.execute(
                select(Message).where(Message.run_id == run_id, Message.role == "assistant")
            )
        ).scalar_one()
    assert run is not None and run.error == SHUTDOWN.reason
    # A reader who comes back is told why it failed, not only that it did.
    assert answer.details["stop_cause"] == "shutdown"
    assert answer.details["error"] == SHUTDOWN.reason


async def _replay(url: str, run_id: uuid.UUID) -> list[Frame]:
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        return parse_frames((await client.get(f"/api/chat/runs/{run_id}/stream")).text)


async def test_idle_stream_receives_heartbeats(settings: Settings) -> None:
    application = create_app(settings.model_copy(update={"sse_ping_s": 0.05}))
    async with serve(application) as url:
        application.state.chat.model = ScriptedChatModel(tokens=3, token_delay_s=0.3)
        async with httpx.AsyncClient(base_url=url, timeout=10) as client:
            response = await client.post("/api/chat/stream", json={"message": "hello"})
    assert ": ping" in response.text
    assert answer_text(parse_frames(response.text)) == "token0 token1 token2"


class ExplodingModel(ScriptedChatModel):
    """Fails in the middle of its answer, with internal details in the exception."""

    async def astream_pieces(self, *args: Any, **kwargs: Any) -> AsyncIterator[list[str]]:
        yield ["The answer", " starts"]
        raise RuntimeError("upstream exploded at /srv/secret/path.py line 12")


async def _ask(client: httpx.AsyncClient) -> tuple[str, list[Frame], dict[str, Any]]:
    """Ask a question: the stream's text, its frames, and the answer as stored."""
    response = await client.post("/api/chat/stream", json={"message": "hello"})
    frames = parse_frames(response.text)
    conversation_id = done_metadata(frames)["conversation_id"]
    detail = (await client.get(f"/api/conversations/{conversation_id}")).json()
    return response.text, frames, detail["messages"][-1]


async def test_model_failure_becomes_an_error_frame_then_done(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    app.state.chat.model = ExplodingModel()
    _, frames, stored = await _ask(client)
    errors = [f.data for f in frames if f.data.get("type") == "error"]
    assert len(errors) == 1 and "secret" not in errors[0]["token"]
    assert done_metadata(frames)["status"] == "failed"
    assert stored["content"] == "The answer starts", "what was said is kept"
    assert done_metadata(frames)["usage"]["output_tokens"] == 3
    assert stored["status"] == "failed"


async def test_failed_turn_reports_the_route_and_sources_it_got_to(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    app.state.chat.model = ExplodingModel()
    response = await client.post(
        "/api/chat/stream", json={"message": "How many technicians are active?"}
    )
    metadata = done_metadata(parse_frames(response.text))
    assert metadata["status"] == "failed"
    assert metadata["route"] == "sql"
    assert [source["type"] for source in metadata["sources"]] == ["sql"]
    async with app.state.sessions() as session:
        run = await session.get(Run, uuid.UUID(metadata["run_id"]))
    assert run is not None and run.error == "The assistant failed while answering."


class HalvesModel(ScriptedChatModel):
    """Streams an emoji's UTF-16 halves as two pieces, and one half without its pair."""

    async def astream_pieces(self, *args: Any, **kwargs: Any) -> AsyncIterator[list[str]]:
        yield ["Rocket ", "\ud83d"]
        yield ["\ude80", " and a lone \udc00 half"]


async def test_an_answer_with_surrogate_halves_streams_and_is_kept(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    app.state.chat.model = HalvesModel()
    text, frames, stored = await _ask(client)
    # Each half is sent as its JSON escape: a browser's JSON.parse pairs them again.
    assert "\\ud83d" in text and "\\udc00" in text
    assert answer_text(frames) == "Rocket \ud83d\ude80 and a lone \udc00 half"
    assert done_metadata(frames)["status"] == "completed"
    assert stored["content"] == "Rocket 🚀 and a lone \ufffd half"


async def test_reconnect_replays_exactly_the_missed_frames(client: httpx.AsyncClient) -> None:
    frames = parse_frames(
        (
            await client.post(
                "/api/chat/stream", json={"message": "How many technicians are active?"}
            )
        ).text
    )
    run_id = done_metadata(frames)["run_id"]
    seen = len(frames) // 2
    replay = parse_frames(
        (
            await client.get(
                f"/api/chat/runs/{run_id}/stream", headers={"Last-Event-ID": str(seen)}
            )
        ).text
    )
    assert [(f.id, f.data) for f in replay] == [(f.id, f.data) for f in frames[seen:]]


class TestAfterRetention:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"run_retention_s": 0})

    async def test_old_run_replays_its_stored_facts(self, client: httpx.AsyncClient) -> None:
        frames = parse_frames(
            (
                await client.post(
                    "/api/chat/stream", json={"message": "How many technicians are active?"}
                )
            ).text
        )
        run_id = done_metadata(frames)["run_id"]
        await asyncio.sleep(0.05)  # let the broker drop the finished run
        replay = parse_frames((await client.get(f"/api/chat/runs/{run_id}/stream")).text)
        facts = [f for f in frames if f.data.get("type") == "tool_call" or "done" in f.data]
        assert [(f.id, f.data) for f in replay] == [(f.id, f.data) for f in facts]


async def test_other_tenant_cannot_replay_a_run(app: FastAPI, client: httpx.AsyncClient) -> None:
    from agentstream.tenancy.service import create_tenant

    frames = parse_frames((await client.post("/api/chat/stream", json={"message": "hi"})).text)
    run_id = done_metadata(frames)["run_id"]
    async with app.state.sessions() as session, session.begin():
        creds = await create_tenant(session, "intruder")
    response = await client.get(
        f"/api/chat/runs/{run_id}/stream", headers={"Authorization": f"Bearer {creds.api_key}"}
    )
    assert response.status_code == 404


async def test_provider_error_is_reported_in_the_error_frame(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    app.state.chat.model = FailingServerModel()
    frames = parse_frames((await client.post("/api/chat/stream", json={"message": "hi"})).text)
    (error,) = [f.data["token"] for f in frames if f.data.get("type") == "error"]
    assert error == "The model server at http://127.0.0.1:9/v1 answered 500: overloaded"
    assert done_metadata(frames)["status"] == "failed"
