"""A model mixin that counts the tokens a model produced, for tests that check generation
stopped (a client went away, a run was cancelled)."""

from collections.abc import AsyncIterator
from typing import Any

from agentstream.llm.streaming import TextStreamingChatModel


class CountsTokens(TextStreamingChatModel):
    """Put first among a model's bases: `produced` counts the pieces its stream yielded."""

    produced: int = 0

    async def astream_pieces(self, *args: Any, **kwargs: Any) -> AsyncIterator[list[str]]:
        async for pieces in super().astream_pieces(*args, **kwargs):  # type: ignore[safe-super]
            self.produced += len(pieces)
            yield pieces
