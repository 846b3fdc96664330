"""A base for chat models that stream pre-determined tokens (offline and scripted providers)."""

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.chat_models import agenerate_from_stream, generate_from_stream
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from agentstream.llm.tokens import count_tokens, split_tokens


class TokenStreamingChatModel(BaseChatModel):
    """Streams `compose(messages)` token by token, with an optional delay per token."""

    token_delay_s: float = 0.0

    def compose(self, messages: list[BaseMessage]) -> str:
        """The full text to answer with."""
        raise NotImplementedError

    def _usage(self, messages: list[BaseMessage], text: str) -> UsageMetadata:
        prompt = sum(count_tokens(m.text) for m in messages)
        completion = count_tokens(text)
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
        text = self.compose(messages)
        message = AIMessage(content=text, usage_metadata=self._usage(messages, text))
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        text = self.compose(messages)
        for token in split_tokens(text):
            yield ChatGenerationChunk(message=AIMessageChunk(content=token))
        yield self._final_chunk(messages, text)

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        text = self.compose(messages)
        for token in split_tokens(text):
            if self.token_delay_s:
                await asyncio.sleep(self.token_delay_s)
            yield ChatGenerationChunk(message=AIMessageChunk(content=token))
        yield self._final_chunk(messages, text)

    def _final_chunk(self, messages: list[BaseMessage], text: str) -> ChatGenerationChunk:
        return ChatGenerationChunk(
            message=AIMessageChunk(content="", usage_metadata=self._usage(messages, text))
        )


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
