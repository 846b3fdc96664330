"""A capable model plans with tool calls; its SQL is guarded and repaired; weak models fall back."""

from collections.abc import Sequence
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from agentstream.llm.offline import OfflineChatModel
from agentstream.settings import Settings
from tests.sse import answer_text, done_metadata, parse_frames

ACTIVE_SQL = "SELECT count(*) AS active FROM technicians WHERE status = 'active'"


def query(sql: str) -> dict[str, Any]:
    return {"name": "QueryDatabase", "args": {"sql": sql}, "id": "call-sql"}


def search(text: str) -> dict[str, Any]:
    return {"name": "SearchDocuments", "args": {"query": text}, "id": "call-doc"}


class ToolCallingModel(OfflineChatModel):
    """Answers planning calls (with tools bound) from a script; otherwise states the draft."""

    plans: list[list[dict[str, Any]]] = []
    planning_calls: int = 0

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> Any:
        return self.bind(tools=[getattr(t, "__name__", str(t)) for t in tools])

    async def _agenerate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> ChatResult:
        if "tools" not in kw:
            return await super()._agenerate(messages, stop, run_manager, **kw)
        self.planning_calls += 1
        calls = self.plans.pop(0) if self.plans else []
        return ChatResult(generations=[ChatGeneration(message=AIMessage("", tool_calls=calls))])


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"llm_tool_planning": "on"})


async def _ask(app: FastAPI, client: httpx.AsyncClient, model: ToolCallingModel, question: str):
    app.state.chat.model = model
    response = await client.post("/api/chat/stream", json={"message": question})
    frames = parse_frames(response.text)
    return frames, done_metadata(frames), answer_text(frames)


def _tool_calls(frames: list[Any]) -> list[dict[str, Any]]:
    return [f.data for f in frames if f.data.get("type") == "tool_call"]


async def test_model_written_sql_runs_through_the_guard(app: FastAPI, client: httpx.AsyncClient):
    model = ToolCallingModel(plans=[[query(ACTIVE_SQL)]])
    frames, metadata, answer = await _ask(app, client, model, "How many techs are working?")
    assert metadata["route"] == "sql"
    (call,) = _tool_calls(frames)
    assert "technicians" in call["detail"]["sql"] and "LIMIT" in call["detail"]["sql"]
    assert answer == "The query returned 1 row: active=10."


async def test_refused_sql_is_sent_back_and_repaired(app: FastAPI, client: httpx.AsyncClient):
    model = ToolCallingModel(plans=[[query("DROP TABLE technicians")], [query(ACTIVE_SQL)]])
    frames, _, answer = await _ask(app, client, model, "How many techs are working?")
    failed, succeeded = _tool_calls(frames)
    assert "error" in failed["detail"] and "error" not in succeeded["detail"]
    assert model.planning_calls == 2
    assert answer == "The query returned 1 row: active=10."


async def test_sql_that_stays_wrong_falls_back_to_the_vetted_query(
    app: FastAPI, client: httpx.AsyncClient
):
    bad = [[query("DELETE FROM technicians")] for _ in range(3)]
    model = ToolCallingModel(plans=bad)
    frames, _, answer = await _ask(app, client, model, "How many technicians are active?")
    assert model.planning_calls == 3, "one plan and two repairs, no more"
    assert len([c for c in _tool_calls(frames) if "error" in c["detail"]]) == 3
    assert "10 active technicians" in answer


async def test_model_may_choose_the_documents(app: FastAPI, client: httpx.AsyncClient):
    model = ToolCallingModel(plans=[[search("overtime pay rates")]])
    _, metadata, _ = await _ask(app, client, model, "What do we pay for extra hours?")
    assert metadata["route"] == "rag"
    assert metadata["sources"][0]["id"] == "overtime"


async def test_no_tool_call_leaves_the_decision_to_the_deterministic_planner(
    app: FastAPI, client: httpx.AsyncClient
):
    model = ToolCallingModel(plans=[[]])
    _, metadata, answer = await _ask(app, client, model, "How many technicians are active?")
    assert metadata["route"] == "sql" and "10 active technicians" in answer


class TestPlanningOff:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"llm_tool_planning": "off"})

    async def test_the_model_is_not_asked_to_plan(self, app: FastAPI, client: httpx.AsyncClient):
        model = ToolCallingModel(plans=[[query("DROP TABLE technicians")]])
        _, _, answer = await _ask(app, client, model, "How many technicians are active?")
        assert model.planning_calls == 0
        assert "10 active technicians" in answer


def test_tool_planning_is_automatic_for_the_openai_provider() -> None:
    assert Settings(llm_provider="openai", llm_model="m", _env_file=None).tool_planning  # type: ignore[call-arg]
    assert not Settings(llm_provider="local", _env_file=None).tool_planning  # type: ignore[call-arg]
    assert not Settings(_env_file=None).tool_planning  # type: ignore[call-arg]
