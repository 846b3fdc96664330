"""The agent loop behind a real server that returns OpenAI-format tool calls: llama-cpp-python's
server with its `chatml-function-calling` format and the bundled Gemma 3 270M.

That format offers the model the tools only when the request names a `tool_choice`, and it
streams a tool call only when the choice names the tool ("auto" with `stream` ends the stream
without a reply once the model picks a function). A deployment sends no `tool_choice`, so the
probe finds the server does not call tools; a test model that names a tool drives the loop with
the real tool calls the server streams, and whatever a 270M model writes into them.
"""

from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import httpx
from asgi_lifespan import LifespanManager
from langchain_core.callbacks import AsyncCallbackManagerForLLMRun
from langchain_core.language_models import LanguageModelInput
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.messages.tool import tool_call_chunk
from langchain_core.outputs import ChatGenerationChunk
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import PrivateAttr

from agentstream.app import create_app
from agentstream.deliberation.position import UNREAD
from agentstream.llm.factory import create_chat_model
from agentstream.llm.health import check_tool_calling
from agentstream.llm.openai_compat import OpenAICompatChatModel
from agentstream.settings import DEMO_TENANT_ID, Settings
from tests.llm.server import ModelServer, service_settings, tool_calling_server
from tests.sse import Frame, answer_text, done_metadata, of_type, parse_frames

__all__ = ["tool_calling_server"]

QUESTION = "How many technicians are active?"
M = TypeVar("M", bound="FirstToolModel")
UNREADABLE_ARGUMENTS = "{sql: SELECT count(*) FROM technicians}"


class FirstToolModel(OpenAICompatChatModel):
    """The `openai` provider, naming the first tool it is offered as the `tool_choice`."""

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        first = convert_to_openai_tool(tools[0])["function"]["name"]
        choice = {"type": "function", "function": {"name": first}}
        return super().bind_tools(tools, **kwargs).bind(tool_choice=choice)


class UnreadableFirstCallModel(FirstToolModel):
    """Its first call of `query_database` has arguments that are not JSON; the server writes
    every later reply (and answers the tool-calling probe)."""

    _written_first: bool = PrivateAttr(default=False)

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        offered = [tool["function"]["name"] for tool in kwargs.get("tools", [])]
        if "query_database" in offered and not self._written_first:
            self._written_first = True
            call = tool_call_chunk(
                name="query_database", args=UNREADABLE_ARGUMENTS, id="call-unreadable", index=0
            )
            yield ChatGenerationChunk(message=AIMessageChunk("", tool_call_chunks=[call]))
            return
        async for chunk in super()._astream(messages, stop, run_manager, **kwargs):
            yield chunk


def _first_tool_model(settings: Settings, kind: type[M]) -> M:
    model = create_chat_model(settings)
    assert isinstance(model, OpenAICompatChatModel)
    return kind(**{name: getattr(model, name) for name in ("chat_options", "server", "model")})


async def _ask(settings: Settings, model: FirstToolModel) -> list[Frame]:
    app = create_app(settings)
    async with LifespanManager(app, startup_timeout=120):
        app.state.chat.model = model
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.post("/api/chat/stream", json={"message": QUESTION})
    return parse_frames(response.text)


async def test_without_a_tool_choice_the_probe_finds_no_tool_calling(
    tool_calling_server: ModelServer, tmp_path: Path, demo_database: Path
) -> None:
    model = create_chat_model(service_settings(tool_calling_server, tmp_path, demo_database))
    status = await check_tool_calling(model, timeout_s=600)
    assert status.error == (
        f"The model {tool_calling_server.model} at {tool_calling_server.base_url} did not call "
        "a tool when asked to"
    )


