"""The `scripted` provider: emits a configured text or number of tokens (tests, benchmarks);
and a scripted tool-calling model, a stand-in for a capable model (tests, benchmarks)."""

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import LanguageModelInput
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.messages.tool import tool_call_chunk
from langchain_core.outputs import ChatGenerationChunk
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import PrivateAttr

from agentstream.llm.streaming import StreamingFirstChatModel, TokenStreamingChatModel
from agentstream.llm.tokens import count_tokens, split_tokens


@lru_cache(maxsize=32)
def _script(text: str | None, tokens: int) -> tuple[str, ...]:
    """The tokens of a script, made once per configuration (it does not depend on the prompt)."""
    if text is None:
        text = " ".join(f"token{i}" for i in range(tokens))
    return tuple(split_tokens(text))


class ScriptedChatModel(TokenStreamingChatModel):
    """Ignores the prompt and streams `text`, or `tokens` numbered words when no text is set."""

    text: str | None = None
    tokens: int = 64

    @property
    def _llm_type(self) -> str:
        return "agentstream-scripted"

    def answer_tokens(self, messages: list[BaseMessage]) -> list[str]:
        return list(_script(self.text, self.tokens))


@dataclass(frozen=True)
class ScriptedCall:
    """What a scripted tool-calling model received in one call: the messages, and the tools
    offered (in the OpenAI format)."""

    messages: list[BaseMessage]
    tools: list[dict[str, Any]]


class ScriptedToolCallingModel(StreamingFirstChatModel):
    """A capable model played from a script: each call answers with the next scripted reply,
    its text streamed token by token (after `token_delay_s` each), then its tool calls, the
    reply's invalid ones with their arguments as written (text that need not be JSON). It
    records what it receives, so tests can check every message an agent sends."""

    replies: list[AIMessage]
    token_delay_s: float = 0.0
    _calls: list[ScriptedCall] = PrivateAttr(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "agentstream-scripted-tools"

    @property
    def calls(self) -> list[ScriptedCall]:
        """Every call so far, in order."""
        return self._calls

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Offer tools as an OpenAI-compatible server receives them."""
        return self.bind(tools=[convert_to_openai_tool(tool) for tool in tools], **kwargs)

    def _next_reply(self, messages: list[BaseMessage], tools: list[dict[str, Any]]) -> AIMessage:
        self._calls.append(ScriptedCall(list(messages), tools))
        if len(self._calls) > len(self.replies):
            raise RuntimeError(
                f"the script has {len(self.replies)} replies; this is call {len(self._calls)}"
            )
        return self.replies[len(self._calls) - 1]

    def _chunks(self, messages: list[BaseMessage], reply: AIMessage) -> Iterator[AIMessageChunk]:
        tokens = split_tokens(reply.text)
        for token in tokens:
            yield AIMessageChunk(content=token)
        calls: list[tuple[str | None, str | None, str | None]] = [
            (call["name"], json.dumps(call["args"]), call["id"]) for call in reply.tool_calls
        ]
        calls += [(call["name"], call["args"], call["id"]) for call in reply.invalid_tool_calls]
        if calls:
            yield AIMessageChunk(
                content="",
                tool_call_chunks=[
                    tool_call_chunk(name=name, args=args, id=call_id, index=i)
                    for i, (name, args, call_id) in enumerate(calls)
                ],
            )
        prompt = sum(count_tokens(message.text) for message in messages)
        completion = len(tokens) + len(calls)
        usage = UsageMetadata(
            input_tokens=prompt, output_tokens=completion, total_tokens=prompt + completion
        )
        yield AIMessageChunk(content="", usage_metadata=usage)

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        reply = self._next_reply(messages, kwargs.get("tools", []))
        for chunk in self._chunks(messages, reply):
            yield ChatGenerationChunk(message=chunk)

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        reply = self._next_reply(messages, kwargs.get("tools", []))
        for chunk in self._chunks(messages, reply):
            if self.token_delay_s and chunk.content:
                await asyncio.sleep(self.token_delay_s)
            yield ChatGenerationChunk(message=chunk)
