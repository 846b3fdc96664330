"""The agent loop behind a capable model: the model chooses tools, sees every result, repairs
its SQL and writes the answer, within a step bound and a time budget."""

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.outputs import ChatGenerationChunk
from pydantic import PrivateAttr
from sqlalchemy import select

from agentstream.agents.agent_prompt import INSTRUCTIONS
from agentstream.agents.sql.tool import SqliteReadOnlySource
from agentstream.chat.models import Message
from agentstream.chat.schemas import ChatRequest
from agentstream.demo.fieldservice.generator import REFERENCE_DATE
from agentstream.llm.offline import OfflineChatModel
from agentstream.llm.scripted import ScriptedToolCallingModel
from agentstream.llm.tokens import split_tokens
from agentstream.runs.models import Run
from agentstream.settings import DEMO_TENANT_ID, Settings
from agentstream.tenancy.repository import TenantRepository
from tests.agents.replies import ACTIVE_SQL, QUESTION, search_call, sql_call, unreadable_call
from tests.sse import Frame, answer_text, done_metadata, of_type, parse_frames


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"agent_mode": "tools"})


async def ask(
    app: FastAPI, client: httpx.AsyncClient, model: Any, question: str = QUESTION, **body: Any
) -> list[Frame]:
    app.state.chat.model = model
    response = await client.post("/api/chat/stream", json={"message": question, **body})
    assert response.status_code == 200
    return parse_frames(response.text)


def tool_calls(frames: list[Frame]) -> list[dict[str, Any]]:
    return of_type(frames, "tool_call")


def errors(frames: list[Frame]) -> list[str]:
    return [error["token"] for error in of_type(frames, "error")]


def kinds(messages: list[BaseMessage]) -> list[str]:
    return [message.type for message in messages]


