"""The `openai` provider: any OpenAI-compatible chat server (OpenAI, vLLM, Ollama, llama.cpp
server, LM Studio) through LangChain's `ChatOpenAI`.

`langchain-openai` is imported only when a model is built. Retries with
exponential backoff on connection errors, timeouts, 408/409/429 and 5xx are the openai
client's own (`max_retries`); they cover opening a request, not a stream that broke midway."""

import asyncio
import importlib.util
import os
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterator, Sequence
from contextlib import aclosing, contextmanager
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any, Protocol, cast, runtime_checkable
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.messages.tool import ToolCallChunk
from langchain_core.outputs import ChatGenerationChunk
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import PrivateAttr, SecretStr

from agentstream.llm.errors import ProviderError, describe_error, public_url
from agentstream.llm.offline import grounded_answer_of
from agentstream.llm.streaming import StreamingFirstChatModel
from agentstream.llm.tokens import count_tokens
from agentstream.llm.tool_calling import calls_a_tool_when_asked
from agentstream.settings import Settings

# Local servers ignore the key, but the openai client refuses to start without one.
PLACEHOLDER_API_KEY = "agentstream-no-key"


@runtime_checkable
class JsonSchemaResponses(Protocol):
    """A model that can be asked for a reply in JSON of a given schema."""

    def with_json_schema(
        self, name: str, schema: dict[str, Any]
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """The model, its replies constrained to JSON of `schema`."""
        ...


class ProviderConfigError(ValueError):
    """The provider settings cannot work (a missing model name, a malformed base URL)."""


def with_grounded_draft(messages: list[BaseMessage]) -> list[BaseMessage]:
    """`messages` with the agent's grounded draft written into the last human message: an
    OpenAI-compatible API sends text only, and the draft is what the model should rephrase."""
    draft = grounded_answer_of(messages)
    if not draft:
        return messages
    for index in range(len(messages) - 1, -1, -1):
        message = messages[index]
        if isinstance(message, HumanMessage):
            if not isinstance(message.content, str):
                return messages
            text = (
                f"{message.content}\n\nDraft answer, checked against the facts above (rephrase "
                f"it for the reader; keep every number, name and citation):\n{draft}"
            )
            return [
                *messages[:index],
                message.model_copy(update={"content": text}),
                *messages[index + 1 :],
            ]
    return messages


@dataclass
class _Tally:
    """What a stream delivered: chunks, chunks the model wrote (text or a tool call's part),
    and whether usage came with them."""

    chunks: int = 0
    written_chunks: int = 0
    usage_seen: bool = False

    def add(self, chunk: ChatGenerationChunk) -> ChatGenerationChunk:
        self.chunks += 1
        message = chunk.message
        calls = isinstance(message, AIMessageChunk) and bool(message.tool_call_chunks)
        self.written_chunks += 1 if chunk.text or calls else 0
        self.usage_seen = self.usage_seen or bool(getattr(chunk.message, "usage_metadata", None))
        return chunk


@dataclass
class _ToolCallNames:
    """Keeps each streamed tool call's name in its first delta only. OpenAI sends it once;
    llama-cpp-python's server repeats it in every delta, and LangChain joins the names of the
    deltas it merges (`query_databasequery_database…`, a tool nobody offered)."""

    named: dict[int | None, str] = field(default_factory=dict)

    def once(self, chunk: ChatGenerationChunk) -> ChatGenerationChunk:
        message = chunk.message
        if not isinstance(message, AIMessageChunk) or not message.tool_call_chunks:
            return chunk
        calls: list[ToolCallChunk] = []
        for call in message.tool_call_chunks:
            index, name = call.get("index"), call.get("name")
            if name and self.named.get(index) == name:
                call = {**call, "name": None}
            elif name:
                self.named[index] = name
            calls.append(call)
        # A new chunk, not a copy: its tool calls are parsed again from the chunks.
        fixed = AIMessageChunk(
            content=message.content,
            additional_kwargs=message.additional_kwargs,
            response_metadata=message.response_metadata,
            usage_metadata=message.usage_metadata,
            id=message.id,
            tool_call_chunks=calls,
        )
        return ChatGenerationChunk(message=fixed, generation_info=chunk.generation_info)


@cache
def _chat_openai_class() -> type[BaseChatModel]:
    """ChatOpenAI, sending an assistant message that only calls tools with empty content
    rather than null: llama-cpp-python's server refuses null (a 500), OpenAI takes both."""
    from langchain_openai import ChatOpenAI

    class CompatChatOpenAI(ChatOpenAI):
        def _get_request_payload(
            self,
            input_: LanguageModelInput,
            *,
            stop: list[str] | None = None,
            **kwargs: Any,
        ) -> dict[str, Any]:
            payload: dict[str, Any] = super()._get_request_payload(input_, stop=stop, **kwargs)
            for message in payload.get("messages", ()):
                if message.get("role") == "assistant" and message.get("content") is None:
                    message["content"] = ""
            return payload

    return CompatChatOpenAI


def _estimated_usage(messages: list[BaseMessage], output_chunks: int) -> ChatGenerationChunk:
    """Usage for a server that streams none (llama-cpp-python's): prompt words and one token
    per streamed delta, flagged as estimated."""
    prompt = sum(count_tokens(message.text) for message in messages)
    usage = UsageMetadata(
        input_tokens=prompt, output_tokens=output_chunks, total_tokens=prompt + output_chunks
    )
    message = AIMessageChunk(
        content="", usage_metadata=usage, response_metadata={"usage_estimated": True}
    )
    return ChatGenerationChunk(message=message)


class OpenAICompatChatModel(StreamingFirstChatModel):
    """A `ChatOpenAI` that sends the grounded draft with the prompt, always reports usage, and
    raises `ProviderError` naming the server (never the key) when a request fails."""

    chat_options: dict[str, Any]  # ChatOpenAI's keyword arguments
    server: str
    model: str
    _loop_chats: "WeakKeyDictionary[asyncio.AbstractEventLoop, BaseChatModel]" = PrivateAttr(
        default_factory=WeakKeyDictionary
    )
    _sync_chat: BaseChatModel | None = PrivateAttr(default=None)
    # Whether the model called a tool when asked to; None until it has been asked.
    _calls_tools: bool | None = PrivateAttr(default=None)
    # The request asking it, while one is in flight on an event loop: whoever needs the answer
    # meanwhile (the start-up check, chat turns, panels) waits for it instead of asking again.
    _probes: "WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Task[None]]" = PrivateAttr(
        default_factory=WeakKeyDictionary
    )

    @property
    def _llm_type(self) -> str:
        return "agentstream-openai"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"server": self.server, "model": self.model}

    def _build_chat(self, *, own_async_client: bool) -> BaseChatModel:
        import openai

        options = dict(self.chat_options)
        if own_async_client:
            options["http_async_client"] = openai.DefaultAsyncHttpxClient()
        return _chat_openai_class()(**options)

    @property
    def chat(self) -> BaseChatModel:
        """The ChatOpenAI for synchronous calls (and to inspect the configuration)."""
        if self._sync_chat is None:
            self._sync_chat = self._build_chat(own_async_client=False)
        return self._sync_chat

    def _loop_chat(self) -> BaseChatModel:
        """This event loop's ChatOpenAI. An async HTTP connection belongs to the loop that
        opened it, and langchain-openai shares one client per base URL across loops
        (langchain-ai/langchain#35783), so each loop gets a client of its own."""
        loop = asyncio.get_running_loop()
        chat = self._loop_chats.get(loop)
        if chat is None:
            chat = self._loop_chats[loop] = self._build_chat(own_async_client=True)
        return chat

    @contextmanager
    def _provider_errors(self) -> Iterator[None]:
        try:
            yield
        except ProviderError:
            raise
        except Exception as error:
            status = getattr(error, "status_code", None)
            key = self.chat_options.get("api_key")
            secrets = (key.get_secret_value(),) if isinstance(key, SecretStr) else ()
            raise ProviderError(
                describe_error(error, self.server, secrets),
                status_code=status if isinstance(status, int) else None,
            ) from error

    def _finish(
        self, tally: "_Tally", messages: list[BaseMessage]
    ) -> Iterator[ChatGenerationChunk]:
        if not tally.chunks:
            # llama-cpp-python's server, for one, answers 200 and an empty stream when the
            # prompt does not fit its context.
            raise ProviderError(
                f"The model server at {self.server} ended the stream without a reply"
            )
        if not tally.usage_seen:
            yield _estimated_usage(messages, tally.written_chunks)

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Offer tools in the OpenAI format (servers that cannot call tools just answer)."""
        formatted = [convert_to_openai_tool(tool) for tool in tools]
        if tool_choice is not None:
            kwargs["tool_choice"] = tool_choice
        return self.bind(tools=formatted, **kwargs)

    def with_json_schema(
        self, name: str, schema: dict[str, Any]
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Ask for replies in JSON of `schema` (OpenAI's `json_schema` response format), for
        servers that cannot call tools. The format goes in the request body as it is: given as
        ChatOpenAI's `response_format`, the request would go through the openai client's
        parsing beta instead of the plain stream. A server that refuses the format answers an
        HTTP error, raised as a ProviderError with its status code."""
        body = dict(self.chat_options.get("extra_body") or {})
        body["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": name, "schema": schema},
        }
        return self.bind(extra_body=body)

    async def tool_calling_problem(self) -> str | None:
        """None if the model calls a tool when asked to (asked once per process), else why it
        cannot run the agent loop. Raises ProviderError when the server cannot be asked."""
        if self._calls_tools is None:
            await self._probe()
        if self._calls_tools:
            return None
        return f"The model {self.model} at {self.server} did not call a tool when asked to"

    async def _probe(self) -> None:
        """Ask the model to call a tool, or wait for the request already asking it."""
        loop = asyncio.get_running_loop()
        probe = self._probes.get(loop)
        if probe is None:
            probe = self._probes[loop] = loop.create_task(self._ask_to_call_a_tool())
            probe.add_done_callback(partial(self._probe_done, loop))
        # Shielded: one who stops waiting (its own timeout, a cancelled turn) leaves the
        # request to the others.
        await asyncio.shield(probe)

    async def _ask_to_call_a_tool(self) -> None:
        self._calls_tools = await calls_a_tool_when_asked(self)

    def _probe_done(self, loop: asyncio.AbstractEventLoop, probe: "asyncio.Task[None]") -> None:
        self._probes.pop(loop, None)
        if not probe.cancelled():
            # Its waiters got a failure already, or none waited any longer: the next who needs
            # the answer asks again.
            probe.exception()

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        tally, names = _Tally(), _ToolCallNames()
        with self._provider_errors():
            # The outer run reports each chunk; passing run_manager on would report it twice.
            for chunk in self.chat._stream(with_grounded_draft(messages), stop, None, **kwargs):
                yield tally.add(names.once(chunk))
        yield from self._finish(tally, messages)

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        tally, names = _Tally(), _ToolCallNames()
        with self._provider_errors():
            # ChatOpenAI's stream is an async generator; closing this one early (a consumer
            # that stops reading) closes it, and with it the HTTP stream, at once.
            stream = cast(
                AsyncGenerator[ChatGenerationChunk, None],
                self._loop_chat()._astream(with_grounded_draft(messages), stop, None, **kwargs),
            )
            async with aclosing(stream):
                async for chunk in stream:
                    yield tally.add(names.once(chunk))
        for chunk in self._finish(tally, messages):
            yield chunk


