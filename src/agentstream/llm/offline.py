"""The `offline` provider: a deterministic, grounded engine with no neural model.

The agents compose a grounded answer from real tool results (SQL rows, retrieved passages) and
hand it to the model with the prompt; a neural model rephrases it, this engine states it as is.
"""

from langchain_core.messages import BaseMessage, HumanMessage

from agentstream.llm.streaming import TokenStreamingChatModel

GROUNDED_ANSWER_KEY = "agentstream_grounded_answer"

_NO_GROUNDING = (
    "I can only answer from the business data and policy documents I have access to, and "
    "nothing in them answers this."
)


def grounded_answer_of(messages: list[BaseMessage]) -> str | None:
    """The grounded answer attached to the last human message, if any."""
    for message in reversed(messages):
        if isinstance(message, HumanMessage):
            value = message.additional_kwargs.get(GROUNDED_ANSWER_KEY)
            return value if isinstance(value, str) else None
    return None


class OfflineChatModel(TokenStreamingChatModel):
    """States the grounded answer it is given, token by token."""

    @property
    def _llm_type(self) -> str:
        return "agentstream-offline"

    def compose(self, messages: list[BaseMessage]) -> str:
        return grounded_answer_of(messages) or _NO_GROUNDING
