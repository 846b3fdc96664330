"""The `openai` provider: ChatOpenAI against a real OpenAI-compatible server (llama-cpp-python's
server with the bundled Gemma 3 270M) started by the test session on loopback."""

import asyncio
import json
import re
import socket
import time
from collections.abc import AsyncGenerator, AsyncIterator, Iterator
from contextlib import aclosing, contextmanager
from pathlib import Path
from typing import Any, cast

import httpx
import pytest

pytest.importorskip("langchain_openai", reason="the openai provider needs langchain-openai")

from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
)
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from agentstream.llm.errors import ProviderError, describe_provider_error
from agentstream.llm.factory import create_chat_model
from agentstream.llm.health import check_model
from agentstream.llm.offline import GROUNDED_ANSWER_KEY
from agentstream.llm.openai_compat import (
    PLACEHOLDER_API_KEY,
    OpenAICompatChatModel,
    ProviderConfigError,
    create_openai_model,
    with_grounded_draft,
)
from agentstream.settings import Settings
from tests.llm.server import ModelServer, closed_port_url, model_server

__all__ = ["model_server"]  # the session fixture, imported for pytest

MAX_TOKENS = 24
# A prompt this model, decoding greedily, answers at length (it runs on to 1024 tokens).
QUESTION = [
    SystemMessage("You are a helpful assistant."),
    HumanMessage("Tell me about field service technicians."),
]
DISCONNECTED = "Disconnected from client"  # what llama-cpp-python's server logs on disconnect