def _checked_base_url(url: str | None) -> str | None:
    if url is None or not url.strip():
        return None
    url = url.strip()
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - parsing the port validates it
    except ValueError as error:
        raise ProviderConfigError(
            f"AGENTSTREAM_LLM_BASE_URL has an invalid port: {error}"
        ) from error
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        raise ProviderConfigError(
            f"AGENTSTREAM_LLM_BASE_URL must be an http(s) URL such as http://127.0.0.1:8080/v1, "
            f"not {public_url(url)!r}"
        )
    return url.rstrip("/")


def _api_key(settings: Settings, base_url: str | None) -> SecretStr:
    if settings.llm_api_key is not None and settings.llm_api_key.get_secret_value():
        return settings.llm_api_key
    if base_url is not None:
        return SecretStr(PLACEHOLDER_API_KEY)
    env_key = os.environ.get("OPENAI_API_KEY")
    if env_key:
        return SecretStr(env_key)
    raise ProviderConfigError(
        "the openai provider without AGENTSTREAM_LLM_BASE_URL talks to api.openai.com and needs "
        "AGENTSTREAM_LLM_API_KEY (or OPENAI_API_KEY)"
    )


def create_openai_model(settings: Settings) -> BaseChatModel:
    """The `openai` provider from settings: `llm_base_url` (default: OpenAI's API), `llm_model`,
    `llm_api_key` and the shared generation limits. Raises ProviderConfigError on bad settings."""
    if not settings.llm_model or not settings.llm_model.strip():
        raise ProviderConfigError(
            "llm_provider=openai needs AGENTSTREAM_LLM_MODEL, the model name the server serves "
            "(e.g. gpt-4o-mini, or the alias of the model a llama.cpp or vLLM server loaded)"
        )
    base_url = _checked_base_url(settings.llm_base_url)
    api_key = _api_key(settings, base_url)
    if importlib.util.find_spec("langchain_openai") is None:
        raise ProviderConfigError(
            "llm_provider=openai needs langchain-openai; reinstall agentstream, which depends on it"
        )
    # OpenAI itself takes `max_completion_tokens` (ChatOpenAI's default) and needs it for its
    # reasoning models; other servers know `max_tokens`, and some (llama-cpp-python) only that.
    limit: dict[str, Any] = (
        {"max_tokens": settings.llm_max_tokens}
        if base_url is None
        else {"extra_body": {"max_tokens": settings.llm_max_tokens}}
    )
    model = OpenAICompatChatModel(
        chat_options={
            "model": settings.llm_model.strip(),
            "base_url": base_url,
            "api_key": api_key,
            "streaming": True,
            "stream_usage": True,
            "temperature": settings.llm_temperature,
            "timeout": settings.llm_timeout_s,
            "max_retries": settings.llm_max_retries,
            "stream_chunk_timeout": settings.llm_timeout_s,
            **limit,
        },
        server=public_url(base_url or "https://api.openai.com/v1"),
        model=settings.llm_model.strip(),
    )
    model.chat  # noqa: B018 - builds the client now, so bad options fail here, not mid-run
    return model
