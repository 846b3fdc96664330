"""A chat model whose server fails, for the tests of how chat turns and panels report it."""

from collections.abc import AsyncIterator
from typing import Any

from agentstream.llm.errors import ProviderError
from agentstream.llm.scripted import ScriptedChatModel


class FailingServerModel(ScriptedChatModel):
    """A model whose server answers with an error, as the openai provider reports it."""

    async def astream_pieces(self, *args: Any, **kwargs: Any) -> AsyncIterator[list[str]]:
        """Fail before the first piece."""
        raise ProviderError("The model server at http://127.0.0.1:9/v1 answered 500: overloaded")
        yield  # an async generator