def _settings(server: ModelServer, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "llm_provider": "openai",
        "llm_base_url": server.base_url,
        "llm_model": server.model,
        "llm_api_key": SecretStr(server.api_key),
        "llm_max_tokens": MAX_TOKENS,
        "llm_temperature": 0.0,
        "llm_timeout_s": 30.0,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


def _settings_without_server(**overrides: object) -> Settings:
    values: dict[str, object] = {
        "llm_provider": "openai",
        "llm_base_url": "http://127.0.0.1:8012/v1",
        "llm_model": "gemma-3-270m",
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


def _compat(settings: Settings) -> OpenAICompatChatModel:
    model = create_openai_model(settings)
    assert isinstance(model, OpenAICompatChatModel)
    return model


def _chat_openai(settings: Settings) -> ChatOpenAI:
    chat = _compat(settings).chat
    assert isinstance(chat, ChatOpenAI)
    return chat


async def _collect(stream: AsyncIterator[AIMessageChunk]) -> list[AIMessageChunk]:
    return [chunk async for chunk in stream]


@contextmanager
def _silent_server() -> Iterator[str]:
    """A loopback base URL whose socket accepts connections (into its backlog) and never
    answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        yield f"http://127.0.0.1:{silent.getsockname()[1]}/v1"


async def _stream_error(
    model: OpenAICompatChatModel, messages: list[BaseMessage], **kwargs: Any
) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        await _collect(model.astream(messages, **kwargs))
    return caught.value


# --- configuration (no server) ---


def test_create_openai_model_passes_settings_to_chat_openai() -> None:
    settings = _settings_without_server(
        llm_max_tokens=77, llm_temperature=0.4, llm_timeout_s=12.5, llm_max_retries=3
    )
    chat = _chat_openai(settings)

    assert chat.openai_api_base == "http://127.0.0.1:8012/v1"
    assert chat.model_name == "gemma-3-270m"
    assert chat.streaming is True
    assert chat.stream_usage is True
    assert chat.temperature == 0.4
    assert chat.request_timeout == 12.5
    # Sent as `max_tokens`, which every compatible server reads (llama-cpp-python ignores
    # ChatOpenAI's default `max_completion_tokens`).
    assert chat.max_tokens is None
    assert chat.extra_body == {"max_tokens": 77}
    # Retries with backoff are the openai client's own.
    assert chat.root_async_client.max_retries == 3


def test_factory_builds_the_openai_provider() -> None:
    assert isinstance(create_chat_model(_settings_without_server()), OpenAICompatChatModel)


def test_openai_itself_gets_max_completion_tokens() -> None:
    settings = Settings(
        llm_provider="openai", llm_model="gpt-4o-mini", llm_api_key=SecretStr("sk-real-key-abc")
    )
    chat = _chat_openai(settings)

    assert chat.max_tokens == settings.llm_max_tokens
    assert chat.extra_body is None


def test_local_server_without_a_key_gets_a_placeholder_key() -> None:
    chat = _chat_openai(_settings_without_server())

    assert isinstance(chat.openai_api_key, SecretStr)
    assert chat.openai_api_key.get_secret_value() == PLACEHOLDER_API_KEY


def test_openai_without_any_key_raises_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    settings = Settings(llm_provider="openai", llm_model="gpt-4o-mini")

    with pytest.raises(ProviderConfigError, match="AGENTSTREAM_LLM_API_KEY"):
        create_openai_model(settings)


def test_missing_model_name_raises_config_error() -> None:
    settings = Settings(llm_provider="openai", llm_base_url="http://127.0.0.1:8012/v1")

    with pytest.raises(ProviderConfigError, match="AGENTSTREAM_LLM_MODEL"):
        create_openai_model(settings)


@pytest.mark.parametrize(
    "url",
    ["localhost:8012/v1", "ftp://127.0.0.1/v1", "http:///v1", "http://127.0.0.1:99999/v1"],
)
def test_malformed_base_url_raises_config_error(url: str) -> None:
    with pytest.raises(ProviderConfigError, match="AGENTSTREAM_LLM_BASE_URL"):
        create_openai_model(_settings_without_server(llm_base_url=url))


def test_grounded_draft_is_written_into_the_last_human_message() -> None:
    messages: list[BaseMessage] = [
        SystemMessage("Answer from the facts."),
        HumanMessage("Question: How many?\nDatabase result (1 rows): [{'n': 10}]",
                     additional_kwargs={GROUNDED_ANSWER_KEY: "There are 10."}),
    ]  # fmt: skip

    sent = with_grounded_draft(messages)

    assert sent[0] is messages[0]
    assert sent[1].text.startswith("Question: How many?\nDatabase result")
    assert sent[1].text.endswith("\nThere are 10.")
    assert "There are 10." not in messages[1].text  # the caller's message is left alone


def test_describe_provider_error_keeps_a_provider_error_message() -> None:
    assert describe_provider_error(ProviderError("The model server at x answered 500: boom")) == (
        "The model server at x answered 500: boom"
    )


class _KeyEchoingError(Exception):
    """A 401 as OpenAI words it: the rejected key, partly shown, in the message."""

    status_code = 401
    body = {"message": "Incorrect API key provided: sk-proj-abc123def456. Find yours online."}


def test_describe_provider_error_redacts_keys_a_server_echoes() -> None:
    assert describe_provider_error(_KeyEchoingError()) == (
        "The model server answered 401: Incorrect API key provided: [redacted]. Find yours online."
    )


class _TracebackError(Exception):
    """A server that puts its own stack trace in its error message."""

    status_code = 500
    body = {
        "message": 'upstream exploded\nTraceback (most recent call last):\n  File "x.py", '
        "line 1, in <module>\nKeyError: 'secret_table'"
    }


def test_describe_provider_error_keeps_the_servers_words_not_its_stack_trace() -> None:
    assert describe_provider_error(_TracebackError()) == (
        "The model server answered 500: upstream exploded"
    )


def test_describe_provider_error_names_no_server_for_other_errors() -> None:
    assert describe_provider_error(RuntimeError("the model file is missing")) == (
        "The model failed: RuntimeError: the model file is missing"
    )


async def test_with_json_schema_sends_the_schema_as_the_json_schema_response_format(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bodies: list[dict[str, Any]] = []
    reply = {"choices": [{"index": 0, "delta": {"content": '{"ranking": ["B"]}'}}]}

    def answer(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        stream = f"data: {json.dumps(reply)}\n\ndata: [DONE]\n\n"
        return httpx.Response(200, text=stream, headers={"content-type": "text/event-stream"})

    monkeypatch.setattr(
        "openai.DefaultAsyncHttpxClient",
        lambda: httpx.AsyncClient(transport=httpx.MockTransport(answer)),
    )
    schema = {"type": "object", "properties": {"ranking": {"type": "array"}}}
    model = _compat(_settings_without_server()).with_json_schema("submit_ranking", schema)

    replied = await model.ainvoke([HumanMessage("Rank them.")])

    assert replied.text == '{"ranking": ["B"]}'
    assert len(bodies) == 1
    assert bodies[0]["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "submit_ranking", "schema": schema},
    }
    assert bodies[0]["messages"] == [{"role": "user", "content": "Rank them."}]
    assert "tools" not in bodies[0]


# --- against the real server ---


async def test_stream_yields_several_text_chunks(model_server: ModelServer) -> None:
    model = _compat(_settings(model_server))

    chunks = await _collect(model.astream(QUESTION))

    texts = [chunk.text for chunk in chunks if chunk.text]
    assert len(texts) >= 3
    assert "".join(texts).strip()


async def test_stream_reports_token_usage(model_server: ModelServer) -> None:
    model = _compat(_settings(model_server))

    chunks = await _collect(model.astream(QUESTION))

    usages = [chunk.usage_metadata for chunk in chunks if chunk.usage_metadata]
    assert len(usages) == 1
    usage = usages[0]
    assert usage["input_tokens"] > 0
    assert 0 < usage["output_tokens"] <= MAX_TOKENS
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]


_EVAL_TIME = re.compile(r"\beval time =\s*([\d.]+) ms /\s*(\d+) runs")
STOPPED_LONG_ANSWER = 1024  # tokens the stopped generation would make if left running


async def _assert_a_follow_up_is_not_held_back(server: ModelServer) -> None:
    """The server serves one generation at a time and does not interrupt it: had the stopped
    generation gone on, a short follow-up would wait for its remaining ~1000 tokens. The
    follow-up's wall time is compared with the server's own time per token, measured on that
    follow-up, so the check holds on a slow or busy machine too."""
    started = time.perf_counter()
    reply = await _compat(_settings(server)).ainvoke(QUESTION)
    follow_up_s = time.perf_counter() - started
    assert reply.text
    eval_ms, runs = _EVAL_TIME.findall(server.log())[-1]  # the follow-up's own generation
    token_s = float(eval_ms) / 1000 / max(int(runs), 1)
    waited_tokens = follow_up_s / token_s
    assert waited_tokens < STOPPED_LONG_ANSWER / 4, f"{follow_up_s:.1f} s at {token_s:.3f} s/token"


async def test_closing_the_stream_early_stops_generation(model_server: ModelServer) -> None:
    long_answer = _compat(_settings(model_server, llm_max_tokens=STOPPED_LONG_ANSWER))
    disconnects = model_server.log().count(DISCONNECTED)

    texts: list[str] = []
    stream = cast(AsyncGenerator[AIMessageChunk, None], long_answer.astream(QUESTION))
    async with aclosing(stream):
        async for chunk in stream:
            texts.extend([chunk.text] if chunk.text else [])
            if len(texts) == 3:
                break
    await _assert_a_follow_up_is_not_held_back(model_server)

    assert len(texts) == 3
    assert model_server.log().count(DISCONNECTED) == disconnects + 1


async def test_cancelling_the_consumer_stops_generation(model_server: ModelServer) -> None:
    long_answer = _compat(_settings(model_server, llm_max_tokens=STOPPED_LONG_ANSWER))
    disconnects = model_server.log().count(DISCONNECTED)
    streaming = asyncio.Event()

    async def consume() -> None:
        async for chunk in long_answer.astream(QUESTION):
            if chunk.text:
                streaming.set()

    task = asyncio.create_task(consume())
    async with asyncio.timeout(30):
        await streaming.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await _assert_a_follow_up_is_not_held_back(model_server)

    assert model_server.log().count(DISCONNECTED) == disconnects + 1


async def test_prompt_beyond_the_context_raises_provider_error(
    model_server: ModelServer,
) -> None:
    model = _compat(_settings(model_server))

    error = await _stream_error(model, [HumanMessage("word " * 3000)])

    # This server answers a streamed request whose prompt does not fit with 200 and no events.
    assert str(error) == (
        f"The model server at {model_server.base_url} ended the stream without a reply"
    )


async def test_server_error_raises_provider_error_500(model_server: ModelServer) -> None:
    model = _compat(_settings(model_server, llm_max_retries=0))

    error = await _stream_error(model, QUESTION, top_p="high")

    assert error.status_code == 500
    message = str(error)
    assert message.startswith(f"The model server at {model_server.base_url} answered 500: ")
    assert "top_p" in message
    assert len(message) < 400
    assert model_server.api_key not in message


async def test_unknown_path_raises_provider_error_404_with_a_hint(
    model_server: ModelServer,
) -> None:
    root = model_server.base_url.removesuffix("/v1")
    model = _compat(_settings(model_server, llm_base_url=root))

    error = await _stream_error(model, QUESTION)

    assert error.status_code == 404
    assert str(error) == (
        f"The model server at {root} answered 404: Not Found (does the base URL need a /v1 suffix?)"
    )


async def test_wrong_api_key_raises_provider_error_without_the_key(
    model_server: ModelServer,
) -> None:
    wrong_key = "sk-wrong-key-do-not-print-42"
    model = _compat(_settings(model_server, llm_api_key=SecretStr(wrong_key)))

    error = await _stream_error(model, QUESTION)

    assert error.status_code == 401
    assert str(error) == (
        f"The model server at {model_server.base_url} answered 401: Invalid API key"
    )
    # The provider's own error, described without the model's help, reads the same.
    assert error.__cause__ is not None
    assert describe_provider_error(error.__cause__) == str(error)


async def test_closed_port_raises_provider_error_connection_refused() -> None:
    url = closed_port_url()
    model = _compat(_settings_without_server(llm_base_url=url, llm_max_retries=0))

    error = await _stream_error(model, QUESTION)

    assert error.status_code is None
    assert str(error) == f"Could not connect to the model server at {url}: connection refused"


async def test_connection_errors_are_retried_with_backoff() -> None:
    model = _compat(_settings_without_server(llm_base_url=closed_port_url(), llm_max_retries=1))

    started = time.perf_counter()
    await _stream_error(model, QUESTION)

    # One retry after the client's first backoff: 0.5 s less up to 25 % jitter.
    assert time.perf_counter() - started >= 0.37


async def test_server_that_never_answers_raises_provider_error_timeout() -> None:
    with _silent_server() as url:
        model = _compat(
            _settings_without_server(llm_base_url=url, llm_max_retries=0, llm_timeout_s=0.3)
        )

        error = await _stream_error(model, QUESTION)

    assert str(error) == (
        f"The model server at {url} did not answer in time (the request timed out)"
    )


async def test_check_model_is_ok_against_the_server(model_server: ModelServer) -> None:
    status = await check_model(_compat(_settings(model_server)), timeout_s=10)

    assert status.ok
    assert status.error is None
    assert 0 < status.latency_ms < 10_000


async def test_check_model_reports_a_closed_port() -> None:
    url = closed_port_url()
    model = _compat(_settings_without_server(llm_base_url=url, llm_max_retries=0))

    status = await check_model(model, timeout_s=5)

    assert not status.ok
    assert status.error == f"Could not connect to the model server at {url}: connection refused"


async def test_check_model_reports_a_server_that_never_answers() -> None:
    with _silent_server() as url:
        model = _compat(_settings_without_server(llm_base_url=url, llm_max_retries=0))

        status = await check_model(model, timeout_s=0.5)

    assert not status.ok
    assert status.error == "The model did not answer within 0.5 s"
    assert 500 <= status.latency_ms < 2000


async def test_service_starts_and_reports_an_unreachable_model_server(tmp_path: Path) -> None:
    from asgi_lifespan import LifespanManager

    from agentstream.app import create_app

    settings = Settings(  # type: ignore[call-arg]
        data_dir=tmp_path,
        llm_provider="openai",
        llm_model="gemma",
        llm_base_url=closed_port_url(),
        demo_tenant=False,
        secret_key="stream-token-secret-of-32-characters",  # required outside development mode
        _env_file=None,
    )
    app = create_app(settings)
    async with LifespanManager(app, startup_timeout=30):
        status = await app.state.model_check.wait()
    assert not status.ok
    assert "Could not connect to the model server" in (status.error or "")


def test_an_assistant_message_that_only_calls_tools_is_sent_with_empty_content() -> None:
    call = {"name": "query_database", "args": {"sql": "SELECT 1"}, "id": "call-1"}
    messages = [HumanMessage("How many?"), AIMessage("", tool_calls=[call])]
    payload = _chat_openai(_settings_without_server())._get_request_payload(messages)
    assistant = payload["messages"][1]
    assert assistant["content"] == "", "llama-cpp-python's server refuses null"
    assert assistant["tool_calls"][0]["function"]["name"] == "query_database"


def _tool_call_delta(name: str, arguments: str) -> str:
    """A streamed tool-call delta as llama-cpp-python's server writes it: the name in each."""
    call = {"index": 0, "id": "call-1", "type": "function"}
    delta = {"tool_calls": [{**call, "function": {"name": name, "arguments": arguments}}]}
    chunk = {"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m"}
    return "data: " + json.dumps({**chunk, "choices": [{"index": 0, "delta": delta}]}) + "\n\n"


def test_a_tool_name_repeated_in_every_delta_is_read_once_and_each_delta_counted() -> None:
    body = "".join(_tool_call_delta("query_database", part) for part in ('{"sql": ', '"SELECT 1"}'))

    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, text=body + "data: [DONE]\n\n", headers={"content-type": "text/event-stream"}
        )

    built = _compat(_settings_without_server())
    client = httpx.Client(transport=httpx.MockTransport(reply))
    model = OpenAICompatChatModel(
        chat_options={**built.chat_options, "http_client": client},
        server=built.server,
        model=built.model,
    )
    message = model.bind_tools([]).invoke("How many?")
    assert isinstance(message, AIMessage)
    assert message.tool_calls == [
        {"name": "query_database", "args": {"sql": "SELECT 1"}, "id": "call-1", "type": "tool_call"}
    ]
    assert message.usage_metadata is not None
    assert message.usage_metadata["output_tokens"] == 2, "one estimated token per delta"