async def test_the_loop_runs_the_servers_tool_calls_and_ends_honestly(
    tool_calling_server: ModelServer, tmp_path: Path, demo_database: Path
) -> None:
    settings = service_settings(
        tool_calling_server, tmp_path, demo_database, agent_max_steps=2, agent_time_budget_s=1800
    ).model_copy(update={"llm_timeout_s": 900.0, "llm_max_tokens": 48})
    model = _first_tool_model(settings, FirstToolModel)
    status = await check_tool_calling(model, timeout_s=900)
    assert status.ok, status.error
    frames = await _ask(settings, model)
    calls = of_type(frames, "tool_call")
    assert calls, "the server's first tool call ran"
    for call in calls:
        assert call["tool"] == "sql"
        detail = call["detail"]
        if "arguments" in detail:
            # A call the model did not finish (cut at llm_max_tokens) is refused as written.
            assert detail["error"] == "the arguments are not a JSON object"
            assert detail["arguments"].strip()
            continue
        # The SQL the model wrote, and what came of it: rows, or the error it was shown.
        assert detail["sql"].strip() and ("error" in detail or "row_count" in detail)
    # The model only calls tools, so the turn ends at the step bound: an error, no answer.
    assert [error["token"] for error in of_type(frames, "error")] == [
        "The model was still calling tools after 2 steps, the most a turn may take "
        "(AGENTSTREAM_AGENT_MAX_STEPS)."
    ]
    assert answer_text(frames) == ""
    metadata = done_metadata(frames)
    assert metadata["status"] == "failed"
    ran = [call["detail"]["sql"] for call in calls if "error" not in call["detail"]]
    assert [source["sql"] for source in metadata["sources"]] == ran
    assert metadata["usage"]["input_tokens"] > 0 and metadata["usage"]["output_tokens"] > 0


async def test_the_server_reads_a_refused_unreadable_call_and_calls_again(
    tool_calling_server: ModelServer, tmp_path: Path, demo_database: Path
) -> None:
    settings = service_settings(
        tool_calling_server, tmp_path, demo_database, agent_max_steps=2, agent_time_budget_s=1800
    ).model_copy(update={"llm_timeout_s": 900.0, "llm_max_tokens": 48})
    frames = await _ask(settings, _first_tool_model(settings, UnreadableFirstCallModel))
    refused, *called = of_type(frames, "tool_call")
    assert refused["detail"] == {
        "arguments": UNREADABLE_ARGUMENTS,
        "error": "the arguments are not a JSON object",
    }
    # The call as written and its refusal went to the server, which took the conversation and
    # called the tool again (its second step, the bound): no provider error.
    assert [error["token"] for error in of_type(frames, "error")] == [
        "The model was still calling tools after 2 steps, the most a turn may take "
        "(AGENTSTREAM_AGENT_MAX_STEPS)."
    ]
    assert called == [], "the bound's step is not run"


async def test_a_panel_whose_server_refuses_json_schema_falls_back_to_position_lines(
    tool_calling_server: ModelServer, tmp_path: Path, demo_database: Path
) -> None:
    settings = service_settings(tool_calling_server, tmp_path, demo_database, agent_mode="tools")
    headers = {"X-Tenant-ID": str(DEMO_TENANT_ID)}
    body = {
        "query": "Should we skip clinical data for our 510(k)?",
        "panel_type": "structured",
        "agent_ids": ["fda_expert", "clinical_expert"],
        "configuration": {"max_rounds": 1},
    }
    app = create_app(settings)
    async with LifespanManager(app, startup_timeout=120):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", timeout=1800
        ) as client:
            created = await client.post("/api/v1/panels", json=body, headers=headers)
            assert created.status_code == 201, created.text
            panel_id = created.json()["panel_id"]
            stream = await client.get(f"/api/v1/panels/{panel_id}/stream", headers=headers)
            panel = (await client.get(f"/api/v1/panels/{panel_id}", headers=headers)).json()
    frames = parse_frames(stream.text)
    # This server's model calls no tool when asked to, so the panel asks for positions in a
    # JSON-schema response; llama-cpp-python's server answers that with a 500, and the panel
    # goes on with POSITION lines: it completes, each turn with a position read from its line
    # or, unreadable after a second ask, an abstention saying so (never a failed panel).
    assert "error" not in [frame.event for frame in frames]
    assert frames[0].event == "panel_started"
    assert panel["status"] == "completed"
    messages = panel["rounds"][0]["messages"]
    # the experts of one wave speak concurrently: the transcript keeps the order they ended in
    assert sorted(m["agent_id"] for m in messages) == ["clinical_expert", "fda_expert"]
    for message in messages:
        position = message["position"]
        assert position is not None
        assert not position["abstain"] or position["reason"] == UNREAD
