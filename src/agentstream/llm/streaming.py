"""How the agents read a model's answer: batches of text pieces, and the usage once it ends.

LangChain's `astream` builds and validates an `AIMessageChunk` and a generation chunk per
token, then merges them all: about 20 µs of CPU per token, more than the rest of a token's way
through the service. Models that make text themselves (the offline, scripted and local
providers) are `TextStreamingChatModel`s and hand their pieces over as strings, in batches of
every piece ready at once: a model that is faster than its reader (the scripted model, a
llama.cpp thread between two reads) costs one step of the stream per batch, not per token.
Any other LangChain chat model is read through `astream`. `stream_pieces` hides the difference.
"""

import asyncio
from abc import abstractmethod
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.chat_models import agenerate_from_stream, generate_from_stream
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from agentstream.llm.tokens import count_tokens, split_tokens


@dataclass
class Usage:
    """Tokens a model read and wrote, added up over its stream."""

    input_tokens: int = 0
    output_tokens: int = 0

    def add(self, metadata: UsageMetadata | None) -> None:
        if metadata:
            self.input_tokens += metadata["input_tokens"]
            self.output_tokens += metadata["output_tokens"]

    def as_dict(self) -> dict[str, int]:
        return {
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "total_tokens": self.input_tokens + self.output_tokens,
        }

    def metadata(self) -> UsageMetadata:
        return UsageMetadata(
            input_tokens=self.input_tokens,
            output_tokens=self.output_tokens,
            total_tokens=self.input_tokens + self.output_tokens,
        )


class TextStreamingChatModel(BaseChatModel):
    """A chat model whose answer is made as plain text pieces; LangChain's stream wraps them."""

    @abstractmethod
    def astream_pieces(
        self, messages: list[BaseMessage], usage: Usage, stop: list[str] | None = None
    ) -> AsyncIterator[list[str]]:
        """The answer's text pieces, in non-empty batches of those ready at once; the usage
        is added to `usage` before the stream ends."""

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        usage = Usage()
        async for pieces in self.astream_pieces(messages, usage, stop):
            for piece in pieces:
                yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
        yield ChatGenerationChunk(
            message=AIMessageChunk(content="", usage_metadata=usage.metadata())
        )


def stream_pieces(
    model: BaseChatModel, messages: list[BaseMessage], usage: Usage
) -> AsyncIterator[list[str]]:
    """The answer of `model` to `messages` as batches of text pieces (see
    `TextStreamingChatModel.astream_pieces`), adding its usage to `usage`."""
    if isinstance(model, TextStreamingChatModel):
        return model.astream_pieces(messages, usage)
    return _pieces_of_chunks(model, messages, usage)


async def _pieces_of_chunks(
    model: BaseChatModel, messages: list[BaseMessage], usage: Usage
) -> AsyncIterator[list[str]]:
    async for chunk in model.astream(messages):
        usage.add(chunk.usage_metadata)
        text = chunk.text  # a computed property: read it once
        if text:
            yield [text]


class TokenStreamingChatModel(TextStreamingChatModel):
    """Streams `answer_tokens(messages)` (by default `compose(messages)` split into tokens),
    with an optional delay per token: all tokens in one batch when there is no delay, else one
    per batch."""

    token_delay_s: float = 0.0

    def compose(self, messages: list[BaseMessage]) -> str:
        """The full text to answer with (or override `answer_tokens`)."""
        raise NotImplementedError

    def answer_tokens(self, messages: list[BaseMessage]) -> list[str]:
        """`compose(messages)` as tokens that carry their leading whitespace (a new list)."""
        return split_tokens(self.compose(messages))

    def _usage(self, messages: list[BaseMessage], tokens: list[str]) -> UsageMetadata:
        prompt = sum(count_tokens(m.text) for m in messages)
        completion = count_tokens("".join(tokens))
        return UsageMetadata(
            input_tokens=prompt, output_tokens=completion, total_tokens=prompt + completion
        )

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        tokens = self.answer_tokens(messages)
        message = AIMessage(content="".join(tokens), usage_metadata=self._usage(messages, tokens))
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        tokens = self.answer_tokens(messages)
        for token in tokens:
            yield ChatGenerationChunk(message=AIMessageChunk(content=token))
        yield ChatGenerationChunk(
            message=AIMessageChunk(content="", usage_metadata=self._usage(messages, tokens))
        )

    async def astream_pieces(
        self, messages: list[BaseMessage], usage: Usage, stop: list[str] | None = None
    ) -> AsyncIterator[list[str]]:
        tokens = self.answer_tokens(messages)
        if not self.token_delay_s:
            if tokens:
                yield tokens
        else:
            for token in tokens:
                await asyncio.sleep(self.token_delay_s)
                yield [token]
        usage.add(self._usage(messages, tokens))


class StreamingFirstChatModel(BaseChatModel):
    """A chat model whose non-streaming calls collect its own stream (one code path: the
    stream's cancellation and usage apply to both)."""

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return generate_from_stream(self._stream(messages, stop, run_manager, **kwargs))

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return await agenerate_from_stream(self._astream(messages, stop, run_manager, **kwargs))
