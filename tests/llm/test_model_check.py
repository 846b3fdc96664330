"""The model server is checked after start-up, not during it: a slow or stopped server does not
hold the service, and whoever needs to know whether the model calls tools meanwhile waits for
the one request asking it."""

import asyncio
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager

from agentstream.app import create_app
from agentstream.llm.openai_compat import OpenAICompatChatModel, create_openai_model
from agentstream.settings import Settings
from tests.llm.held_server import HeldModelServer


def _settings(server: HeldModelServer, data_dir: Path) -> Settings:
    return Settings(  # type: ignore[call-arg]
        data_dir=data_dir,
        llm_provider="openai",
        llm_model="held",
        llm_base_url=server.base_url,
        llm_max_retries=0,
        demo_tenant=False,
        secret_key="stream-token-secret-of-32-characters",  # required outside development mode
        _env_file=None,
    )


def _model(server: HeldModelServer, data_dir: Path) -> OpenAICompatChatModel:
    model = create_openai_model(_settings(server, data_dir))
    assert isinstance(model, OpenAICompatChatModel)
    return model


async def test_start_up_does_not_wait_for_the_model_server(tmp_path: Path) -> None:
    async with HeldModelServer() as server:
        app = create_app(_settings(server, tmp_path))
        async with LifespanManager(app, startup_timeout=60):
            await server.received.wait()
            check = app.state.model_check
            assert check.status is None, "the model has not answered: unknown"
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                assert (await client.get("/health")).status_code == 200
            server.release.set()
            status = await check.wait()
    assert status.ok and status.error is None
    assert server.requests == 2, "whether it answers, then whether it calls a tool"


async def test_shutdown_stops_a_check_still_waiting_for_the_server(tmp_path: Path) -> None:
    async with HeldModelServer() as server:
        app = create_app(_settings(server, tmp_path))
        async with LifespanManager(app, startup_timeout=60, shutdown_timeout=60):
            await server.received.wait()
        assert app.state.model_check.status is None
        assert server.requests == 1


async def test_who_asks_while_the_probe_runs_waits_for_it(tmp_path: Path) -> None:
    async with HeldModelServer() as server:
        model = _model(server, tmp_path)
        first = asyncio.create_task(model.tool_calling_problem())
        await server.received.wait()
        second = asyncio.create_task(model.tool_calling_problem())
        await asyncio.sleep(0)  # the second asks while the first request is held
        server.release.set()
        assert await asyncio.gather(first, second) == [None, None]
    assert server.requests == 1


async def test_one_who_stops_waiting_leaves_the_probe_to_the_others(tmp_path: Path) -> None:
    async with HeldModelServer() as server:
        model = _model(server, tmp_path)
        first = asyncio.create_task(model.tool_calling_problem())
        await server.received.wait()
        second = asyncio.create_task(model.tool_calling_problem())
        await asyncio.sleep(0)
        first.cancel()  # a turn cancelled while it waited
        server.release.set()
        assert await second is None
        assert first.cancelled()
    assert server.requests == 1


async def test_a_provider_without_tool_calling_in_tools_mode_is_reported_at_start_up(
    settings: Settings,
) -> None:
    app = create_app(settings.model_copy(update={"agent_mode": "tools"}))
    async with LifespanManager(app, startup_timeout=60):
        status = await app.state.model_check.wait()
    assert not status.ok
    assert status.error == "The offline model provider cannot call tools"
