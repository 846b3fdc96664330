"""Chat behind a real OpenAI-compatible server whose model cannot call tools (llama-cpp-python's
server with the bundled Gemma 3 270M): what each agent mode does, as the README says."""

from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager

from agentstream.app import create_app
from agentstream.llm.factory import create_chat_model
from agentstream.llm.health import check_tool_calling
from agentstream.settings import Settings
from tests.llm.server import ModelServer, model_server, service_settings
from tests.sse import Frame, answer_text, done_metadata, of_type, parse_frames

__all__ = ["model_server"]  # the session fixture, imported for pytest

QUESTION = "How many technicians are active?"


async def _frames(settings: Settings) -> list[Frame]:
    app = create_app(settings)
    async with LifespanManager(app, startup_timeout=120):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.post("/api/chat/stream", json={"message": QUESTION})
    return parse_frames(response.text)


async def test_the_probe_finds_that_the_model_does_not_call_tools(
    model_server: ModelServer, tmp_path: Path, demo_database: Path
) -> None:
    model = create_chat_model(service_settings(model_server, tmp_path, demo_database))
    status = await check_tool_calling(model, timeout_s=60)
    assert not status.ok
    assert status.error == (
        f"The model {model_server.model} at {model_server.base_url} did not call a tool when "
        "asked to"
    )


async def test_tools_mode_ends_the_turn_with_a_clear_error(
    model_server: ModelServer, tmp_path: Path, demo_database: Path
) -> None:
    settings = service_settings(model_server, tmp_path, demo_database)
    assert settings.agent_uses_tools, "auto means tools for the openai provider"
    frames = await _frames(settings)
    assert [error["token"] for error in of_type(frames, "error")] == [
        f"The model {model_server.model} at {model_server.base_url} did not call a tool when "
        "asked to, so it cannot run the agent loop (AGENTSTREAM_AGENT_MODE=tools). Use a model "
        "that calls tools, or set AGENTSTREAM_AGENT_MODE=grounded."
    ]
    assert answer_text(frames) == "" and not of_type(frames, "tool_call")
    assert done_metadata(frames)["status"] == "failed"
    assert model_server.api_key not in str([f.data for f in frames])


async def test_grounded_mode_phrases_the_checked_answer(
    model_server: ModelServer, tmp_path: Path, demo_database: Path
) -> None:
    settings = service_settings(model_server, tmp_path, demo_database, agent_mode="grounded")
    assert not settings.agent_uses_tools
    frames = await _frames(settings)
    metadata = done_metadata(frames)
    assert metadata["status"] == "completed" and metadata["route"] == "sql"
    # The deterministic engine ran its vetted query; the model phrased the answer.
    (tool_call,) = of_type(frames, "tool_call")
    assert tool_call["tool"] == "sql" and "error" not in tool_call["detail"]
    assert answer_text(frames).strip()
    assert not of_type(frames, "error")
