"""The `scripted` provider: emits a configured text or number of tokens (tests, benchmarks)."""

from functools import lru_cache

from langchain_core.messages import BaseMessage

from agentstream.llm.streaming import TokenStreamingChatModel
from agentstream.llm.tokens import split_tokens


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
