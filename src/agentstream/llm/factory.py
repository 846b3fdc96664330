"""Builds the configured chat model once per process; agents never know which provider it is."""

from langchain_core.language_models import BaseChatModel

from agentstream.llm.offline import OfflineChatModel
from agentstream.llm.scripted import ScriptedChatModel
from agentstream.settings import Settings


def create_chat_model(settings: Settings) -> BaseChatModel:
    """The chat model selected by `AGENTSTREAM_LLM_PROVIDER`."""
    if settings.llm_provider == "scripted":
        return ScriptedChatModel(
            text=settings.scripted_text,
            tokens=settings.scripted_tokens,
            token_delay_s=settings.scripted_token_delay_ms / 1000,
        )
    return OfflineChatModel()
