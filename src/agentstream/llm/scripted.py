"""The `scripted` provider: emits a configured text or number of tokens (tests, benchmarks)."""

from langchain_core.messages import BaseMessage

from agentstream.llm.streaming import TokenStreamingChatModel


class ScriptedChatModel(TokenStreamingChatModel):
    """Ignores the prompt and streams `text`, or `tokens` numbered words when no text is set."""

    text: str | None = None
    tokens: int = 64

    @property
    def _llm_type(self) -> str:
        return "agentstream-scripted"

    def compose(self, messages: list[BaseMessage]) -> str:
        if self.text is not None:
            return self.text
        return " ".join(f"token{i}" for i in range(self.tokens))