async def test_the_model_gets_the_tool_schemas_the_schema_of_the_database_and_the_question(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    model = ScriptedToolCallingModel(replies=[AIMessage("Hello.")])
    await ask(app, client, model)
    (call,) = model.calls
    assert [tool["function"]["name"] for tool in call.tools] == [
        "query_database",
        "search_documents",
    ]
    assert call.tools[0]["function"]["parameters"] == {
        "properties": {
            "sql": {
                "description": "One SELECT statement over the tables described.",
                "type": "string",
            }
        },
        "required": ["sql"],
        "type": "object",
    }
    system, question = call.messages
    assert isinstance(system, SystemMessage) and isinstance(question, HumanMessage)
    assert question.content == QUESTION
    prompt = system.text
    assert prompt.startswith(INSTRUCTIONS.format(today=REFERENCE_DATE.isoformat()))
    # The schema read from the tenant's database: types, keys and low-cardinality values.
    assert "The business database (SQLite SQL), its tables and columns:" in prompt
    assert (
        "technicians: id INTEGER primary key; name VARCHAR(100) not null; email VARCHAR(200) "
        "not null; region VARCHAR(20) not null values: Central, East, North, South, West; "
        "status VARCHAR(20) not null values: active, inactive, on_leave; hire_date DATE not "
        "null; hourly_rate NUMERIC(8, 2) not null"
    ) in prompt.splitlines()
    assert "work_orders: id INTEGER primary key; customer_id INTEGER → customers.id not null;" in (
        prompt
    )
    assert prompt.endswith(
        "The documents you can search: Customer Escalation Policy; Leave Policy; Overtime "
        "Policy; Safety Procedures; Service Level Agreement; Vehicles and Equipment Policy."
    )


async def test_the_model_sees_each_result_and_writes_the_answer(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    answer = "There are 10 active technicians, according to the database."
    model = ScriptedToolCallingModel(replies=[sql_call(ACTIVE_SQL), AIMessage(answer)])
    frames = await ask(app, client, model)
    first, second = model.calls
    assert kinds(second.messages) == ["system", "human", "ai", "tool"]
    assert second.messages[:2] == first.messages
    assert second.messages[2].tool_calls == model.replies[0].tool_calls  # type: ignore[attr-defined]
    result = second.messages[3]
    assert isinstance(result, ToolMessage) and result.tool_call_id == "call-sql"
    assert result.content == "1 row:\nactive\n10"
    (call,) = tool_calls(frames)
    assert call["tool"] == "sql" and call["detail"]["row_count"] == 1
    assert call["detail"]["sql"] == ACTIVE_SQL, "the model's SQL, without the guard's cap"
    assert call["detail"]["row_limit"] == 200
    metadata = done_metadata(frames)
    assert metadata["route"] == "sql" and metadata["status"] == "completed"
    assert metadata["sources"] == [call["detail"]]
    assert answer_text(frames) == answer


async def test_a_refused_statement_is_shown_to_the_model_which_corrects_it(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    model = ScriptedToolCallingModel(
        replies=[
            sql_call("DELETE FROM technicians", "call-1"),
            sql_call("SELECT count(*) AS n FROM technician", "call-2"),
            sql_call(ACTIVE_SQL, "call-3"),
            AIMessage("10 technicians are active."),
        ]
    )
    frames = await ask(app, client, model)
    refused, failed, succeeded = tool_calls(frames)
    assert refused["detail"] == {
        "sql": "DELETE FROM technicians",
        "error": "only a single SELECT query is allowed",
    }
    assert (
        refused["token"]
        == "The SQL was refused by the SQL guard: only a single SELECT query is allowed"
    )
    assert "technician" in failed["detail"]["error"] and "error" not in succeeded["detail"]
    results = [m for m in model.calls[3].messages if isinstance(m, ToolMessage)]
    assert [m.text for m in results[:1]] == [
        "Error: the query was refused by the SQL guard: only a single SELECT query is allowed. "
        "Correct the SQL and call query_database again, or answer with what you know."
    ]
    assert results[1].text.startswith("Error: the query ")
    assert results[2].text == "1 row:\nactive\n10"
    metadata = done_metadata(frames)
    assert [source["type"] for source in metadata["sources"]] == ["sql"], "only what ran"
    assert answer_text(frames) == "10 technicians are active."


async def test_documents_are_searched_and_cited_with_ids_titles_and_sections(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    answer = "Overtime is paid at 1.5 times the base rate [Overtime Policy § Overtime rates]."
    model = ScriptedToolCallingModel(replies=[search_call("overtime pay rate"), AIMessage(answer)])
    frames = await ask(app, client, model, "What do we pay for extra hours?")
    (call,) = tool_calls(frames)
    assert call["tool"] == "rag" and call["detail"]["query"] == "overtime pay rate"
    documents = call["detail"]["documents"]
    assert call["detail"]["passage_count"] == len(documents) == 3
    assert {document["id"] for document in documents} == {"overtime"}
    best = documents[0]
    result = model.calls[1].messages[-1]
    assert result.text.startswith(
        f"3 passages:\n\n[{best['chunk_id']}] Overtime Policy § {best['section']}\n"
    )
    metadata = done_metadata(frames)
    assert metadata["route"] == "rag" and metadata["sources"] == documents
    assert answer_text(frames) == answer


async def test_history_goes_to_the_model_as_messages_and_no_draft_does(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    first = ScriptedToolCallingModel(replies=[sql_call(ACTIVE_SQL), AIMessage("There are 10.")])
    frames = await ask(app, client, first, "How many technicians are active?")
    conversation_id = done_metadata(frames)["conversation_id"]
    second = ScriptedToolCallingModel(replies=[AIMessage("Ten, as I said.")])
    await ask(app, client, second, "Sorry, how many?", conversation_id=conversation_id)
    (call,) = second.calls
    assert kinds(call.messages) == ["system", "human", "ai", "human"]
    assert [m.text for m in call.messages[1:]] == [
        "How many technicians are active?",
        "There are 10.",
        "Sorry, how many?",
    ]
    for message in (*first.calls[-1].messages, *call.messages):
        assert not message.additional_kwargs, "no grounded draft rides along"
        assert "Draft answer" not in message.text


class TestHistoryBudget:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"agent_history_tokens": 40})

    async def test_history_is_trimmed_to_the_token_budget(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        long_answer = "word " * 100
        first = ScriptedToolCallingModel(replies=[AIMessage(long_answer)])
        frames = await ask(app, client, first, "Tell me everything.")
        conversation_id = done_metadata(frames)["conversation_id"]
        second = ScriptedToolCallingModel(replies=[AIMessage("Short.")])
        await ask(app, client, second, "And briefly?", conversation_id=conversation_id)
        assert kinds(second.calls[0].messages) == ["system", "human"], "the history did not fit"


async def test_the_streamed_answer_is_exactly_the_models_text(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    text = "  Ten   technicians — «actifs» ✓\n\n- one\n- two  "
    model = ScriptedToolCallingModel(replies=[AIMessage(text)])
    frames = await ask(app, client, model)
    assert answer_text(frames) == text
    assert len([f for f in frames if f.data.get("type") == "content"]) > 5, "token by token"
    async with app.state.sessions() as session:
        stored = (
            await session.execute(select(Message).where(Message.role == "assistant"))
        ).scalar_one()
    assert stored.content == text


async def test_usage_counts_every_step(app: FastAPI, client: httpx.AsyncClient) -> None:
    model = ScriptedToolCallingModel(
        replies=[sql_call(ACTIVE_SQL), search_call("overtime"), AIMessage("Done.")]
    )
    frames = await ask(app, client, model)
    usage = done_metadata(frames)["usage"]
    prompts = [sum(len(m.text.split()) for m in call.messages) for call in model.calls]
    assert usage["input_tokens"] == sum(prompts)
    assert usage["output_tokens"] == 1 + 1 + 1, "a tool call each, then one word"
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]


async def test_an_unknown_tool_is_reported_to_the_model(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    wrong = AIMessage("", tool_calls=[{"name": "drop_tables", "args": {}, "id": "call-x"}])
    model = ScriptedToolCallingModel(replies=[wrong, AIMessage("I cannot do that.")])
    frames = await ask(app, client, model)
    result = model.calls[1].messages[-1]
    assert isinstance(result, ToolMessage) and "drop_tables is not a valid tool" in result.text
    assert answer_text(frames) == "I cannot do that."


SQL_ARGUMENTS = (
    'It takes a JSON object with "sql" (string, required): One SELECT statement over the tables '
    "described. Call query_database again with such arguments."
)


async def test_arguments_that_are_not_json_are_explained_to_the_model_which_calls_again(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    answer = "10 technicians are active."
    model = ScriptedToolCallingModel(
        replies=[unreadable_call("{sql: SELECT 1}"), sql_call(ACTIVE_SQL), AIMessage(answer)]
    )
    frames = await ask(app, client, model)
    assert len(model.calls) == 3
    sent = model.calls[1].messages
    assert kinds(sent) == ["system", "human", "ai", "tool"]
    assert sent[2].invalid_tool_calls[0]["args"] == "{sql: SELECT 1}", "its call, as written"  # type: ignore[attr-defined]
    result = sent[3]
    assert isinstance(result, ToolMessage) and result.tool_call_id == "call-bad"
    assert result.status == "error"
    assert result.text == (
        "Error: query_database was not run: the arguments are not a JSON object. " + SQL_ARGUMENTS
    )
    refused, ran = tool_calls(frames)
    assert refused["tool"] == "sql" and refused["detail"] == {
        "arguments": "{sql: SELECT 1}",
        "error": "the arguments are not a JSON object",
    }
    assert ran["detail"]["sql"] == ACTIVE_SQL and "error" not in ran["detail"]
    metadata = done_metadata(frames)
    assert metadata["status"] == "completed" and [s["sql"] for s in metadata["sources"]] == [
        ACTIVE_SQL
    ]
    assert metadata["usage"]["output_tokens"] == 1 + 1 + len(split_tokens(answer)), "each step"
    assert answer_text(frames) == answer


@pytest.mark.parametrize(
    "arguments",
    [
        '{"sql": "SELECT count(*) AS n FROM technicians',  # cut off: the model ran out of tokens
        "{sql: SELECT 1",
    ],
)
async def test_a_call_the_model_did_not_finish_is_not_run(
    app: FastAPI, client: httpx.AsyncClient, arguments: str
) -> None:
    model = ScriptedToolCallingModel(
        replies=[unreadable_call(arguments), sql_call(ACTIVE_SQL), AIMessage("10 are active.")]
    )
    frames = await ask(app, client, model)
    sent = model.calls[1].messages
    assert sent[2].invalid_tool_calls[0]["args"] == arguments, "its call, as written"  # type: ignore[attr-defined]
    assert sent[3].text == (
        "Error: query_database was not run: the arguments are not a JSON object. " + SQL_ARGUMENTS
    )
    refused, ran = tool_calls(frames)
    assert refused["detail"] == {
        "arguments": arguments,
        "error": "the arguments are not a JSON object",
    }
    assert ran["detail"]["sql"] == ACTIVE_SQL
    assert [source["sql"] for source in done_metadata(frames)["sources"]] == [ACTIVE_SQL]


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        ({"query": "active technicians"}, '"sql" is missing'),
        ({"sql": 5}, '"sql": Input should be a valid string'),
    ],
)
async def test_arguments_the_tool_cannot_take_are_named_to_the_model(
    app: FastAPI, client: httpx.AsyncClient, arguments: dict[str, Any], problem: str
) -> None:
    wrong = AIMessage(
        "", tool_calls=[{"name": "query_database", "args": arguments, "id": "call-bad"}]
    )
    model = ScriptedToolCallingModel(
        replies=[wrong, sql_call(ACTIVE_SQL), AIMessage("10 are active.")]
    )
    frames = await ask(app, client, model)
    result = model.calls[1].messages[-1]
    assert isinstance(result, ToolMessage) and result.tool_call_id == "call-bad"
    assert result.text == (
        f"Error: query_database was not run: the arguments cannot be used: {problem}. "
        + SQL_ARGUMENTS
    )
    refused, _ = tool_calls(frames)
    assert refused["detail"] == {
        "arguments": json.dumps(arguments),
        "error": f"the arguments cannot be used: {problem}",
    }
    assert done_metadata(frames)["status"] == "completed"
    assert answer_text(frames) == "10 are active."


async def test_a_model_that_neither_calls_a_tool_nor_answers_ends_with_an_error(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    frames = await ask(app, client, ScriptedToolCallingModel(replies=[AIMessage("")]))
    assert errors(frames) == ["The model returned neither a valid tool call nor an answer."]
    metadata = done_metadata(frames)
    assert metadata["status"] == "failed" and answer_text(frames) == ""


class TestStepBound:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"agent_mode": "tools", "agent_max_steps": 3})

    async def test_a_model_still_calling_tools_at_the_bound_ends_with_an_error(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        model = ScriptedToolCallingModel(replies=[sql_call(ACTIVE_SQL, f"c{i}") for i in range(5)])
        frames = await ask(app, client, model)
        assert len(model.calls) == 3
        assert errors(frames) == [
            "The model was still calling tools after 3 steps, the most a turn may take "
            "(AGENTSTREAM_AGENT_MAX_STEPS)."
        ]
        assert len(tool_calls(frames)) == 2, "the last step's calls are not run"
        metadata = done_metadata(frames)
        assert metadata["status"] == "failed" and len(metadata["sources"]) == 2
        assert metadata["usage"]["output_tokens"] == 3, "the failed step is counted too"

    async def test_calls_that_cannot_be_run_count_as_steps(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        model = ScriptedToolCallingModel(
            replies=[unreadable_call("{sql: SELECT 1}", f"c{i}") for i in range(5)]
        )
        frames = await ask(app, client, model)
        assert len(model.calls) == 3
        assert errors(frames) == [
            "The model was still calling tools after 3 steps, the most a turn may take "
            "(AGENTSTREAM_AGENT_MAX_STEPS)."
        ]
        assert len(tool_calls(frames)) == 2, "the last step's call is not answered"


class TestTimeBudget:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"agent_mode": "tools", "agent_time_budget_s": 1.0})

    async def test_a_model_too_slow_for_the_budget_is_stopped_with_an_error(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        slow = AIMessage(" ".join(["word"] * 500))
        model = ScriptedToolCallingModel(replies=[sql_call(ACTIVE_SQL), slow], token_delay_s=0.01)
        frames = await ask(app, client, model)
        assert errors(frames) == [
            "The model did not finish its answer within the time budget of 1 s "
            "(AGENTSTREAM_AGENT_TIME_BUDGET_S)."
        ]
        streamed = answer_text(frames).split()
        assert 0 < len(streamed) < 500, "the answer was cut off, not completed"
        metadata = done_metadata(frames)
        assert metadata["status"] == "failed" and metadata["route"] == "sql"


class TestResultBudget:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"agent_mode": "tools", "agent_result_chars": 300})

    async def test_results_are_cut_to_the_budget_and_say_so(
        self, app: FastAPI, client: httpx.AsyncClient, demo_database: Path
    ) -> None:
        with closing(sqlite3.connect(demo_database)) as db:
            (total,) = db.execute("SELECT count(*) FROM technicians").fetchone()
        sql = "SELECT id, name, email FROM technicians ORDER BY id"
        model = ScriptedToolCallingModel(replies=[sql_call(sql), AIMessage("Many.")])
        await ask(app, client, model)
        result = model.calls[1].messages[-1].text
        header, columns, *rows = result.splitlines()
        count = len(rows)
        assert header == f"{total} rows; only the first {count} are shown, the rest was cut to fit:"
        assert columns == "id | name | email" and 0 < count < total
        assert len(result) <= 300, "the budget holds for the whole result, header included"
        assert rows[0].startswith("1 | ")

    async def test_a_row_wider_than_the_budget_is_cut_with_a_notice(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        sql = "SELECT group_concat(name, ', ') AS names FROM technicians"
        model = ScriptedToolCallingModel(replies=[sql_call(sql), AIMessage("Many.")])
        await ask(app, client, model)
        result = model.calls[1].messages[-1].text
        assert len(result) <= 300
        assert result.startswith("1 row:\n") and result.endswith(
            "(cut here to fit the result budget)"
        )


async def test_a_model_that_cannot_call_tools_gets_a_clear_error(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    frames = await ask(app, client, OfflineChatModel())
    assert errors(frames) == [
        "The offline model provider cannot call tools, so it cannot run the agent loop "
        "(AGENTSTREAM_AGENT_MODE=tools). Use a model that calls tools, or set "
        "AGENTSTREAM_AGENT_MODE=grounded."
    ]
    assert not tool_calls(frames) and answer_text(frames) == ""


class AnsweringModel(ScriptedToolCallingModel):
    """Sets `answering` once its second call (the answer) has streamed a few tokens."""

    _answering: asyncio.Event = PrivateAttr(default_factory=asyncio.Event)

    @property
    def answering(self) -> asyncio.Event:
        return self._answering

    async def _astream(self, *args: Any, **kwargs: Any) -> AsyncIterator[ChatGenerationChunk]:
        async for index, chunk in _enumerate(super()._astream(*args, **kwargs)):
            yield chunk
            if len(self.calls) == 2 and index == 5:
                self._answering.set()


async def _enumerate(chunks: AsyncIterator[ChatGenerationChunk]) -> AsyncIterator[Any]:
    index = 0
    async for chunk in chunks:
        yield index, chunk
        index += 1


async def test_cancel_stops_the_loops_model_calls(app: FastAPI) -> None:
    model = AnsweringModel(
        replies=[sql_call(ACTIVE_SQL), AIMessage(" ".join(["word"] * 300)), AIMessage("never")],
        token_delay_s=0.01,
    )
    service = app.state.chat
    service.model = model
    async with app.state.sessions() as session:
        tenant = await TenantRepository(session).get(DEMO_TENANT_ID)
        assert tenant is not None
        run = await service.start_turn(session, tenant, ChatRequest(message=QUESTION))
    await asyncio.wait_for(model.answering.wait(), timeout=10)
    assert await service.manager.cancel(run.id)
    await service.manager.wait(run.id)
    await asyncio.sleep(0.1)
    assert len(model.calls) == 2, "no model call after the cancel"
    async with app.state.sessions() as session:
        stored = await session.get(Run, run.id)
        answer = (
            await session.execute(
                select(Message).where(Message.run_id == run.id, Message.role == "assistant")
            )
        ).scalar_one()
    assert stored is not None and stored.status == "cancelled"
    assert 5 <= len(answer.content.split()) < 300, "the partial answer is kept"


# Six timesheets of the same technician at a time: joined on conditions (the guard bounds cross
# products), yet some 10^9 rows to count, which SQLite does not finish within a test's lifetime.
SLOW_SQL = "SELECT COUNT(*) AS n FROM timesheets t0 " + " ".join(
    f"JOIN timesheets t{i} ON t{i}.technician_id = t0.technician_id" for i in range(1, 6)
)


class TestCancelDuringAQuery:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        # Only the cancel can stop the statement in this test's lifetime.
        return settings.model_copy(update={"agent_mode": "tools", "sql_timeout_s": 60})

    async def test_cancel_stops_the_statement_and_the_turn_reports_nothing_after_it(
        self, app: FastAPI, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        loop = asyncio.get_running_loop()
        running, stopped = asyncio.Event(), asyncio.Event()
        fetch = SqliteReadOnlySource._fetch_in_worker

        def watched(source: SqliteReadOnlySource, *args: Any) -> Any:
            loop.call_soon_threadsafe(running.set)
            try:
                return fetch(source, *args)
            finally:
                loop.call_soon_threadsafe(stopped.set)

        monkeypatch.setattr(SqliteReadOnlySource, "_fetch_in_worker", watched)
        model = ScriptedToolCallingModel(replies=[sql_call(SLOW_SQL), AIMessage("never")])
        service = app.state.chat
        service.model = model
        async with app.state.sessions() as session:
            tenant = await TenantRepository(session).get(DEMO_TENANT_ID)
            assert tenant is not None
            run = await service.start_turn(session, tenant, ChatRequest(message=QUESTION))
        await running.wait()
        assert await service.manager.cancel(run.id)
        await service.manager.wait(run.id)
        frames = parse_frames((await client.get(f"/api/chat/runs/{run.id}/stream")).text)
        assert [frame.data for frame in frames if "done" not in frame.data] == [], (
            "nothing after the cancel: no result of the query, no answer"
        )
        assert done_metadata(frames)["status"] == "cancelled"
        assert len(model.calls) == 1, "no model call after the cancel"
        # A hang guard, not a timing: the statement, 60 s from its own timeout, stops with the
        # cancel.
        await asyncio.wait_for(stopped.wait(), timeout=30)
